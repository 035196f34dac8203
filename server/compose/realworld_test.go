package compose

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	interp "github.com/compose-spec/compose-go/v2/interpolation"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/tree"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"

	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

// The real-world Compose corpus: files from public repositories, listed in
// testdata/compose-realworld/MANIFEST.tsv, kept outside the repository's
// history (see testdata/compose-realworld/README.md).

const composeManifest = "testdata/compose-realworld/MANIFEST.tsv"

type composeRow struct {
	Local, Repo, Commit, Path, License, SHA256 string
	Line                                       int
}

// repoRoot is the checkout's root.
func repoRoot(testing.TB) string { return testcorpus.Root() }

func readComposeManifest(t testing.TB) []composeRow {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), composeManifest))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	const header = "local_path\trepository\tcommit\toriginal_path\tlicense\tsha256"
	if len(lines) == 0 || lines[0] != header {
		t.Fatalf("%s: the first line must be %q", composeManifest, header)
	}
	var rows []composeRow
	for i, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 6 {
			t.Fatalf("%s:%d: %d fields, want 6", composeManifest, i+2, len(f))
		}
		rows = append(rows, composeRow{f[0], f[1], f[2], f[3], f[4], f[5], i + 2})
	}
	return rows
}

// The manifest is well formed and varied enough to mean something.
func TestComposeManifest(t *testing.T) {
	rows := readComposeManifest(t)
	hex64 := regexp.MustCompile(`^[0-9a-f]{64}$`)
	hex40 := regexp.MustCompile(`^[0-9a-f]{40}$`)
	repos, licenses, locals := map[string]int{}, map[string]int{}, map[string]bool{}
	for _, r := range rows {
		where := fmt.Sprintf("%s:%d", composeManifest, r.Line)
		if r.Local == "" || locals[r.Local] {
			t.Errorf("%s: local_path %q empty or repeated", where, r.Local)
		}
		locals[r.Local] = true
		if strings.Contains(r.Local, "..") || filepath.IsAbs(r.Local) {
			t.Errorf("%s: local_path %q leaves the corpus directory", where, r.Local)
		}
		if strings.Count(r.Repo, "/") != 1 {
			t.Errorf("%s: repository %q is not owner/name", where, r.Repo)
		}
		if !hex40.MatchString(r.Commit) {
			t.Errorf("%s: commit %q is not 40 hex digits", where, r.Commit)
		}
		if r.Path == "" {
			t.Errorf("%s: no original_path", where)
		}
		if r.License == "" {
			t.Errorf("%s: no licence", where)
		}
		if !hex64.MatchString(r.SHA256) {
			t.Errorf("%s: sha256 %q is not 64 hex digits", where, r.SHA256)
		}
		repos[r.Repo]++
		licenses[r.License]++
	}
	if len(rows) < 100 {
		t.Errorf("%d files, want at least 100", len(rows))
	}
	if len(repos) < 20 {
		t.Errorf("%d repositories, want at least 20", len(repos))
	}
	t.Logf("%d files from %d repositories under %d licences", len(rows), len(repos), len(licenses))
}

// composeCorpusDir is the corpus directory, "" when absent.
func composeCorpusDir(t testing.TB) string {
	if d := os.Getenv("DOCKERLAB_COMPOSE_REALWORLD"); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
		return ""
	}
	d := filepath.Join(repoRoot(t), ".tools", "compose-corpus")
	if st, err := os.Stat(d); err == nil && st.IsDir() {
		return d
	}
	return ""
}

// composeGoVerdict is what compose-go's loader says of one file.
type composeGoVerdict int

const (
	cgValid      composeGoVerdict = iota // the schema passes
	cgSchema                             // the schema rejects it
	cgUnparsable                         // YAML it does not read
	cgUnjudged                           // it stops before the schema (interpolation, …)
)

// composeGo loads one file the way `docker compose` does — YAML, the
// `!reset`/`!override` tags, interpolation (numbers and booleans cast where
// compose-go casts them), then the JSON schema — without includes, extends
// or files beside it. First with no variables set (defaults apply, unset
// ones are empty); where that stops before the schema (a required
// variable, an empty value cast to a number), again with every variable
// set to "11" and a cast that fails given a value it takes. The schema's
// verdict is told apart from the later checks (references, short syntax)
// by loading a second time without validation.
func composeGo(name string, content []byte) (composeGoVerdict, string) {
	load := func(skipValidation, fill bool) error {
		details := types.ConfigDetails{
			WorkingDir:  os.TempDir(),
			ConfigFiles: []types.ConfigFile{{Filename: name, Content: content}},
			Environment: types.Mapping{},
		}
		_, err := loader.LoadModelWithContext(context.Background(), details, func(o *loader.Options) {
			o.SetProjectName("corpus", true)
			o.SkipInclude = true
			o.SkipExtends = true
			o.SkipResolveEnvironment = true
			o.SkipResolveLabels = true
			o.SkipConsistencyCheck = true
			o.SkipNormalization = true
			o.ResolvePaths = false
			o.SkipValidation = skipValidation
			if fill && o.Interpolate != nil {
				o.Interpolate.LookupValue = func(string) (string, bool) { return "11", true }
				casts := map[tree.Path]interp.Cast{}
				for p, cast := range o.Interpolate.TypeCastMapping {
					casts[p] = func(v string) (any, error) {
						x, err := cast(v)
						if err == nil {
							return x, nil
						}
						for _, alt := range []string{"1", "true", "0.5", "0022"} {
							if x, e := cast(alt); e == nil {
								return x, nil
							}
						}
						return nil, err
					}
				}
				o.Interpolate.TypeCastMapping = casts
			}
		})
		return err
	}
	var msg string
	for _, fill := range []bool{false, true} {
		err := load(false, fill)
		if err == nil {
			return cgValid, ""
		}
		msg = err.Error()
		if strings.Contains(msg, "validating "+name+":") {
			return cgSchema, msg
		}
		if strings.Contains(msg, "failed to parse") {
			return cgUnparsable, msg
		}
		if load(true, fill) == nil {
			return cgValid, "" // a later check failed, after the schema passed
		}
	}
	return cgUnjudged, msg
}

// lineOf is the 1-based line of a byte offset.
func lineOf(text string, off int) int {
	if off > len(text) {
		off = len(text)
	}
	return strings.Count(text[:off], "\n") + 1
}

// requireComposeCorpus is the corpus folder; without it the test skips
// (fails with DOCKERLAB_COMPOSE_REALWORLD_REQUIRED=1).
func requireComposeCorpus(t *testing.T) string {
	t.Helper()
	dir := composeCorpusDir(t)
	if dir == "" {
		msg := "no Compose corpus: set DOCKERLAB_COMPOSE_REALWORLD or restore .tools/compose-corpus (testdata/compose-realworld/README.md)"
		if os.Getenv("DOCKERLAB_COMPOSE_REALWORLD_REQUIRED") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// Every real-world Compose file checks without a panic, with spans inside
// the text, and dockerlab reports no schema error that compose-go's own
// loader does not.
func TestComposeRealWorld(t *testing.T) {
	rows := readComposeManifest(t)
	dir := requireComposeCorpus(t)
	logrus.SetOutput(io.Discard) // compose-go warns of every unset variable
	defer logrus.SetOutput(os.Stderr)

	repos := map[string]bool{}
	var files, withProblems, agree, misses, unjudged int
	var falseErrors []string
	for _, r := range rows {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(r.Local)))
		if err != nil {
			t.Errorf("%s: %v", r.Local, err)
			continue
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != r.SHA256 {
			t.Errorf("%s: SHA-256 %x, the manifest says %s", r.Local, sum, r.SHA256)
			continue
		}
		files++
		repos[r.Repo] = true
		text := string(b)

		var res Result
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s: Check panicked: %v", r.Local, p)
				}
			}()
			res = Check(text)
		}()
		var schemaProbs, syntaxProbs []Problem
		for _, p := range res.Problems {
			if p.Span.Start < 0 || p.Span.End < p.Span.Start || p.Span.End > len(text) {
				t.Errorf("%s: %s problem span %v outside the text (%d bytes)", r.Local, p.Code, p.Span, len(text))
			}
			if p.Code == "YAMLSyntax" {
				syntaxProbs = append(syntaxProbs, p)
			} else {
				schemaProbs = append(schemaProbs, p)
			}
		}
		if len(res.Problems) > 0 {
			withProblems++
			p := res.Problems[0]
			t.Logf("%s:%d: dockerlab: %d problems, the first %s: %s", r.Local, lineOf(text, p.Span.Start), len(res.Problems), p.Code, p.Message)
		}

		verdict, why := composeGo(r.Local, b)
		switch {
		case verdict == cgUnjudged:
			unjudged++
			t.Logf("compose-go stops before its schema on %s (%s); dockerlab: %d problems", r.Local, why, len(res.Problems))
		case verdict == cgUnparsable:
			if len(syntaxProbs)+len(schemaProbs) > 0 {
				agree++
			} else {
				misses++
				t.Logf("miss: compose-go cannot parse %s but dockerlab reports nothing: %s", r.Local, why)
			}
		case len(schemaProbs) > 0 && verdict == cgValid:
			for _, p := range schemaProbs {
				falseErrors = append(falseErrors, fmt.Sprintf("%s:%d: %s: %s (%s)", r.Local, lineOf(text, p.Span.Start), p.Code, p.Message, p.Detail))
			}
		case len(syntaxProbs) > 0 && verdict == cgValid:
			falseErrors = append(falseErrors, fmt.Sprintf("%s:%d: YAMLSyntax: %s (compose-go parses it)", r.Local, lineOf(text, syntaxProbs[0].Span.Start), syntaxProbs[0].Message))
		case verdict == cgSchema && len(res.Problems) == 0:
			misses++
			t.Logf("miss: compose-go rejects %s but dockerlab reports nothing: %s", r.Local, why)
		default:
			agree++
			if len(res.Problems) > 0 {
				t.Logf("agreement: compose-go rejects %s too: %s", r.Local, why)
			}
		}
	}
	sort.Strings(falseErrors)
	t.Logf("summary: %d files, %d repositories, %d with problems, %d agreements, %d misses, %d false errors (%d not judged by compose-go)",
		files, len(repos), withProblems, agree, misses, len(falseErrors), unjudged)
	if len(falseErrors) > 0 {
		t.Errorf("%d false errors (dockerlab reports a problem compose-go's schema accepts; see testdata/compose-realworld/FALSE_ERRORS.md):\n%s",
			len(falseErrors), strings.Join(falseErrors, "\n"))
	}
}

// Names used but not defined (UndefinedService, UndefinedVolume, …) on the
// real-world corpus are judged by compose-go's own reading of the file:
// loaded as a project (interpolated, anchors and merge keys applied, no
// consistency check), the name must be absent from the project's
// services, volumes, networks, secrets or configs. compose-go's consistency
// check, which refuses the file at the first such name, is logged too.
func TestComposeRealWorldUndefinedNames(t *testing.T) {
	rows := readComposeManifest(t)
	dir := requireComposeCorpus(t)
	logrus.SetOutput(io.Discard)
	defer logrus.SetOutput(os.Stderr)
	load := func(name string, b []byte, consistency bool) (*types.Project, error) {
		details := types.ConfigDetails{WorkingDir: os.TempDir(), ConfigFiles: []types.ConfigFile{{Filename: name, Content: b}},
			Environment: types.Mapping{}}
		return loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
			o.SetProjectName("corpus", true)
			o.SkipInclude, o.SkipExtends, o.SkipResolveEnvironment, o.ResolvePaths = true, true, true, false
			o.SkipValidation, o.SkipConsistencyCheck = true, !consistency
		})
	}
	var reported, confirmed, unjudged int
	var falseErrors []string
	for _, r := range rows {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(r.Local)))
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		res := CheckFile(Parse(text), Options{Override: IsOverrideName(filepath.Base(r.Path))})
		var undefined []Problem
		for _, p := range res.Problems {
			if strings.HasPrefix(p.Code, "Undefined") {
				undefined = append(undefined, p)
			}
		}
		if len(undefined) == 0 {
			continue
		}
		reported += len(undefined)
		project, err := load(r.Local, b, false)
		if err != nil {
			unjudged += len(undefined)
			t.Logf("%s: compose-go cannot load it as a project (%v); %d findings not judged", r.Local, err, len(undefined))
			continue
		}
		_, refusal := load(r.Local, b, true)
		for _, p := range undefined {
			name := text[p.Span.Start:p.Span.End]
			var defined bool
			switch p.Code {
			case "UndefinedService":
				_, defined = project.Services[name]
				if !defined {
					_, defined = project.DisabledServices[name]
				}
			case "UndefinedVolume":
				_, defined = project.Volumes[name]
			case "UndefinedNetwork":
				_, defined = project.Networks[name]
			case "UndefinedSecret":
				_, defined = project.Secrets[name]
			case "UndefinedConfig":
				_, defined = project.Configs[name]
			}
			if defined {
				falseErrors = append(falseErrors, fmt.Sprintf("%s:%d: %s `%s`: compose-go's project defines it", r.Local, lineOf(text, p.Span.Start), p.Code, name))
				continue
			}
			confirmed++
			t.Logf("%s:%d: %s `%s`; compose-go refuses the file: %v", r.Local, lineOf(text, p.Span.Start), p.Code, name, refusal)
		}
	}
	t.Logf("undefined names: %d reported, %d confirmed absent by compose-go, %d not judged", reported, confirmed, unjudged)
	if len(falseErrors) > 0 {
		t.Errorf("%d undefined-name findings that compose-go defines:\n%s", len(falseErrors), strings.Join(falseErrors, "\n"))
	}
}

package check

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/tabletest"
	"github.com/dockerlab/dockerlab/server/internal/testfs"
	"github.com/dockerlab/dockerlab/server/lint"
)

// run checks paths inside dir with opts.
func run(t testing.TB, dir string, opts Options, paths ...string) Report {
	t.Helper()
	t.Chdir(dir)
	return Run(context.Background(), paths, opts)
}

func TestText(t *testing.T) {
	r := run(t, testfs.Tree(t, map[string]string{"Dockerfile": warning}), Options{}, "Dockerfile")
	var out bytes.Buffer
	if err := WriteText(&out, r); err != nil {
		t.Fatal(err)
	}
	want := "Dockerfile:2:5 ApkNoCache (경고) `apk add`가 패키지 목록을 이미지에 남깁니다. `apk add --no-cache`로 쓰십시오.\n" +
		"파일 1개를 검사해 오류 0개, 경고 1개, 정보 0개, 힌트 0개를 찾았습니다.\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", &out, want)
	}
	out.Reset()
	r = run(t, testfs.Tree(t, map[string]string{"Dockerfile": clean}), Options{}, "Dockerfile")
	if err := WriteText(&out, r); err != nil || out.String() != "파일 1개를 검사했고 문제를 찾지 못했습니다.\n" {
		t.Errorf("clean file: %q, %v", &out, err)
	}
}

func TestJSON(t *testing.T) {
	r := run(t, testfs.Tree(t, map[string]string{"Dockerfile": "FROM alpine:3.20\nRUN apt-get install curl\n"}), Options{}, "Dockerfile")
	var out bytes.Buffer
	if err := WriteJSON(&out, r); err != nil {
		t.Fatal(err)
	}
	var got []Finding
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, &out)
	}
	if len(got) != 2 {
		t.Fatalf("findings %+v", got)
	}
	f := got[0]
	if f.File != "Dockerfile" || f.Line != 2 || f.Column != 5 || f.EndLine != 2 || f.EndColumn != 20 ||
		f.Severity != "warning" || f.Code != "AptGetInstallYes" || !strings.Contains(f.Message, "-y") ||
		f.Href == "" || len(f.Fixes) == 0 || f.Fixes[0] != "`-y` 붙이기" {
		t.Errorf("finding = %+v", f)
	}
	if strings.Contains(out.String(), "Level") {
		t.Errorf("the JSON carries the internal Level:\n%s", &out)
	}
	// Nothing found is an empty array, not null.
	out.Reset()
	r = run(t, testfs.Tree(t, map[string]string{"Dockerfile": clean}), Options{}, "Dockerfile")
	if err := WriteJSON(&out, r); err != nil || strings.TrimSpace(out.String()) != "[]" {
		t.Errorf("clean JSON = %q, %v", &out, err)
	}
}

func TestSARIF(t *testing.T) {
	dir := testfs.Tree(t, map[string]string{
		"app/Dockerfile": "FROM alpine:3.20\nRUN apk add git\nRUN apk add curl\n",
		"한글/Dockerfile":  broken,
	})
	var out bytes.Buffer
	if err := WriteSARIF(&out, run(t, dir, Options{}, "."), "1.2.3"); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			ColumnKind string `json:"columnKind"`
			Tool       struct {
				Driver struct {
					Name    string `json:"name"`
					Version string `json:"version"`
					Rules   []struct {
						ID               string `json:"id"`
						HelpURI          string `json:"helpUri"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
						Default struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine, StartColumn, EndLine, EndColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, &out)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("log %+v", log)
	}
	sarif := log.Runs[0]
	if sarif.Tool.Driver.Name != "dockerlab" || sarif.Tool.Driver.Version != "1.2.3" || sarif.ColumnKind != "utf16CodeUnits" {
		t.Errorf("driver %+v, columnKind %q", sarif.Tool.Driver, sarif.ColumnKind)
	}
	var ids []string
	rules := map[string]int{}
	for i, r := range sarif.Tool.Driver.Rules {
		ids = append(ids, r.ID)
		rules[r.ID] = i
		if r.HelpURI == "" || r.ShortDescription.Text == "" || r.Default.Level == "" {
			t.Errorf("rule %+v lacks helpUri, description or level", r)
		}
	}
	if want := []string{"ApkNoCache", "ConsecutiveRuns", "ExposePortRange"}; !slices.Equal(ids, want) {
		t.Errorf("rules = %v, want %v (sorted, each once)", ids, want)
	}
	levels := map[string]string{}
	for _, r := range sarif.Results {
		if i, ok := rules[r.RuleID]; !ok || i != r.RuleIndex {
			t.Errorf("result %s has rule index %d", r.RuleID, r.RuleIndex)
		}
		levels[r.RuleID] = r.Level
		loc := r.Locations[0].PhysicalLocation
		if r.RuleID == "ExposePortRange" {
			if loc.ArtifactLocation.URI != "%ED%95%9C%EA%B8%80/Dockerfile" || loc.Region.StartLine != 2 || loc.Region.StartColumn != 8 || loc.Region.EndColumn != 13 {
				t.Errorf("ExposePortRange location = %+v", loc)
			}
		}
	}
	if levels["ApkNoCache"] != "warning" || levels["ConsecutiveRuns"] != "note" || levels["ExposePortRange"] != "error" {
		t.Errorf("levels = %v", levels)
	}
}

func TestArtifactURI(t *testing.T) {
	tabletest.Func(t, "artifactURI", artifactURI, map[string]string{
		"a/b/Dockerfile":      "a/b/Dockerfile",
		"./a/../Dockerfile":   "Dockerfile",
		"한글/Dockerfile":       "%ED%95%9C%EA%B8%80/Dockerfile",
		"/srv/app/Dockerfile": "file:///srv/app/Dockerfile",
		"a b/Dockerfile":      "a%20b/Dockerfile",
	})
}

// A folder means every Dockerfile, *.Dockerfile and Dockerfile.* under it,
// without .git, node_modules and Dockerfile.dockerignore; a file named
// twice is checked once.
func TestDiscover(t *testing.T) {
	t.Chdir(testfs.Tree(t, map[string]string{
		"Dockerfile":                      clean,
		"svc/api.Dockerfile":              clean,
		"svc/Dockerfile.dev":              clean,
		"svc/Dockerfile.dockerignore":     "node_modules\n",
		"svc/notes.txt":                   "FROM nothing",
		".git/Dockerfile":                 warning,
		"node_modules/pkg/Dockerfile":     warning,
		"web/node_modules/pkg/Dockerfile": warning,
		"named.txt":                       clean,
	}))
	files, err := Discover([]string{".", "named.txt", "Dockerfile"})
	want := []string{"Dockerfile", "svc/Dockerfile.dev", "svc/api.Dockerfile", "named.txt"}
	if err != nil || !slices.Equal(files, want) {
		t.Errorf("Discover = %q, %v; want %q", files, err, want)
	}
}

func TestDiscoverErrors(t *testing.T) {
	t.Chdir(testfs.Tree(t, map[string]string{"Dockerfile": clean, "empty/notes.txt": ""}))
	files, err := Discover([]string{"missing.Dockerfile", "Dockerfile"})
	var pe *PathError
	if !slices.Equal(files, []string{"Dockerfile"}) || !errors.As(err, &pe) || pe.Path != "missing.Dockerfile" ||
		err.Error() != "missing.Dockerfile: 파일이나 디렉터리를 찾을 수 없습니다." {
		t.Errorf("Discover = %q, %v", files, err)
	}
	if files, err := Discover([]string{"empty"}); files != nil || !errors.Is(err, ErrNothingFound) {
		t.Errorf("empty folder: %q, %v", files, err)
	}
	r := Run(context.Background(), []string{"missing.Dockerfile", "empty"}, Options{})
	if len(r.Files) != 0 || len(r.Errors) != 1 || r.ExitCode(0) != 2 {
		t.Errorf("Run on nothing = %+v", r)
	}
}

func TestExitCode(t *testing.T) {
	r := Report{Files: []string{"Dockerfile"}, Findings: []Finding{{Level: lint.Warning}}}
	for threshold, want := range map[lint.Severity]int{0: 0, lint.Error: 0, lint.Warning: 1, lint.Information: 1, lint.Hint: 1} {
		if got := r.ExitCode(threshold); got != want {
			t.Errorf("threshold %v: exit %d, want %d", threshold, got, want)
		}
	}
	r.Errors = []error{&PathError{Path: "x", Message: "m"}}
	if got := r.ExitCode(0); got != 2 {
		t.Errorf("with an unreadable file: exit %d, want 2", got)
	}
	if got := (Report{}).ExitCode(0); got != 2 {
		t.Errorf("with no files: exit %d, want 2", got)
	}
}

func TestThresholdAndWriter(t *testing.T) {
	for name, want := range map[string]lint.Severity{"error": lint.Error, "WARNING": lint.Warning, "info": lint.Information, "hint": lint.Hint, "none": 0} {
		if got, ok := Threshold(name); !ok || got != want {
			t.Errorf("Threshold(%q) = %v, %v", name, got, ok)
		}
	}
	if _, ok := Threshold("severe"); ok {
		t.Error("Threshold(severe) is known")
	}
	for _, f := range Formats {
		if Writer(f, "") == nil {
			t.Errorf("no writer for %s", f)
		}
	}
	if Writer("xml", "") != nil {
		t.Error("a writer for xml")
	}
}

// The build context decides CopySourceMissing: by default the Dockerfile's
// folder, or Options.ContextDir.
func TestContext(t *testing.T) {
	dir := testfs.Tree(t, map[string]string{
		"docker/Dockerfile": "FROM node:lts-alpine\nCOPY package.json ./\n",
		"package.json":      "{}",
	})
	codes := func(r Report) (out []string) {
		for _, f := range r.Findings {
			out = append(out, f.Code)
		}
		return out
	}
	if got := codes(run(t, dir, Options{}, "docker/Dockerfile")); !slices.Contains(got, "CopySourceMissing") {
		t.Errorf("Dockerfile's folder as context: %v", got)
	}
	if got := codes(run(t, dir, Options{ContextDir: "."}, "docker/Dockerfile")); len(got) != 0 {
		t.Errorf("ContextDir .: %v", got)
	}
}

func TestSkip(t *testing.T) {
	r := run(t, testfs.Tree(t, map[string]string{"Dockerfile": warning + "RUN apt-get install curl\n"}), Options{Skip: []string{"ApkNoCache", "AptGetInstallYes"}}, "Dockerfile")
	for _, f := range r.Findings {
		if f.Code == "ApkNoCache" || f.Code == "AptGetInstallYes" {
			t.Errorf("skipped rule reported: %+v", f)
		}
	}
	if len(r.Findings) == 0 {
		t.Error("every rule was skipped")
	}
}

// The workspace's .vscode/settings.json (JSON with comments and trailing
// commas) turns rules off as the editor's dockerlab.lint.skip does.
func TestSkipRules(t *testing.T) {
	t.Chdir(testfs.Tree(t, map[string]string{
		".vscode/settings.json": `{
  // the lab's settings, "with // in a string"
  "editor.tabSize": 2, /* block */
  "url": "http://example.com/*not a comment*/",
  "dockerlab.lint.skip": ["ApkNoCache",],
}`,
		"bad.json":    `{"dockerlab.lint.skip": "ApkNoCache"}`,
		"broken.json": `{`,
	}))
	got, err := SkipRules(" JSONArgsRecommended ,,StageNameCasing", SettingsFile)
	if want := []string{"JSONArgsRecommended", "StageNameCasing", "ApkNoCache"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("SkipRules = %q, %v; want %q", got, err, want)
	}
	for _, missing := range []string{"none.json", ""} {
		if got, err := SkipRules("", missing); err != nil || len(got) != 0 {
			t.Errorf("SkipRules(%q) = %q, %v; want nothing", missing, got, err)
		}
	}
	for _, bad := range []string{"bad.json", "broken.json"} {
		if _, err := SkipRules("", bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("SkipRules(%q): error %v, want one naming the file", bad, err)
		}
	}
}

func TestStripJSONC(t *testing.T) {
	tabletest.Func(t, "stripJSONC", func(in string) string { return string(stripJSONC([]byte(in))) }, map[string]string{
		`{"a": 1, // c` + "\n" + `}`:     `{"a": 1 ` + "\n" + `}`,
		`{"a": "x // y", "b": [1,2,],}`:  `{"a": "x // y", "b": [1,2]}`,
		`{"a": "q\"/*", /* c */ "b": 2}`: `{"a": "q\"/*",  "b": 2}`,
		`["unterminated`:                 `["unterminated`,
		`{"a": 1 /* unterminated`:        `{"a": 1 `,
	})
}

// BenchmarkRun checks the benchmark corpus (17 Dockerfiles of every common
// shape, three of them broken) and writes it as JSON.
func BenchmarkRun(b *testing.B) {
	corpus, err := filepath.Abs("../../testdata/corpus")
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(corpus, "*.Dockerfile"))
	if len(files) == 0 {
		b.Fatal("no corpus")
	}
	b.ReportAllocs()
	for b.Loop() {
		r := Run(context.Background(), []string{corpus}, Options{})
		if len(r.Files) != len(files) || len(r.Errors) != 0 {
			b.Fatalf("checked %d files, errors %v", len(r.Files), r.Errors)
		}
		if err := WriteJSON(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files))/1e6, "ms/file")
}

package completion

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"golang.org/x/tools/txtar"
)

// at completes text at its `|`.
func at(t *testing.T, text string, opts Options) *List {
	t.Helper()
	i := strings.Index(text, "|")
	if i < 0 {
		t.Fatalf("no cursor in %q", text)
	}
	return Complete(dockerfile.Parse(text[:i]+text[i+1:]), i, opts)
}

func labels(l *List) []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l.Items))
	for i, it := range l.Items {
		out[i] = it.Label
	}
	return out
}

// parseOne parses one instruction with BuildKit, as a build would.
func parseOne(t *testing.T, line string) (any, error) {
	t.Helper()
	res, err := parser.Parse(strings.NewReader(line + "\n"))
	if err != nil {
		t.Fatalf("parse %q: %v", line, err)
	}
	return instructions.ParseInstruction(res.AST.Children[0])
}

// The flag table, the Korean reference and BuildKit's parser agree: every
// instruction's flags are documented and accepted, and none is missing.
func TestFlagsMatchDocsAndBuildKit(t *testing.T) {
	for _, name := range dockerfile.Known {
		var ours []string
		for _, f := range flagOrder[name] {
			ours = append(ours, f.name)
		}
		documented := docs.Flags(name)
		slices.Sort(ours)
		slices.Sort(documented)
		if !slices.Equal(ours, documented) {
			t.Errorf("%s: flags %v, documented %v", name, ours, documented)
		}
		args := map[string]string{"FROM": "alpine", "RUN": "true", "CMD": "true", "LABEL": "a=b", "MAINTAINER": "me",
			"EXPOSE": "80", "ENV": "A=b", "ADD": "a b", "COPY": "a b", "ENTRYPOINT": "true", "VOLUME": "/v", "USER": "u",
			"WORKDIR": "/w", "ARG": "A", "ONBUILD": "RUN true", "STOPSIGNAL": "SIGTERM", "HEALTHCHECK": "CMD true",
			"SHELL": `["sh", "-c"]`}[name]
		for _, f := range flagOrder[name] {
			flag := "--" + f.name
			if f.value {
				flag += "=" + map[string]string{"network": "none", "security": "sandbox", "mount": "type=cache,target=/c",
					"interval": "30s", "timeout": "30s", "start-period": "0s", "start-interval": "5s", "retries": "3",
					"chmod": "755", "chown": "1:1", "from": "x", "platform": "linux/amd64", "checksum": "sha256:0",
					"device": "vendor.com/gpu=all", "exclude": "*.md"}[f.name]
			}
			if _, err := parseOne(t, name+" "+flag+" "+args); err != nil && strings.Contains(err.Error(), "unknown flag") {
				t.Errorf("BuildKit does not accept %s %s: %v", name, flag, err)
			}
		}
		if name == "ARG" || name == "STOPSIGNAL" {
			continue // BuildKit never parses their flags: any flag is silently ignored
		}
		if _, err := parseOne(t, name+" --nosuchflag "+args); err == nil || !strings.Contains(err.Error(), "unknown flag") {
			t.Errorf("%s --nosuchflag: err = %v, want unknown flag (the check above would prove nothing)", name, err)
		}
	}
}

// Every mount option key is documented for its type, BuildKit accepts it
// there, and every documented key is proposed.
func TestMountKeysMatchDocsAndBuildKit(t *testing.T) {
	vals := map[string]string{"target": "/t", "dst": "/t", "destination": "/t", "source": "/s", "src": "/s",
		"from": "base", "ro": "true", "rw": "true", "readonly": "true", "readwrite": "true", "id": "x",
		"sharing": "locked", "mode": "0755", "uid": "0", "gid": "0", "required": "true", "size": "64m", "env": "TOKEN"}
	for _, typ := range mountTypes {
		if docs.Mount(typ) == "" {
			t.Errorf("type=%s is not documented", typ)
		}
		for _, key := range mountKeys[typ] {
			if docs.MountOption(typ, key) == "" {
				t.Errorf("type=%s,%s is not documented", typ, key)
			}
			opts := "type=" + typ + "," + key + "=" + vals[key]
			if typ == "secret" && key != "id" && key != "source" && key != "src" {
				opts += ",id=s"
			}
			cmd, err := parseOne(t, "RUN --mount="+opts+" true")
			if err == nil {
				err = cmd.(*instructions.RunCommand).Expand(func(w string) (string, error) { return w, nil })
			}
			if err != nil {
				t.Errorf("BuildKit refuses --mount=%s: %v", opts, err)
			}
		}
		entries, err := os.ReadDir("../../docs/mounts/" + typ)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if key := strings.TrimSuffix(e.Name(), ".md"); !slices.Contains(mountKeys[typ], key) {
				t.Errorf("type=%s: documented key %s is never proposed", typ, key)
			}
		}
	}
}

// Every reference key an item carries resolves to a Korean page, and every
// item has a Korean detail.
func TestEveryItemIsDocumented(t *testing.T) {
	texts := []string{
		"|", "FROM alpine\n|", "FROM alpine\nONBUILD |", "FROM --|", "FROM alpine\nRUN --|", "FROM alpine\nCOPY --|",
		"FROM alpine\nADD --|", "FROM alpine\nHEALTHCHECK |", "FROM alpine\nRUN --network=|", "FROM alpine\nRUN --security=|",
		"FROM --platform=|", "FROM alpine\nCOPY --chmod=|", "FROM alpine\nCOPY --chown=|", "FROM alpine\nADD --link=|",
		"FROM alpine\nHEALTHCHECK --interval=|", "FROM alpine\nHEALTHCHECK --timeout=|", "FROM alpine\nHEALTHCHECK --retries=|",
		"FROM alpine\nHEALTHCHECK --start-period=|", "FROM alpine\nHEALTHCHECK --start-interval=|",
		"FROM alpine\nRUN --mount=type=|", "FROM alpine\nRUN --mount=type=cache,sharing=|", "FROM alpine\nRUN --mount=type=cache,target=|",
		"FROM alpine\nRUN --mount=type=cache,mode=|", "FROM alpine\nRUN --mount=type=secret,mode=|", "FROM alpine\nRUN --mount=type=ssh,mode=|",
		"FROM alpine\nRUN --mount=type=cache,uid=|", "FROM alpine\nRUN --mount=type=cache,gid=|", "FROM alpine\nRUN --mount=type=tmpfs,size=|",
		"FROM alpine\nRUN --mount=type=secret,required=|",
		"# |", "# syntax=|", "# escape=|", "# check=|", "# check=skip=|", "# check=error=|", "# check=experimental=|",
		"FROM alpine\nEXPOSE |", "FROM alpine\nEXPOSE 80/|", "FROM alpine\nSTOPSIGNAL |", "FROM alpine\nSHELL |",
		"ARG |", "FROM alpine\nARG |", "FROM $|", "FROM alpine\nRUN echo $|",
	}
	for _, mt := range mountTypes {
		texts = append(texts, "FROM alpine\nRUN --mount=type="+mt+",|")
	}
	for _, text := range texts {
		l := at(t, text, Options{Invoked: true})
		if l == nil || len(l.Items) == 0 {
			t.Errorf("%q: no items", text)
			continue
		}
		for _, it := range l.Items {
			if it.Detail == "" {
				t.Errorf("%q: %s has no detail", text, it.Label)
			}
			if it.Markdown == "" && Documentation(it.Doc) == "" {
				t.Errorf("%q: %s has no documentation (key %q)", text, it.Label, it.Doc)
			}
		}
	}
}

func TestSnippetsOnlyWhenSupported(t *testing.T) {
	plain := at(t, "|", Options{})
	if plain.Items[0].Snippet || plain.Items[0].Text != "FROM " || !plain.Items[0].Retrigger {
		t.Errorf("without snippets: %+v", plain.Items[0])
	}
	snip := at(t, "|", Options{Snippets: true})
	if !snip.Items[0].Snippet || snip.Items[0].Text != "FROM ${1:image}:${2:tag}" {
		t.Errorf("with snippets: %+v", snip.Items[0])
	}
	for _, text := range []string{"FROM alpine\n|", "FROM alpine\nONBUILD |"} {
		for _, it := range at(t, text, Options{Snippets: true}).Items {
			spec := slices.IndexFunc(instructionOrder, func(s instructionSpec) bool { return s.name == it.Label })
			if it.Snippet != (instructionOrder[spec].snippet != "") {
				t.Errorf("%q: %s snippet=%v", text, it.Label, it.Snippet)
			}
		}
	}
}

func TestTriggerCharacters(t *testing.T) {
	for _, tc := range []struct {
		text  string
		first string // "" = no list
	}{
		{"FROM alpine\nCOPY |", ""},                 // a path follows: no list on space
		{"FROM alpine\n  |", ""},                    // indentation
		{"FROM alpine\nRUN apt-get install -|", ""}, // a command's option
		{"FROM alpine\nRUN echo ${HOME} # $|", "HTTP_PROXY"},
		{"FROM alpine\nCOPY -|", "--from"},
		{"FROM alpine\nONBUILD |", "RUN"},
		{"FROM alpine\nEXPOSE |", "3000"},
		{"FROM alpine\nRUN --mount=type=cache,|", "target"},
		{"FROM |", "scratch"},
		{"FROM alpine\nRUN <<EOF\napt-get install -|\nEOF", ""}, // heredoc body
		{"FROM alpine\nRUN <<EOF\necho $|\nEOF", "HTTP_PROXY"},
		{"FROM alpine\n# a comment |", ""},
		{"# this is a comment |\nFROM alpine", ""},
	} {
		l := at(t, tc.text, Options{})
		if got := labels(l); (tc.first == "" && got != nil) || (tc.first != "" && (len(got) == 0 || got[0] != tc.first)) {
			t.Errorf("%q: %v, want first %q", tc.text, got, tc.first)
		}
	}
}

// fakeImages is an image list that may not be ready yet.
type fakeImages struct {
	imgs  []docker.Image
	ready bool
	calls int
}

func (f *fakeImages) List() ([]docker.Image, bool) { f.calls++; return f.imgs, f.ready }

func TestImagesAfterFrom(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	imgs := &fakeImages{ready: true, imgs: []docker.Image{
		{ID: "sha256:aaaaaaaaaaaaaaaa", Tags: []string{"dockerlab-test/new:1", "dockerlab-test/new:latest"}, Size: 7_800_000, Created: now.Add(-90 * time.Minute)},
		{ID: "sha256:bbbbbbbbbbbbbbbb", Tags: []string{"node:lts-alpine"}, Size: 160_000_000, Created: now.Add(-72 * time.Hour)},
	}}
	l := at(t, "FROM alpine AS build\nFROM |", Options{Images: imgs, Now: now})
	want := []string{"build", "dockerlab-test/new:1", "dockerlab-test/new:latest", "node:lts-alpine", "scratch"}
	if got := labels(l); !slices.Equal(got, want) || l.Incomplete {
		t.Fatalf("labels %v incomplete %v, want %v", got, l.Incomplete, want)
	}
	if d := l.Items[1].Detail; d != "로컬 이미지 · 7.8MB · 1시간 전" {
		t.Errorf("detail %q", d)
	}
	if d := l.Items[3].Detail; d != "로컬 이미지 · 160MB · 3일 전" {
		t.Errorf("detail %q", d)
	}
	// Not listed yet: what there is, marked incomplete so the editor asks again.
	l = at(t, "FROM node:|", Options{Images: &fakeImages{}, Now: now})
	if got := labels(l); !slices.Equal(got, []string{"scratch"}) || !l.Incomplete || l.Span != (dockerfile.Span{Start: 5, End: 10}) {
		t.Errorf("pending: %v incomplete=%v span=%v", got, l.Incomplete, l.Span)
	}
	// Elsewhere the image list is not even asked for.
	pending := &fakeImages{}
	if l := at(t, "FROM alpine\nRUN --network=|", Options{Images: pending}); l.Incomplete || pending.calls != 0 {
		t.Errorf("image list asked outside FROM: incomplete=%v calls=%d", l.Incomplete, pending.calls)
	}
}

func TestEditRanges(t *testing.T) {
	for _, tc := range []struct {
		text, want string // want: the replaced text
		newText    string // the first item's text
	}{
		{"FROM alpine\nCOPY --|", "--", "--from="},
		{"FROM alpine\nCOPY --fr|om=build a b", "--from", "--from"},
		{"FROM alpine\nCOPY -|", "-", "--from="},
		{"FROM alpine\nRU|N echo", "RUN", "RUN"},
		{"FROM alpine\nRUN --mount=type=ca|che,target=/c true", "cache", "cache"},
		{"FROM alpine\nRUN --mount=type=cache,tar|get=/c true", "target", "target"},
		{"FROM alpine\nENV A=1\nRUN echo ${|A}", "A", "A"},
		{"FROM alpine\nENV A=1\nRUN echo $|A", "A", "A"},
		{"#|", "", " syntax="},
		{"# check=skip=Stage|NameCasing", "StageNameCasing", "StageNameCasing"},
	} {
		i := strings.Index(tc.text, "|")
		text := tc.text[:i] + tc.text[i+1:]
		l := Complete(dockerfile.Parse(text), i, Options{})
		if l == nil {
			t.Errorf("%q: nothing", tc.text)
			continue
		}
		if got := text[l.Span.Start:l.Span.End]; got != tc.want || l.Items[0].Text != tc.newText {
			t.Errorf("%q: replaces %q with %q, want %q with %q", tc.text, got, l.Items[0].Text, tc.want, tc.newText)
		}
	}
}

func TestVariableScope(t *testing.T) {
	text := `ARG GLOBAL=1
ARG UNUSED=2
FROM alpine AS base
ENV BASE_ENV=x
ARG BASE_ARG=y
FROM base AS build
ARG GLOBAL
ARG TARGETARCH
ENV MINE=z
RUN echo $|
FROM alpine
RUN echo $`
	l := at(t, text, Options{})
	got := labels(l)
	want := []string{"MINE", "TARGETARCH", "GLOBAL", "BASE_ENV", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"}
	if !slices.Equal(got, want) {
		t.Errorf("scope %v, want %v", got, want)
	}
}

func TestFormatAge(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{
		10 * time.Second: "방금 전", 5 * time.Minute: "5분 전", 3 * time.Hour: "3시간 전", 50 * time.Hour: "2일 전",
		20 * 24 * time.Hour: "2주 전", 90 * 24 * time.Hour: "3개월 전", 800 * 24 * time.Hour: "2년 전",
	} {
		if got := formatAge(now, now.Add(-d)); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
}

// FuzzComplete checks that completion never panics and always replaces a
// range on the cursor's line that holds the cursor.
func FuzzComplete(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/lsp/*.txtar")
	for _, s := range seeds {
		ar, err := txtar.ParseFile(s)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if file.Name == "Dockerfile" {
				f.Add(string(file.Data), len(file.Data)/2)
			}
		}
	}
	for _, s := range []string{"FROM alpine\r\nCOPY --", "\ufeff# syntax=", "# escape=`\nFROM a\nRUN `\n --", "FROM a\nRUN <<EOF\n$\nEOF"} {
		f.Add(s, len(s))
	}
	f.Fuzz(func(t *testing.T, text string, offset int) {
		if offset < 0 || offset > len(text) {
			return
		}
		m := dockerfile.Parse(text)
		l := Complete(m, offset, Options{Invoked: true, Snippets: true})
		if l == nil {
			return
		}
		line := m.Mapper.Position(offset).Line
		if l.Span.Start > l.Span.End || m.Mapper.Position(l.Span.Start).Line != line || m.Mapper.Position(l.Span.End).Line != line {
			t.Fatalf("span %v not on line %d of the cursor %d", l.Span, line, offset)
		}
		if l.Span.Start > offset || (l.Span.End < offset && l.Span.End != m.Mapper.LineEnd(line)) {
			t.Fatalf("span %v does not hold the cursor %d", l.Span, offset)
		}
	})
}

// `# check=skip=` offers the rules that can be turned off, BuildKit's and
// dockerlab's own (from lint's catalogue), and never an error a build stops
// at or dockerlab's notice; `experimental=` offers only BuildKit's
// experimental rules.
func TestCheckDirectiveRuleNames(t *testing.T) {
	skip := labels(at(t, "# check=skip=|", Options{Invoked: true}))
	for _, want := range []string{"StageNameCasing", "JSONArgsRecommended", "ExposeInvalidFormat", "PinBaseImageTag", "NpmCiInsteadOfInstall", "CopySourceMissing", "all"} {
		if !slices.Contains(skip, want) {
			t.Errorf("skip= offers %q, without %s", skip, want)
		}
	}
	for _, never := range []string{"ParseError", "UnknownFlag", "BuildCheckError", "ChecksSkipped"} {
		if slices.Contains(skip, never) {
			t.Errorf("skip= offers %s, which cannot be skipped", never)
		}
	}
	if len(skip) != 22+16+1 {
		t.Errorf("skip= offers %d names, want BuildKit's 22 rules, dockerlab's 16 and all", len(skip))
	}
	if got := labels(at(t, "# check=experimental=|", Options{Invoked: true})); !slices.Equal(got, []string{"InvalidDefinitionDescription", "all"}) {
		t.Errorf("experimental= offers %q", got)
	}
}

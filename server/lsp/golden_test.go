package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/document"
	"go.lsp.dev/protocol"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden sections of testdata/lsp/*.txtar")

// Golden LSP tests. Each archive in testdata/lsp holds a Dockerfile (or a
// compose.yaml, opened as language dockercompose) and the
// expected answers. A comment line `#@hover("needle", name)` asks for the
// hover at the start of needle in the line above it; section `@name` holds
// the answer. Sections `@diagnostics` and `@codelens` hold what the server
// publishes and offers for the whole file. Positions are zero-based
// line:UTF-16 column, as LSP sends them. `go test ./server/lsp -update`
// rewrites the sections; a person reviews the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("../../testdata/lsp/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) { runGolden(t, file) })
	}
}

var markerRe = regexp.MustCompile(`^\s*#@(\w+)\((.*)\)\s*$`)

// markerFunc answers one position marker: it asks the server something at
// pos and formats the answer for the golden section. arg is the marker's
// optional third argument.
type markerFunc func(t *testing.T, e *fakeEditor, uri string, pos protocol.Position, arg string) string

// markerKinds are the position markers; feature tests add theirs in init.
var markerKinds = map[string]markerFunc{
	"hover": func(t *testing.T, e *fakeEditor, uri string, pos protocol.Position, _ string) string {
		var h *protocol.Hover
		if err := e.call("textDocument/hover", map[string]any{
			"textDocument": map[string]any{"uri": uri}, "position": pos}, &h); err != nil {
			t.Fatalf("hover: %v", err)
		}
		return formatHover(h)
	},
}

// fileFunc answers a whole-file section such as @diagnostics.
type fileFunc func(t *testing.T, e *fakeEditor, uri string) string

// fileSections are computed for every archive (always) or only where the
// archive asks with a `#@name()` line (optional); feature tests add theirs.
var (
	alwaysSections   = []string{"diagnostics", "codelens"}
	fileSectionKinds = map[string]fileFunc{
		"diagnostics": func(t *testing.T, e *fakeEditor, uri string) string {
			return formatDiagnostics(e.diagnostics(uri, 1))
		},
		"codelens": func(t *testing.T, e *fakeEditor, uri string) string {
			var lenses []protocol.CodeLens
			if err := e.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": uri}}, &lenses); err != nil {
				t.Fatal(err)
			}
			return formatLenses(lenses)
		},
	}
)

func runGolden(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var text, name string
	var found bool
	want := map[string]string{}
	// The current kubeconfig context is the archive's `kubeconfig`, else none.
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	for _, f := range ar.Files {
		switch {
		case strings.HasPrefix(f.Name, "@"):
			want[f.Name[1:]] = string(f.Data)
		case f.Name == "kubeconfig":
			if err := os.WriteFile(kubeconfig, f.Data, 0o600); err != nil {
				t.Fatal(err)
			}
		case f.Name == "Dockerfile" || strings.HasSuffix(f.Name, ".yaml"):
			text, found, name = string(f.Data), true, f.Name
		}
	}
	if !found {
		t.Fatal("archive has no Dockerfile, compose.yaml or Kubernetes manifest (*.yaml)")
	}
	t.Setenv("KUBECONFIG", kubeconfig)
	markers, sections := parseMarkers(t, text)

	e := startServer(t, Options{Engine: refusingEngine{}})
	e.initialize(map[string]any{"trusted": true})
	uri := "file:///lab/" + name
	switch {
	case name == "compose.yaml":
		e.openAs(uri, "dockercompose", text, 1)
	case strings.HasSuffix(name, ".yaml"):
		e.openAs(uri, "yaml", text, 1)
	default:
		e.open(uri, text, 1)
	}
	// Markers run after the first diagnostics: hovers add the rule pages of
	// the findings under the cursor once they are computed.
	e.diagnostics(uri, 1)

	got := map[string]string{}
	var order []string
	for _, m := range markers {
		fn, ok := markerKinds[m.kind]
		if !ok {
			t.Fatalf("unknown marker kind %q", m.kind)
		}
		if _, dup := got[m.name]; dup {
			t.Fatalf("two markers write @%s", m.name)
		}
		got[m.name] = fn(t, e, uri, m.pos, m.arg)
		order = append(order, m.name)
	}
	for _, name := range append(append([]string{}, alwaysSections...), sections...) {
		fn, ok := fileSectionKinds[name]
		if !ok {
			t.Fatalf("unknown section %q", name)
		}
		got[name] = fn(t, e, uri)
		order = append(order, name)
	}

	if *update {
		writeGolden(t, file, ar, got, order)
		return
	}
	for _, name := range order {
		w, ok := want[name]
		if !ok {
			t.Errorf("section @%s missing; run with -update", name)
			continue
		}
		if w != got[name] {
			t.Errorf("@%s differs\n--- want\n%s--- got\n%s", name, w, got[name])
		}
	}
}

// marker is one `#@kind("needle", name[, arg])` line. The position is the
// `|` in needle, or needle's start when it has none, on the nearest
// non-marker line above.
type marker struct {
	kind, needle, name, arg string
	pos                     protocol.Position
}

var sectionRe = regexp.MustCompile(`^\s*#@(\w+)\(\)\s*$`)

func parseMarkers(t *testing.T, text string) (markers []marker, sections []string) {
	mp := document.NewMapper(text)
	for i := 0; i < mp.LineCount(); i++ {
		if sm := sectionRe.FindStringSubmatch(mp.Line(i)); sm != nil {
			sections = append(sections, sm[1])
			continue
		}
		sm := markerRe.FindStringSubmatch(mp.Line(i))
		if sm == nil {
			continue
		}
		args := splitArgs(t, i, sm[2])
		needle := args[0]
		cursor := strings.Index(needle, "|")
		if cursor >= 0 {
			needle = needle[:cursor] + needle[cursor+1:]
		} else {
			cursor = 0
		}
		above := i - 1
		for above >= 0 && markerRe.MatchString(mp.Line(above)) {
			above--
		}
		if above < 0 {
			t.Fatalf("line %d: marker on the first line", i)
		}
		col := strings.Index(mp.Line(above), needle)
		if col < 0 {
			t.Fatalf("line %d: %q not on the line above", i, needle)
		}
		p := mp.Position(mp.LineStart(above) + col + cursor)
		m := marker{kind: sm[1], needle: args[0], name: args[1],
			pos: protocol.Position{Line: uint32(p.Line), Character: uint32(p.Character)}}
		if len(args) > 2 {
			m.arg = args[2]
		}
		markers = append(markers, m)
	}
	return markers, sections
}

// splitArgs parses `"needle", name[, "arg"]`.
func splitArgs(t *testing.T, line int, s string) []string {
	needle, rest, err := unquotePrefix(strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("line %d: needle: %v", line, err)
	}
	rest = strings.TrimPrefix(strings.TrimSpace(rest), ",")
	name, arg, hasArg := strings.Cut(rest, ",")
	out := []string{needle, strings.TrimSpace(name)}
	if hasArg {
		a, _, err := unquotePrefix(strings.TrimSpace(arg))
		if err != nil {
			t.Fatalf("line %d: arg: %v", line, err)
		}
		out = append(out, a)
	}
	if out[1] == "" {
		t.Fatalf("line %d: marker needs (needle, name)", line)
	}
	return out
}

// unquotePrefix unquotes the Go string literal at the start of s.
func unquotePrefix(s string) (string, string, error) {
	q, err := strconv.QuotedPrefix(s)
	if err != nil {
		return "", "", err
	}
	v, err := strconv.Unquote(q)
	return v, s[len(q):], err
}

func formatRange(r protocol.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character)
}

func formatHover(h *protocol.Hover) string {
	if h == nil {
		return "(none)\n"
	}
	r := "(no range)"
	if h.Range != nil {
		r = formatRange(*h.Range)
	}
	return r + " " + string(h.Contents.Kind) + "\n" + h.Contents.Value + "\n"
}

func formatDiagnostics(ds []protocol.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		href := ""
		if d.CodeDescription != nil {
			href = " <" + string(d.CodeDescription.Href) + ">"
		}
		fmt.Fprintf(&b, "%s %s %v %s: %s%s\n", formatRange(d.Range), severityName(d.Severity), d.Code, d.Source, d.Message, href)
	}
	if len(ds) == 0 {
		b.WriteString("(none)\n")
	}
	return b.String()
}

func severityName(s protocol.DiagnosticSeverity) string {
	return [...]string{"?", "error", "warning", "info", "hint"}[min(int(s), 4)]
}

func formatLenses(ls []protocol.CodeLens) string {
	var b strings.Builder
	for _, l := range ls {
		args, _ := json.Marshal(l.Command.Arguments)
		fmt.Fprintf(&b, "%s %q -> %s %s\n", formatRange(l.Range), l.Command.Title, l.Command.Command, args)
	}
	if len(ls) == 0 {
		b.WriteString("(none)\n")
	}
	return b.String()
}

func writeGolden(t *testing.T, file string, ar *txtar.Archive, got map[string]string, order []string) {
	var files []txtar.File
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "@") {
			files = append(files, f)
		}
	}
	for _, name := range order {
		files = append(files, txtar.File{Name: "@" + name, Data: []byte(got[name])})
	}
	ar.Files = files
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// refusingEngine is an engine that is present but refuses every action
// with err (errRefused when nil); the golden tests need lenses, never a
// real build.
type refusingEngine struct{ err error }

var errRefused = &docker.Error{Kind: docker.Other, Message: "테스트 엔진은 아무것도 실행하지 않습니다."}

func (r refusingEngine) refuse() error {
	if r.err != nil {
		return r.err
	}
	return errRefused
}

func (r refusingEngine) Build(context.Context, docker.BuildRequest, io.Writer) (docker.BuildResult, error) {
	return docker.BuildResult{}, r.refuse()
}
func (r refusingEngine) Run(context.Context, docker.RunRequest) (docker.Container, error) {
	return docker.Container{}, r.refuse()
}
func (r refusingEngine) Containers(context.Context, string, string, bool) ([]docker.Container, error) {
	return nil, r.refuse()
}
func (r refusingEngine) ContainersOfImage(context.Context, string) ([]docker.Container, error) {
	return nil, r.refuse()
}
func (r refusingEngine) Start(context.Context, string) error  { return r.refuse() }
func (r refusingEngine) Stop(context.Context, string) error   { return r.refuse() }
func (r refusingEngine) Remove(context.Context, string) error { return r.refuse() }
func (r refusingEngine) Logs(context.Context, string, bool, string, io.Writer) error {
	return r.refuse()
}
func (r refusingEngine) Images(context.Context) ([]docker.Image, error) { return nil, r.refuse() }

var _ = bytes.NewReader

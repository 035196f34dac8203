package lsp

import (
	"context"
	"fmt"
	"github.com/dockerlab/dockerlab/server/compose"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/k8s"
	"github.com/dockerlab/dockerlab/server/lint"
	"go.lsp.dev/protocol"
	"golang.org/x/tools/txtar"
)

// The `codeaction` marker asks for the quick fixes at the cursor, passing
// the published diagnostics there as VS Code does. The section lists every
// action (its diagnostic's rule, title, whether it is preferred), then the
// document after applying the first action, or the first whose title
// contains the marker's argument. The harness then checks the text again
// and fails if the fixed rule still fires where it fired before, so every
// fix is shown to work and not to be offered twice.
func init() {
	markerKinds["codeaction"] = func(t *testing.T, e *fakeEditor, uri string, pos protocol.Position, arg string) string {
		var here []protocol.Diagnostic
		for _, d := range e.diagnostics(uri, 1) {
			if !positionAfter(d.Range.Start, pos) && !positionAfter(pos, d.Range.End) {
				here = append(here, d)
			}
		}
		var actions []protocol.CodeAction
		if err := e.call("textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        protocol.Range{Start: pos, End: pos},
			"context":      map[string]any{"diagnostics": here},
		}, &actions); err != nil {
			t.Fatalf("codeAction: %v", err)
		}
		if len(actions) == 0 {
			return "(none)\n"
		}
		var b strings.Builder
		chosen := -1
		for i, a := range actions {
			code := ""
			if len(a.Diagnostics) > 0 {
				code = fmt.Sprint(a.Diagnostics[0].Code)
			}
			pref := ""
			if a.IsPreferred {
				pref = " (preferred)"
			}
			if a.Kind != protocol.QuickFix {
				t.Errorf("action %q has kind %q", a.Title, a.Kind)
			}
			fmt.Fprintf(&b, "%s: %s%s\n", code, a.Title, pref)
			if chosen < 0 && strings.Contains(a.Title, plainText(arg)) {
				chosen = i
			}
		}
		if chosen < 0 {
			t.Fatalf("no action title contains %q", arg)
		}
		a := actions[chosen]
		text := goldenDockerfile(t)
		fixed, moved := applyActionEdits(t, text, a.Edit.Changes[protocol.DocumentURI(uri)], a.Diagnostics[0].Range.Start)
		fmt.Fprintf(&b, "--- after %q\n%s", a.Title, fixed)
		assertFixed(t, fixed, fmt.Sprint(a.Diagnostics[0].Code), moved)
		return b.String()
	}
}

func positionAfter(a, b protocol.Position) bool {
	return a.Line > b.Line || a.Line == b.Line && a.Character > b.Character
}

// goldenDockerfile is the Dockerfile of the archive the running golden
// subtest reads (TestGolden/<archive>).
func goldenDockerfile(t *testing.T) string {
	name := t.Name()[strings.LastIndex(t.Name(), "/")+1:]
	ar, err := txtar.ParseFile(filepath.Join("../../testdata/lsp", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == "Dockerfile" || strings.HasSuffix(f.Name, ".yaml") {
			return string(f.Data)
		}
	}
	t.Fatal("archive has no Dockerfile or YAML file")
	return ""
}

// applyActionEdits applies LSP edits to text as an editor does, checking that
// they do not overlap, and returns the new text and where the position at
// lands in it.
func applyActionEdits(t *testing.T, text string, edits []protocol.TextEdit, at protocol.Position) (string, document.Position) {
	mp := document.NewMapper(text)
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		s, _ := mp.Offset(fromPosition(e.Range.Start))
		en, _ := mp.Offset(fromPosition(e.Range.End))
		spans = append(spans, span{s, en, e.NewText})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	off, _ := mp.Offset(fromPosition(at))
	moved := off
	var b strings.Builder
	last := 0
	for _, s := range spans {
		if s.start < last {
			t.Fatalf("overlapping edits: %v", edits)
		}
		b.WriteString(text[last:s.start])
		b.WriteString(s.text)
		last = s.end
		switch {
		case s.end <= off:
			moved += len(s.text) - (s.end - s.start)
		case s.start <= off:
			moved = b.Len() - len(s.text)
		}
	}
	b.WriteString(text[last:])
	fixed := b.String()
	return fixed, document.NewMapper(fixed).Position(moved)
}

// assertFixed fails when rule still fires on the line where the fix moved
// the finding.
func assertFixed(t *testing.T, text, rule string, at document.Position) {
	t.Helper()
	if code, ok := strings.CutPrefix(rule, "Compose"); ok {
		mp := document.NewMapper(text)
		for _, p := range compose.CheckFile(compose.Parse(text), compose.Options{}).Problems {
			if p.Code == code && mp.Position(p.Span.Start).Line == at.Line {
				t.Errorf("after the fix, %s still fires on line %d: %s", rule, at.Line, p.Message)
			}
		}
		return
	}
	if code, ok := strings.CutPrefix(rule, "K8s"); ok {
		mp := document.NewMapper(text)
		for _, p := range k8s.CheckWith(k8s.Parse(text), k8s.Options{KindCluster: true}) {
			if p.Code == code && mp.Position(p.Span.Start).Line == at.Line {
				t.Errorf("after the fix, %s still fires on line %d: %s", rule, at.Line, p.Message)
			}
		}
		return
	}
	m := dockerfile.Parse(text)
	for _, f := range lint.Check(context.Background(), m, lint.Options{}) {
		if f.Code == rule && m.Mapper.Position(f.Span.Start).Line == at.Line {
			t.Errorf("after the fix, %s still fires on line %d: %s", rule, at.Line, f.Message)
		}
	}
}

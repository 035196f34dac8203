package lsp

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/dockerlab/dockerlab/server/document"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"golang.org/x/tools/txtar"
)

// Golden marker and section kinds for navigation and editing (issue 7),
// used by testdata/lsp/nav_*.txtar:
//
//	#@definition("needle", name)          locations of the definition
//	#@references("needle", name)          every use, definitions included
//	#@highlight("needle", name)           highlights with their kind
//	#@rename("needle", name, "newName")   the edits, or the refusal
//	#@prepareRename("needle", name)       the range and placeholder, or the refusal
//	#@signature("needle", name)           the forms, the active one marked with ▶
//	                                      and its active parameter in ⟨ ⟩
//	#@onType("needle", name)              types Enter at the cursor, prints the two lines
//	#@formatRange("needle", name, "n")    formats the cursor's line and n more
//	#@symbols() #@folding() #@semantic() #@links() #@format()   whole-file sections
func init() {
	markerKinds["definition"] = func(t *testing.T, e *fakeEditor, uri string, pos protocol.Position, _ string) string {
		return locations(t, e, "textDocument/definition", positionParams(uri, pos))
	}
	markerKinds["references"] = func(t *testing.T, e *fakeEditor, uri string, pos protocol.Position, _ string) string {
		p := positionParams(uri, pos)
		p["context"] = map[string]any{"includeDeclaration": true}
		return locations(t, e, "textDocument/references", p)
	}
	markerKinds["highlight"] = func(t *testing.T, e *fakeEditor, uri string, pos protocol.Position, _ string) string {
		var hs []protocol.DocumentHighlight
		if err := e.call("textDocument/documentHighlight", positionParams(uri, pos), &hs); err != nil {
			t.Fatalf("documentHighlight: %v", err)
		}
		var b strings.Builder
		for _, h := range hs {
			fmt.Fprintf(&b, "%s %s %s\n", formatRange(h.Range), strings.ToLower(h.Kind.String()), quoteRange(t, h.Range))
		}
		return orNone(b.String())
	}
	markerKinds["rename"] = func(t *testing.T, e *fakeEditor, uri string, pos protocol.Position, newName string) string {
		p := positionParams(uri, pos)
		p["newName"] = newName
		var we *protocol.WorkspaceEdit
		if err := e.call("textDocument/rename", p, &we); err != nil {
			return refusal(t, err)
		}
		if we == nil {
			return "(none)\n"
		}
		var b strings.Builder
		for _, te := range we.Changes[protocol.DocumentURI(uri)] {
			fmt.Fprintf(&b, "%s %s → %q\n", formatRange(te.Range), quoteRange(t, te.Range), te.NewText)
		}
		return orNone(b.String())
	}
	markerKinds["prepareRename"] = func(t *testing.T, e *fakeEditor, uri string, pos protocol.Position, _ string) string {
		var res *prepareRenameResult
		if err := e.call("textDocument/prepareRename", positionParams(uri, pos), &res); err != nil {
			return refusal(t, err)
		}
		if res == nil {
			return "(none)\n"
		}
		return fmt.Sprintf("%s placeholder %q\n", formatRange(res.Range), res.Placeholder)
	}
	markerKinds["signature"] = func(t *testing.T, e *fakeEditor, uri string, pos protocol.Position, _ string) string {
		var h *signatureHelp
		if err := e.call("textDocument/signatureHelp", positionParams(uri, pos), &h); err != nil {
			t.Fatalf("signatureHelp: %v", err)
		}
		if h == nil {
			return "(none)\n"
		}
		var b strings.Builder
		for i, sig := range h.Signatures {
			mark := "  "
			if uint32(i) == h.ActiveSignature {
				mark = "▶ "
			}
			label := sig.Label
			if uint32(i) == h.ActiveSignature && int(h.ActiveParameter) < len(sig.Parameters) {
				label = bracket(label, sig.Parameters[h.ActiveParameter].Label)
			}
			fmt.Fprintf(&b, "%s%s\n    %s\n", mark, label, sig.Documentation.Value)
			if uint32(i) == h.ActiveSignature && int(h.ActiveParameter) < len(sig.Parameters) {
				fmt.Fprintf(&b, "    ⟨⟩ %s\n", sig.Parameters[h.ActiveParameter].Documentation.Value)
			}
		}
		return b.String()
	}
	markerKinds["onType"] = func(t *testing.T, e *fakeEditor, uri string, pos protocol.Position, _ string) string {
		text := goldenText(t)
		mp := document.NewMapper(text)
		off, _ := mp.Offset(fromPosition(pos))
		typed := text[:off] + "\n" + text[off:]
		u := uri + ".ontype" + strconv.Itoa(int(pos.Line))
		e.open(u, typed, 1)
		var edits []protocol.TextEdit
		if err := e.call("textDocument/onTypeFormatting", map[string]any{
			"textDocument": map[string]any{"uri": u}, "position": protocol.Position{Line: pos.Line + 1},
			"ch": "\n", "options": map[string]any{"tabSize": 4, "insertSpaces": true}}, &edits); err != nil {
			t.Fatalf("onTypeFormatting: %v", err)
		}
		after := document.NewMapper(applyEdits(t, typed, edits))
		return fmt.Sprintf("%d edits\n%q\n%q\n", len(edits), after.Line(int(pos.Line)), after.Line(int(pos.Line)+1))
	}
	markerKinds["formatRange"] = func(t *testing.T, e *fakeEditor, uri string, pos protocol.Position, arg string) string {
		n, err := strconv.Atoi(arg)
		if err != nil {
			t.Fatalf("formatRange wants a line count: %q", arg)
		}
		var edits []protocol.TextEdit
		if err := e.call("textDocument/rangeFormatting", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        protocol.Range{Start: protocol.Position{Line: pos.Line}, End: protocol.Position{Line: pos.Line + uint32(n), Character: 1}},
			"options":      map[string]any{"tabSize": 4, "insertSpaces": true}}, &edits); err != nil {
			t.Fatalf("rangeFormatting: %v", err)
		}
		var b strings.Builder
		for _, te := range edits {
			fmt.Fprintf(&b, "%s %q\n", formatRange(te.Range), te.NewText)
		}
		return orNone(b.String())
	}

	fileSectionKinds["symbols"] = func(t *testing.T, e *fakeEditor, uri string) string {
		var syms []protocol.DocumentSymbol
		if err := e.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri}}, &syms); err != nil {
			t.Fatalf("documentSymbol: %v", err)
		}
		var b strings.Builder
		var walk func(ss []protocol.DocumentSymbol, depth int)
		walk = func(ss []protocol.DocumentSymbol, depth int) {
			for _, s := range ss {
				fmt.Fprintf(&b, "%s%s [%s] %q %s sel %s\n", strings.Repeat("  ", depth), s.Name, s.Kind, s.Detail, formatRange(s.Range), formatRange(s.SelectionRange))
				walk(s.Children, depth+1)
			}
		}
		walk(syms, 0)
		return orNone(b.String())
	}
	fileSectionKinds["folding"] = func(t *testing.T, e *fakeEditor, uri string) string {
		var rs []protocol.FoldingRange
		if err := e.call("textDocument/foldingRange", map[string]any{"textDocument": map[string]any{"uri": uri}}, &rs); err != nil {
			t.Fatalf("foldingRange: %v", err)
		}
		mp := document.NewMapper(goldenText(t))
		var b strings.Builder
		for _, r := range rs {
			kind := ""
			if r.Kind != "" {
				kind = " " + string(r.Kind)
			}
			fmt.Fprintf(&b, "%d-%d%s %q … %q\n", r.StartLine, r.EndLine, kind, mp.Line(int(r.StartLine)), mp.Line(int(r.EndLine)))
		}
		return orNone(b.String())
	}
	fileSectionKinds["semantic"] = func(t *testing.T, e *fakeEditor, uri string) string {
		var toks protocol.SemanticTokens
		if err := e.call("textDocument/semanticTokens/full", map[string]any{"textDocument": map[string]any{"uri": uri}}, &toks); err != nil {
			t.Fatalf("semanticTokens/full: %v", err)
		}
		full := decodeTokens(t, toks.Data)
		// The range request over the whole text must agree with the full one.
		var ranged protocol.SemanticTokens
		mp := document.NewMapper(goldenText(t))
		end := mp.Position(len(goldenText(t)))
		if err := e.call("textDocument/semanticTokens/range", map[string]any{"textDocument": map[string]any{"uri": uri},
			"range": protocol.Range{End: toPosition(end)}}, &ranged); err != nil {
			t.Fatalf("semanticTokens/range: %v", err)
		}
		if got := decodeTokens(t, ranged.Data); got != full {
			t.Errorf("range tokens differ from full tokens\n--- full\n%s--- range\n%s", full, got)
		}
		return full
	}
	fileSectionKinds["links"] = func(t *testing.T, e *fakeEditor, uri string) string {
		var ls []protocol.DocumentLink
		if err := e.call("textDocument/documentLink", map[string]any{"textDocument": map[string]any{"uri": uri}}, &ls); err != nil {
			t.Fatalf("documentLink: %v", err)
		}
		var b strings.Builder
		for _, l := range ls {
			fmt.Fprintf(&b, "%s %s %s\n    %s\n", formatRange(l.Range), quoteRange(t, l.Range), l.Target, l.Tooltip)
		}
		return orNone(b.String())
	}
	fileSectionKinds["format"] = func(t *testing.T, e *fakeEditor, uri string) string {
		once := formatVia(t, e, uri, goldenText(t))
		u := uri + ".formatted"
		e.open(u, once, 1)
		if twice := formatVia(t, e, u, once); twice != once {
			t.Errorf("formatting is not idempotent\n--- once\n%s--- twice\n%s", once, twice)
		}
		return once
	}
}

func positionParams(uri string, pos protocol.Position) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos}
}

func orNone(s string) string {
	if s == "" {
		return "(none)\n"
	}
	return s
}

// refusal prints a JSON-RPC error the way the editor shows it.
func refusal(t *testing.T, err error) string {
	var rpc *jsonrpc2.Error
	if errors.As(err, &rpc) {
		return fmt.Sprintf("error %d: %s\n", rpc.Code, rpc.Message)
	}
	return "error: " + err.Error() + "\n"
}

// goldenTexts caches the Dockerfile of each golden archive by test name.
var goldenTexts sync.Map

// goldenText returns the Dockerfile of the archive the running golden
// subtest reads (TestGolden/<name> reads testdata/lsp/<name>.txtar).
func goldenText(t *testing.T) string {
	t.Helper()
	name := t.Name()[strings.LastIndexByte(t.Name(), '/')+1:]
	if v, ok := goldenTexts.Load(name); ok {
		return v.(string)
	}
	ar, err := txtar.ParseFile(filepath.Join("../../testdata/lsp", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == "Dockerfile" || f.Name == "compose.yaml" {
			goldenTexts.Store(name, string(f.Data))
			return string(f.Data)
		}
	}
	t.Fatal("archive has no Dockerfile or compose.yaml")
	return ""
}

// quoteRange is the text of r in the golden Dockerfile, in backticks.
func quoteRange(t *testing.T, r protocol.Range) string {
	mp := document.NewMapper(goldenText(t))
	a, _ := mp.Offset(fromPosition(r.Start))
	b, _ := mp.Offset(fromPosition(r.End))
	return "`" + goldenText(t)[a:b] + "`"
}

// bracket marks the UTF-16 range [a, b) of label with ⟨ ⟩.
func bracket(label string, r [2]uint32) string {
	u := utf16.Encode([]rune(label))
	if int(r[1]) > len(u) || r[0] > r[1] {
		return label + " (bad parameter range)"
	}
	return string(utf16.Decode(u[:r[0]])) + "⟨" + string(utf16.Decode(u[r[0]:r[1]])) + "⟩" + string(utf16.Decode(u[r[1]:]))
}

// decodeTokens turns LSP's relative token encoding into one readable line
// per token: line:column length type [modifiers] `text`.
func decodeTokens(t *testing.T, data []uint32) string {
	legend := semanticLegend()
	mp := document.NewMapper(goldenText(t))
	var b strings.Builder
	line, char := 0, 0
	for i := 0; i+4 < len(data); i += 5 {
		if data[i] > 0 {
			line, char = line+int(data[i]), 0
		}
		char += int(data[i+1])
		typ := string(legend.TokenTypes[data[i+3]])
		var mods []string
		for bit, name := range legend.TokenModifiers {
			if data[i+4]&(1<<bit) != 0 {
				mods = append(mods, string(name))
			}
		}
		u := utf16.Encode([]rune(mp.Line(line)))
		end := min(char+int(data[i+2]), len(u))
		text := string(utf16.Decode(u[min(char, end):end]))
		modText := ""
		if len(mods) > 0 {
			modText = " [" + strings.Join(mods, ",") + "]"
		}
		fmt.Fprintf(&b, "%d:%d %d %s%s `%s`\n", line, char, data[i+2], typ, modText, text)
	}
	return orNone(b.String())
}

// formatVia asks the server to format uri (whose text is text) and applies
// the edits.
func formatVia(t *testing.T, e *fakeEditor, uri, text string) string {
	var edits []protocol.TextEdit
	if err := e.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": uri},
		"options": map[string]any{"tabSize": 4, "insertSpaces": true}}, &edits); err != nil {
		t.Fatalf("formatting: %v", err)
	}
	return applyEdits(t, text, edits)
}

// applyEdits applies LSP edits, all relative to text, last first.
func applyEdits(t *testing.T, text string, edits []protocol.TextEdit) string {
	sorted := append([]protocol.TextEdit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i].Range.Start, sorted[j].Range.Start
		return a.Line > b.Line || a.Line == b.Line && a.Character > b.Character
	})
	d := document.New("file:///apply", 1, text)
	for _, te := range sorted {
		r := document.Range{Start: fromPosition(te.Range.Start), End: fromPosition(te.Range.End)}
		var clamped bool
		d, clamped = d.Apply(2, []document.Change{{Range: &r, Text: te.NewText}})
		if clamped {
			t.Errorf("edit %s is outside the text", formatRange(te.Range))
		}
	}
	return d.Text
}

// locations asks for the locations method answers and prints each with
// the text it covers.
func locations(t *testing.T, e *fakeEditor, method string, params map[string]any) string {
	var locs []protocol.Location
	if err := e.call(method, params, &locs); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	var b strings.Builder
	for _, l := range locs {
		fmt.Fprintf(&b, "%s %s\n", formatRange(l.Range), quoteRange(t, l.Range))
	}
	return orNone(b.String())
}

package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

func init() {
	// test/text answers the server's copy of a document, for tests only.
	routes["test/text"] = method{name: "test/text", fn: func(_ context.Context, s *Server, raw json.RawMessage) (any, error) {
		var p struct {
			URI string `json:"uri"`
		}
		if err := unmarshal(raw, &p); err != nil {
			return nil, err
		}
		if sn := s.sess.Snapshot(p.URI); sn != nil {
			return sn.Text(), nil
		}
		return nil, nil
	}}
}

func change(e *fakeEditor, uri string, version int, startLine, startChar, endLine, endChar int, text string) {
	e.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": version},
		"contentChanges": []any{map[string]any{"range": map[string]any{
			"start": map[string]any{"line": startLine, "character": startChar},
			"end":   map[string]any{"line": endLine, "character": endChar}}, "text": text}}})
}

func diagKey(ds []protocol.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d:%d-%d:%d %v %s\n", d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Line, d.Range.End.Character, d.Code, d.Message)
	}
	return b.String()
}

// 1,000 rapid edits (typing and deleting at random places, Korean included)
// end in the same text and diagnostics as opening the final text afresh.
func TestRapidEditsConverge(t *testing.T) {
	base := readCorpus(t, "node-app.Dockerfile")
	e := startServer(t, Options{})
	e.initialize(nil)
	const uri = "file:///edits/Dockerfile"
	text := base
	e.open(uri, text, 1)
	rng := rand.New(rand.NewSource(1))
	inserts := []string{"a", "RUN ", "한", "😀", "\n", "--", "$", "{", " ", "FORM x\n"}
	for v := 2; v <= 1001; v++ {
		lines := strings.Split(text, "\n")
		l := rng.Intn(len(lines))
		runes := []rune(lines[l])
		c := rng.Intn(len(runes) + 1)
		col := len(utf16Units(string(runes[:c])))
		if rng.Intn(3) == 0 && c < len(runes) {
			endCol := col + len(utf16Units(string(runes[c:c+1])))
			change(e, uri, v, l, col, l, endCol, "")
			lines[l] = string(runes[:c]) + string(runes[c+1:])
		} else {
			ins := inserts[rng.Intn(len(inserts))]
			change(e, uri, v, l, col, l, col, ins)
			lines[l] = string(runes[:c]) + ins + string(runes[c:])
		}
		text = strings.Join(lines, "\n")
	}
	final := e.diagnostics(uri, 1001)
	var got string
	if err := e.call("test/text", map[string]any{"uri": uri}, &got); err != nil || got != text {
		t.Fatalf("server text differs from the editor's after 1,000 edits (%v)", err)
	}
	fresh := startServer(t, Options{})
	fresh.initialize(nil)
	fresh.open(uri, text, 1)
	if a, b := diagKey(final), diagKey(fresh.diagnostics(uri, 1)); a != b {
		t.Fatalf("diagnostics after edits:\n%s\nafter a fresh open:\n%s", a, b)
	}
}

// utf16Units is a string's UTF-16 code units.
func utf16Units(s string) []uint16 {
	var out []uint16
	for _, r := range s {
		if r >= 0x10000 {
			out = append(out, 0, 0)
		} else {
			out = append(out, 0)
		}
	}
	return out
}

// A 10 MB Dockerfile is opened, diagnosed and hovered; the server stays up.
func TestHugeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("FROM alpine:3.20\n")
	for b.Len() < 10<<20 {
		b.WriteString("RUN echo \"한국어 줄 ")
		b.WriteString(strings.Repeat("x", 80))
		b.WriteString("\"\n")
	}
	e := startServer(t, Options{})
	e.initialize(nil)
	const uri = "file:///huge/Dockerfile"
	e.open(uri, b.String(), 1)
	e.diagnostics(uri, 1)
	var h *protocol.Hover
	if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 50000, "character": 1}}, &h); err != nil || h == nil {
		t.Fatalf("hover in a 10 MB file: %v %v", h, err)
	}
}

// Opening and closing 1,000 documents leaves memory where it was.
func TestMemoryFlatOverManyDocuments(t *testing.T) {
	text := readCorpus(t, "go-multistage.Dockerfile")
	e := startServer(t, Options{})
	e.initialize(nil)
	cycle := func(n, from int) {
		for i := from; i < from+n; i++ {
			uri := fmt.Sprintf("file:///many/%d/Dockerfile", i)
			e.open(uri, text, 1)
			e.diagnostics(uri, 1)
			e.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
			// The empty publish after close tells the document is forgotten.
			e.waitNote("textDocument/publishDiagnostics", func(p json.RawMessage) bool {
				return strings.Contains(string(p), uri) && strings.Contains(string(p), `"diagnostics":[]`)
			})
		}
		e.clearNotes()
	}
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	cycle(100, 0) // warm up caches and pools
	before := heap()
	cycle(1000, 100)
	after := heap()
	if after > before+8<<20 {
		t.Fatalf("heap grew from %d to %d bytes over 1,000 open/close cycles", before, after)
	}
	t.Logf("heap %d -> %d bytes over 1,000 documents", before, after)
}

// readCorpus is a Dockerfile of testdata/corpus.
func readCorpus(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

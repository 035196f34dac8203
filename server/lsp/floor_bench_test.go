package lsp

import (
	"encoding/json"
	"os"
	"testing"

	"go.lsp.dev/jsonrpc2"
)

// The protocol floor: a request the server answers without work (an
// unknown method, answered MethodNotFound on the read loop), end to end
// over an in-process pipe with the real JSON-RPC stack on both ends. Hover
// and completion on the lab's Dockerfile, measured the same way, read
// against it: what they cost above the floor is their own work. The LSP
// harness (scripts/lspbench_more.py) measures the same three over real
// stdio beside the Node peer.
func BenchmarkProtocolFloor(b *testing.B) {
	e, _ := labBenchEditor(b)
	b.ReportAllocs()
	for b.Loop() {
		var raw json.RawMessage
		err := e.call("dockerlab/floor", map[string]any{}, &raw)
		if je, ok := err.(*jsonrpc2.Error); !ok || je.Code != jsonrpc2.MethodNotFound {
			b.Fatalf("want MethodNotFound, got %v", err)
		}
	}
}

func BenchmarkHoverLab(b *testing.B) {
	e, uri := labBenchEditor(b)
	b.ReportAllocs()
	for b.Loop() {
		var raw json.RawMessage
		// `WORKDIR` on line 2 of testdata/lab/Dockerfile.
		if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": 1, "character": 2}}, &raw); err != nil || len(raw) < 100 {
			b.Fatalf("hover: %v %s", err, raw)
		}
	}
}

func BenchmarkCompletionLineStartLab(b *testing.B) {
	e, uri := labBenchEditor(b)
	b.ReportAllocs()
	for b.Loop() {
		var raw json.RawMessage
		if err := e.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": 2, "character": 0}}, &raw); err != nil || len(raw) < 100 {
			b.Fatalf("completion: %v %s", err, raw)
		}
	}
}

func labBenchEditor(b *testing.B) (*fakeEditor, string) {
	text, err := os.ReadFile("../../testdata/lab/Dockerfile")
	if err != nil {
		b.Fatal(err)
	}
	return benchEditorWith(b, string(text))
}

// BenchmarkHoverBig is a hover on an instruction in the middle of the
// 5,000-line file: finding the instruction and its findings must not cost
// in proportion to the file.
func BenchmarkHoverBig(b *testing.B) {
	e, uri := benchEditor(b)
	b.ReportAllocs()
	for b.Loop() {
		var raw json.RawMessage
		if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": 2502, "character": 2}}, &raw); err != nil || len(raw) < 100 {
			b.Fatalf("hover: %v %s", err, raw)
		}
	}
}

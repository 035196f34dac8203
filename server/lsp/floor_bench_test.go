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
	benchRequest(b, e, "dockerlab/floor", map[string]any{}, func(_ json.RawMessage, err error) bool {
		je, ok := err.(*jsonrpc2.Error)
		return ok && je.Code == jsonrpc2.MethodNotFound
	})
}

func BenchmarkHoverLab(b *testing.B) {
	e, uri := labBenchEditor(b)
	// `WORKDIR` on line 2 of testdata/lab/Dockerfile.
	benchRequest(b, e, "textDocument/hover", at(uri, 1, 2), answered)
}

func BenchmarkCompletionLineStartLab(b *testing.B) {
	e, uri := labBenchEditor(b)
	benchRequest(b, e, "textDocument/completion", at(uri, 2, 0), answered)
}

// BenchmarkHoverBig is a hover on an instruction in the middle of the
// 5,000-line file: finding the instruction and its findings must not cost
// in proportion to the file.
func BenchmarkHoverBig(b *testing.B) {
	e, uri := benchEditor(b)
	benchRequest(b, e, "textDocument/hover", at(uri, 2502, 2), answered)
}

// benchRequest measures one request, made again and again; ok judges each
// answer.
func benchRequest(b *testing.B, e *fakeEditor, method string, params any, ok func(json.RawMessage, error) bool) {
	b.ReportAllocs()
	for b.Loop() {
		var raw json.RawMessage
		if err := e.call(method, params, &raw); !ok(raw, err) {
			b.Fatalf("%s: %v %s", method, err, raw)
		}
	}
}

// answered is an answer without error and with some content.
func answered(raw json.RawMessage, err error) bool { return err == nil && len(raw) >= 100 }

// at is the params of a request at a position of a document.
func at(uri string, line, character int) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": line, "character": character}}
}

func labBenchEditor(b *testing.B) (*fakeEditor, string) {
	text, err := os.ReadFile("../../testdata/lab/Dockerfile")
	if err != nil {
		b.Fatal(err)
	}
	return benchEditorWith(b, string(text))
}

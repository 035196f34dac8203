package lsp

import (
	"context"
	"log/slog"
	"net"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// benchEditor opens the 5,000-line file of the shared corpus's gen_big.py
// in an in-process server (connected like startServer's, which needs a
// *testing.T) and waits until it is parsed.
func benchEditor(b *testing.B) (*fakeEditor, string) {
	return benchEditorWith(b, testcorpus.Big(b))
}

// benchEditorWith is benchEditor with the given Dockerfile open.
func benchEditorWith(b *testing.B, out string) (*fakeEditor, string) {
	serverEnd, editorEnd := net.Pipe()
	e := &fakeEditor{raw: editorEnd, done: make(chan error, 1), wake: make(chan struct{}, 1)}
	go func() { e.done <- Serve(context.Background(), serverEnd, serverEnd, Options{}) }()
	e.conn = jsonrpc2.NewConn(newStream(editorEnd, editorEnd, editorEnd, slog.New(slog.DiscardHandler)))
	e.conn.Go(context.Background(), e.handle)
	b.Cleanup(func() {
		e.conn.Close()
		serverEnd.Close()
	})
	var res protocol.InitializeResult
	if err := e.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &res); err != nil {
		b.Fatal(err)
	}
	if err := e.conn.Notify(context.Background(), "initialized", map[string]any{}); err != nil {
		b.Fatal(err)
	}
	const uri = "file:///bench/Dockerfile"
	if err := e.conn.Notify(context.Background(), "textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "dockerfile", "version": 1, "text": out}}); err != nil {
		b.Fatal(err)
	}
	var syms []protocol.DocumentSymbol
	if err := e.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri}}, &syms); err != nil || len(syms) == 0 {
		b.Fatalf("documentSymbol: %v (%d symbols)", err, len(syms))
	}
	return e, uri
}

// BenchmarkSemanticTokensFull is textDocument/semanticTokens/full on the
// big file, end to end: the request, the tokens, their UTF-16 encoding and
// the JSON reply.
func BenchmarkSemanticTokensFull(b *testing.B) {
	e, uri := benchEditor(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var toks protocol.SemanticTokens
		if err := e.call("textDocument/semanticTokens/full", map[string]any{"textDocument": map[string]any{"uri": uri}}, &toks); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFormatting is textDocument/formatting on the big file, end to
// end.
func BenchmarkFormatting(b *testing.B) {
	e, uri := benchEditor(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var edits []protocol.TextEdit
		if err := e.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": uri},
			"options": map[string]any{"tabSize": 4, "insertSpaces": true}}, &edits); err != nil {
			b.Fatal(err)
		}
	}
}

package lsp

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

// BenchmarkBigDidChange measures didChange → publishDiagnostics on the
// 5,000-line file: an edit in the middle, toggled, as lspbench does.
func BenchmarkBigDidChange(b *testing.B) {
	text := testcorpus.Big(b)
	e := startServer(b, Options{})
	e.initialize(nil)
	const uri = "file:///bench/Dockerfile"
	e.open(uri, text, 1)
	e.diagnostics(uri, 1)
	line := strings.Count(text[:len(text)/2], "\n")
	b.ReportAllocs()
	b.ResetTimer()
	v := 2
	for b.Loop() {
		ins := "RUN echo edited\n"
		if v%2 == 1 {
			change(e, uri, v, line, 0, line+1, 0, "")
		} else {
			change(e, uri, v, line, 0, line, 0, ins)
		}
		e.diagnostics(uri, int32(v))
		e.clearNotes()
		v++
	}
}

// BenchmarkBigDidOpen measures didOpen → publishDiagnostics of the
// 5,000-line file, a new document each time (nothing cached).
func BenchmarkBigDidOpen(b *testing.B) {
	text := testcorpus.Big(b)
	e := startServer(b, Options{})
	e.initialize(nil)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		uri := fmt.Sprintf("file:///bench/%d/Dockerfile", i)
		e.open(uri, text, 1)
		e.diagnostics(uri, 1)
		e.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
		e.clearNotes()
		i++
	}
}

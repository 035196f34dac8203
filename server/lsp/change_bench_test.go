package lsp

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
	"go.lsp.dev/protocol"
)

// BenchmarkBigDidChange measures didChange → publishDiagnostics on the
// 5,000-line file: an edit in the middle, toggled, as lspbench does.
func BenchmarkBigDidChange(b *testing.B) {
	text := testcorpus.Big(b)
	e := startServer(b, Options{})
	e.initialize(nil)
	const uri = "file:///bench/Dockerfile"
	e.open(uri, text, 1)
	e.firstCheckDone(uri)
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

// firstCheckDone waits until a big document's first check has published
// both its steps (see session.FirstDiagnostics), so what follows measures
// edits, not the rest of the first check.
func (e *fakeEditor) firstCheckDone(uri string) {
	e.t.Helper()
	deadline := time.After(waitTimeout)
	for {
		n := 0
		e.mu.Lock()
		for _, x := range e.notes {
			var d protocol.PublishDiagnosticsParams
			if x.method == "textDocument/publishDiagnostics" && json.Unmarshal(x.params, &d) == nil && string(d.URI) == uri {
				n++
			}
		}
		e.mu.Unlock()
		if n >= 2 {
			return
		}
		select {
		case <-e.wake:
		case <-deadline:
			e.t.Fatalf("the first check of %s published %d times, want 2", uri, n)
		}
	}
}

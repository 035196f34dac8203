package lint

import (
	"context"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
	"path/filepath"
	"sort"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"golang.org/x/tools/txtar"
)

// FuzzFixes checks any text: Check never panics, every finding and every
// edit lies inside the text, and the edits of one fix never overlap, so the
// editor can always apply them. Seeds: the benchmark corpus and the goldens.
func FuzzFixes(f *testing.F) {
	testcorpus.Seed(f)
	archives, _ := filepath.Glob("../../testdata/lsp/*.txtar")
	for _, a := range archives {
		if ar, err := txtar.ParseFile(a); err == nil {
			for _, file := range ar.Files {
				if file.Name == "Dockerfile" {
					f.Add(string(file.Data))
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		m := dockerfile.Parse(text)
		for _, fd := range Check(context.Background(), m, Options{}) {
			if fd.Span.Start < 0 || fd.Span.End > len(text) || fd.Span.Start > fd.Span.End {
				t.Fatalf("%s: span %v outside the text", fd.Code, fd.Span)
			}
			for _, fx := range Fixes(m, fd) {
				edits := append([]Edit(nil), fx.Edits...)
				sort.Slice(edits, func(i, j int) bool { return edits[i].Span.Start < edits[j].Span.Start })
				last := 0
				for _, e := range edits {
					if e.Span.Start < last || e.Span.End > len(text) || e.Span.Start > e.Span.End {
						t.Fatalf("%s: fix %q has a bad edit %v", fd.Code, fx.Title, e.Span)
					}
					last = e.Span.End
				}
			}
		}
	})
}

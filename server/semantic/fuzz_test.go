package semantic

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// FuzzTokens checks what LSP requires of semantic tokens on any text: in
// order, not overlapping, on one line, not empty; and a range request
// returns the full tokens inside it.
func FuzzTokens(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/corpus/*.Dockerfile")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, src string) {
		m := dockerfile.Parse(src)
		toks := Tokens(m)
		end := 0
		for _, tk := range toks {
			s := tk.Span
			if s.Start < end || s.End <= s.Start || s.End > len(src) || strings.ContainsAny(src[s.Start:s.End], "\r\n") {
				t.Fatalf("bad token %+v after %d in %q", tk, end, src)
			}
			end = s.End
		}
		mid := len(src) / 2
		for _, tk := range Range(m, 0, mid) {
			if tk.Span.End > mid {
				t.Fatalf("range token %+v past %d", tk, mid)
			}
		}
	})
}

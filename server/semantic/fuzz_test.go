package semantic

import (
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/dockerfiletest"
)

// FuzzTokens checks what LSP requires of semantic tokens on any text: in
// order, not overlapping, on one line, not empty; and a range request
// returns the full tokens inside it.
func FuzzTokens(f *testing.F) {
	dockerfiletest.Fuzz(f, 0, func(t *testing.T, m *dockerfile.Model) {
		src := m.Text
		end := 0
		for _, tk := range Tokens(m) {
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

package folding

import (
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/dockerfiletest"
)

// FuzzRanges checks folds on any text: inside the file, at least two lines,
// one per start line, in order.
func FuzzRanges(f *testing.F) {
	dockerfiletest.Fuzz(f, 0, func(t *testing.T, m *dockerfile.Model) {
		prev := -1
		for _, r := range Ranges(m) {
			if r.StartLine <= prev || r.EndLine <= r.StartLine || r.EndLine >= m.Mapper.LineCount() {
				t.Fatalf("bad fold %+v after %d (%d lines)", r, prev, m.Mapper.LineCount())
			}
			prev = r.StartLine
		}
	})
}

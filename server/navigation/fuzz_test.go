package navigation

import (
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/dockerfiletest"
)

// FuzzNavigation asks every question at every offset of any text: nothing
// panics, every span lies in the text, and a rename that is accepted keeps
// every reference on the same definition (verify runs inside Rename).
func FuzzNavigation(f *testing.F) {
	f.Add("ARG A=1\nFROM x AS b\nARG A\nRUN <<EOF\necho $A\nEOF\nCOPY --from=b / /\n")
	dockerfiletest.FuzzOffsets(f, 4096, func(t *testing.T, m *dockerfile.Model, off int) {
		if s, ok := Definition(m, off); ok {
			dockerfiletest.InText(t, m, s)
		}
		for _, o := range References(m, off, true) {
			dockerfiletest.InText(t, m, o.Span)
		}
		if tg, err := PrepareRename(m, off); err == nil && tg != nil {
			dockerfiletest.InText(t, m, tg.Span)
			edits, err := Rename(m, off, "renamed")
			if err == nil {
				for _, e := range edits {
					dockerfiletest.InText(t, m, e.Span)
				}
			}
		}
	})
}

package navigation

import (
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testcorpus"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// FuzzNavigation asks every question at every offset of any text: nothing
// panics, every span lies in the text, and a rename that is accepted keeps
// every reference on the same definition (verify runs inside Rename).
func FuzzNavigation(f *testing.F) {
	testcorpus.Seed(f)
	f.Add("ARG A=1\nFROM x AS b\nARG A\nRUN <<EOF\necho $A\nEOF\nCOPY --from=b / /\n")
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		m := dockerfile.Parse(src)
		in := func(s dockerfile.Span) {
			if s.Start < 0 || s.End > len(src) || s.Start > s.End {
				t.Fatalf("span %+v outside the text (%d bytes)", s, len(src))
			}
		}
		for off := 0; off <= len(src); off++ {
			if s, ok := Definition(m, off); ok {
				in(s)
			}
			for _, o := range References(m, off, true) {
				in(o.Span)
			}
			if tg, err := PrepareRename(m, off); err == nil && tg != nil {
				in(tg.Span)
				edits, err := Rename(m, off, "renamed")
				if err == nil {
					for _, e := range edits {
						in(e.Span)
					}
				}
			}
		}
	})
}

// Package dockerfiletest runs the fuzz targets of the features that read a
// parsed Dockerfile (hover, navigation, signature help, folding, semantic
// tokens): each seeds from the shared corpus, bounds the input, parses it
// and checks the feature's answer, and only the check differs.
//
// It is test-only code (it imports testing), so only _test.go files import
// it; testcorpus.TestOnlyTestsImport keeps it that way. Package dockerfile's
// own tests cannot use it (it imports dockerfile) and seed with testcorpus.
package dockerfiletest

import (
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

// Fuzz seeds f with the corpus (and whatever f.Add gave before) and, on
// every input of at most max bytes (0: any length), parses it and hands the
// model to check. A longer input passes unchecked: the checks that visit
// every offset are quadratic, and longer texts find nothing new.
func Fuzz(f *testing.F, max int, check func(t *testing.T, m *dockerfile.Model)) {
	testcorpus.Seed(f)
	f.Fuzz(func(t *testing.T, text string) {
		if max > 0 && len(text) > max {
			return
		}
		check(t, dockerfile.Parse(text))
	})
}

// FuzzOffsets is Fuzz with check called at every offset of the text, its
// end included: where a cursor can stand.
func FuzzOffsets(f *testing.F, max int, check func(t *testing.T, m *dockerfile.Model, off int)) {
	Fuzz(f, max, func(t *testing.T, m *dockerfile.Model) {
		for off := 0; off <= len(m.Text); off++ {
			check(t, m, off)
		}
	})
}

// InText fails the test when s does not lie inside m's text, start before
// end.
func InText(t testing.TB, m *dockerfile.Model, s dockerfile.Span) {
	t.Helper()
	if s.Start < 0 || s.End > len(m.Text) || s.Start > s.End {
		t.Fatalf("span %+v outside the text (%d bytes)", s, len(m.Text))
	}
}

package lint

import (
	"context"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// FuzzCheck: every check, BuildKit's included, runs on any text without
// panicking, with every finding inside the text, coded and in Korean.
func FuzzCheck(f *testing.F) {
	testcorpus.Seed(f)
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 8192 {
			return
		}
		m := dockerfile.Parse(text)
		for _, fd := range Check(context.Background(), m, Options{}) {
			if fd.Span.Start < 0 || fd.Span.End > len(text) || fd.Span.Start > fd.Span.End || fd.Code == "" || fd.Message == "" {
				t.Fatalf("finding %+v outside [0,%d] or empty", fd, len(text))
			}
		}
	})
}

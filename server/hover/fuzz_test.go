package hover

import (
	"context"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// FuzzHover: hover at every offset of any text answers without panicking,
// with a span inside the text that covers the offset.
func FuzzHover(f *testing.F) {
	testcorpus.Seed(f)
	f.Add("ARG A=1\nFROM x:$A AS s\nRUN --mount=type=cache,from=s,target=/t <<EOF\n${A:-x}\nEOF\n")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4096 {
			return
		}
		m := dockerfile.Parse(text)
		for off := 0; off <= len(text); off++ {
			h := Hover(context.Background(), m, off, nil)
			if h == nil {
				continue
			}
			if h.Span.Start < 0 || h.Span.End > len(text) || h.Span.Start > h.Span.End || h.Markdown == "" {
				t.Fatalf("hover at %d: span %+v, %d bytes of markdown", off, h.Span, len(h.Markdown))
			}
		}
	})
}

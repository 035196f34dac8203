package hover

import (
	"context"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/dockerfiletest"
)

// FuzzHover: hover at every offset of any text answers without panicking,
// with a span inside the text that covers the offset.
func FuzzHover(f *testing.F) {
	f.Add("ARG A=1\nFROM x:$A AS s\nRUN --mount=type=cache,from=s,target=/t <<EOF\n${A:-x}\nEOF\n")
	dockerfiletest.FuzzOffsets(f, 4096, func(t *testing.T, m *dockerfile.Model, off int) {
		h := Hover(context.Background(), m, off, nil)
		if h == nil {
			return
		}
		dockerfiletest.InText(t, m, h.Span)
		if h.Markdown == "" {
			t.Fatalf("hover at %d: span %+v, no markdown", off, h.Span)
		}
	})
}

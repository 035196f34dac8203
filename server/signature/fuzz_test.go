package signature

import (
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/dockerfiletest"
)

// FuzzAt asks for signature help at every offset of any text: nothing
// panics, the active form and parameter exist, and parameter offsets lie
// in their label.
func FuzzAt(f *testing.F) {
	dockerfiletest.FuzzOffsets(f, 4096, func(t *testing.T, m *dockerfile.Model, off int) {
		h := At(m, off)
		if h == nil {
			return
		}
		if h.Active < 0 || h.Active >= len(h.Signatures) {
			t.Fatalf("active form %d of %d at %d", h.Active, len(h.Signatures), off)
		}
		sig := h.Signatures[h.Active]
		if h.Param < 0 || h.Param >= len(sig.Params) {
			t.Fatalf("active parameter %d of %d in %q at %d", h.Param, len(sig.Params), sig.Label, off)
		}
		for _, p := range sig.Params {
			if p.Start < 0 || p.End > len(sig.Label) || p.Start >= p.End {
				t.Fatalf("parameter %+v outside %q", p, sig.Label)
			}
		}
	})
}

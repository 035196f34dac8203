package navigation

import (
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

// BenchmarkHighlights is what every cursor move on a variable costs in the
// 5,000-line file of gen_big.py.
func BenchmarkHighlights(b *testing.B) {
	m := dockerfile.Parse(testcorpus.Big(b))
	offset := strings.Index(m.Text, "${ARG_200}") + 3
	if len(Highlights(m, offset)) != 2 {
		b.Fatalf("highlights: %+v", Highlights(m, offset))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Highlights(m, offset)
	}
}

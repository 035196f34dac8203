package semantic

import (
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

// BenchmarkTokens classifies the 5,000-line file of gen_big.py.
func BenchmarkTokens(b *testing.B) {
	m := dockerfile.Parse(testcorpus.Big(b))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Tokens(m)
	}
}

// BenchmarkRange classifies 60 lines in the middle of it, what an editor
// asks for one screen.
func BenchmarkRange(b *testing.B) {
	m := dockerfile.Parse(testcorpus.Big(b))
	start, end := m.Mapper.LineStart(2500), m.Mapper.LineStart(2560)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Range(m, start, end)
	}
}

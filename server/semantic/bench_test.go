package semantic

import (
	"os"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// BenchmarkTokens classifies the 5,000-line file of gen_big.py.
func BenchmarkTokens(b *testing.B) {
	out, err := os.ReadFile("../../testdata/bench/big.Dockerfile")
	if err != nil {
		b.Fatalf("testdata/bench/big.Dockerfile: %v", err)
	}
	m := dockerfile.Parse(string(out))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Tokens(m)
	}
}

// BenchmarkRange classifies 60 lines in the middle of it, what an editor
// asks for one screen.
func BenchmarkRange(b *testing.B) {
	out, err := os.ReadFile("../../testdata/bench/big.Dockerfile")
	if err != nil {
		b.Fatalf("testdata/bench/big.Dockerfile: %v", err)
	}
	m := dockerfile.Parse(string(out))
	start, end := m.Mapper.LineStart(2500), m.Mapper.LineStart(2560)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Range(m, start, end)
	}
}

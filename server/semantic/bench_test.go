package semantic

import (
	"os/exec"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// BenchmarkTokens classifies the 5,000-line file of gen_big.py.
func BenchmarkTokens(b *testing.B) {
	out, err := exec.Command("python3", "../../../shared/bench/corpus/gen_big.py").Output()
	if err != nil {
		b.Fatalf("gen_big.py: %v", err)
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
	out, err := exec.Command("python3", "../../../shared/bench/corpus/gen_big.py").Output()
	if err != nil {
		b.Fatalf("gen_big.py: %v", err)
	}
	m := dockerfile.Parse(string(out))
	start, end := m.Mapper.LineStart(2500), m.Mapper.LineStart(2560)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Range(m, start, end)
	}
}

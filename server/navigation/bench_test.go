package navigation

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// BenchmarkHighlights is what every cursor move on a variable costs in the
// 5,000-line file of gen_big.py.
func BenchmarkHighlights(b *testing.B) {
	out, err := exec.Command("python3", "../../../shared/bench/corpus/gen_big.py").Output()
	if err != nil {
		b.Fatalf("gen_big.py: %v", err)
	}
	m := dockerfile.Parse(string(out))
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

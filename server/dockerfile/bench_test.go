package dockerfile

import (
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

// BenchmarkParseBig measures the model of the 5,000-line file.
func BenchmarkParseBig(b *testing.B) {
	text := testcorpus.Big(b)
	b.ReportAllocs()
	for b.Loop() {
		Parse(text)
	}
}

// BenchmarkParseSmall measures the model of the lab's Dockerfile.
func BenchmarkParseSmall(b *testing.B) {
	text := testcorpus.Lab(b)
	b.ReportAllocs()
	for b.Loop() {
		Parse(text)
	}
}

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

// BenchmarkParseBigOpen measures the model of the 5,000-line file the way
// a newly opened document gets it: with an empty cache, whose stage-by-stage
// parse runs on every CPU.
func BenchmarkParseBigOpen(b *testing.B) {
	text := testcorpus.Big(b)
	b.ReportAllocs()
	for b.Loop() {
		ParseCached(text, NewParseCache())
	}
}

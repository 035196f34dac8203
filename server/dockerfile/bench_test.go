package dockerfile

import (
	"os"
	"testing"
)

// BenchmarkParseBig measures the model of the 5,000-line file.
func BenchmarkParseBig(b *testing.B) {
	data, err := os.ReadFile("../../testdata/bench/big.Dockerfile")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	b.ReportAllocs()
	for b.Loop() {
		Parse(text)
	}
}

// BenchmarkParseSmall measures the model of the lab's Dockerfile.
func BenchmarkParseSmall(b *testing.B) {
	data, err := os.ReadFile("../../testdata/lab/Dockerfile")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	b.ReportAllocs()
	for b.Loop() {
		Parse(text)
	}
}

package format

import (
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

// BenchmarkDocument formats the 5,000-line file of gen_big.py from its
// parsed model, as the formatting request does (the re-parse that checks
// the result included).
func BenchmarkDocument(b *testing.B) {
	m := dockerfile.Parse(testcorpus.Big(b))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Document(m, DefaultOptions)
	}
}

// BenchmarkDocumentMessy formats the same file with every keyword in lower
// case and every continuation line indented by two spaces, so that most
// lines change.
func BenchmarkDocumentMessy(b *testing.B) {
	m := dockerfile.Parse(messy(testcorpus.Big(b)))
	if len(Document(m, DefaultOptions)) == 0 {
		b.Fatal("nothing to format")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Document(m, DefaultOptions)
	}
}

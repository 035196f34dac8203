package lint

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

func benchFile(b *testing.B, path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

// BenchmarkCheckBig measures every check on the 5,000-line file
// (testdata/bench/big.Dockerfile, from the shared corpus's gen_big.py).
func BenchmarkCheckBig(b *testing.B) { benchCheck(b, "../../testdata/bench/big.Dockerfile") }

// BenchmarkBuildKitBig measures BuildKit's checks alone on the same file.
func BenchmarkBuildKitBig(b *testing.B) {
	text := benchFile(b, "../../testdata/bench/big.Dockerfile")
	m := dockerfile.Parse(text)
	b.ReportAllocs()
	for b.Loop() {
		buildkitFindings(context.Background(), m, nil, nil)
	}
}

// BenchmarkCheckSmall measures every check on the lab's Dockerfile.
func BenchmarkCheckSmall(b *testing.B) { benchCheck(b, "../../testdata/lab/Dockerfile") }

// benchCheck measures every check, without a cache, on the file at path.
func benchCheck(b *testing.B, path string) {
	m := dockerfile.Parse(benchFile(b, path))
	b.ReportAllocs()
	for b.Loop() {
		Check(context.Background(), m, Options{})
	}
}

// BenchmarkCheckBigEdit measures re-checking the 5,000-line file after an
// edit in one stage, with the per-stage cache the server keeps.
func BenchmarkCheckBigEdit(b *testing.B) {
	text := benchFile(b, "../../testdata/bench/big.Dockerfile")
	cache := NewCache()
	Check(context.Background(), dockerfile.Parse(text), Options{Cache: cache})
	mid := len(text) / 2
	mid += strings.IndexByte(text[mid:], '\n') + 1
	edited := []*dockerfile.Model{
		dockerfile.Parse(text[:mid] + "RUN echo edited\n" + text[mid:]),
		dockerfile.Parse(text),
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Check(context.Background(), edited[i%2], Options{Cache: cache})
		i++
	}
}

// The parts of a `dockerlab check` of the real-world corpus, to read
// check's BenchmarkRealWorldCheck against: BuildKit's own build checks run
// once over each whole file (what `docker build --check` runs), our model
// alone, and our whole check (model and Check) without the writers.
func BenchmarkRealWorldBuildKitChecks(b *testing.B) {
	files := testcorpus.RealWorld(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			lintOnce(context.Background(), strings.Split(f.Text, "\n"), nil)
		}
	}
}

func BenchmarkRealWorldModel(b *testing.B) {
	files := testcorpus.RealWorld(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			dockerfile.Parse(f.Text)
		}
	}
}

func BenchmarkRealWorldModelAndCheck(b *testing.B) {
	files := testcorpus.RealWorld(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			Check(context.Background(), dockerfile.Parse(f.Text), Options{})
		}
	}
}

// BenchmarkFirstPhaseBig measures what a didOpen of the 5,000-line file
// publishes first: a new document's model (empty parse cache) and the
// check without BuildKit's part (see session.FirstDiagnostics).
func BenchmarkFirstPhaseBig(b *testing.B) {
	text := benchFile(b, "../../testdata/bench/big.Dockerfile")
	b.ReportAllocs()
	for b.Loop() {
		m := dockerfile.ParseCached(text, dockerfile.NewParseCache())
		Check(context.Background(), m, Options{Cache: NewCache(), WithoutBuildKit: true})
	}
}

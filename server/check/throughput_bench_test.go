package check

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// `dockerlab check` over the real-world corpus (303 files from public
// repositories), reported as files/s and lines/s, beside the floor it is
// measured against: BuildKit's parser alone over the same files in the same
// process. The check parses each file (our model: BuildKit's parser plus
// positions, variables and stages), runs BuildKit's own build checks (which
// parse the file again and convert it) and dockerlab's rules.
func BenchmarkRealWorldCheck(b *testing.B) {
	_, paths, lines := realWorld(b)
	b.ReportAllocs()
	for b.Loop() {
		r := Run(context.Background(), paths, Options{})
		if len(r.Files) != len(paths) || len(r.Errors) != 0 {
			b.Fatalf("checked %d of %d files, errors %v", len(r.Files), len(paths), r.Errors)
		}
		if err := WriteJSON(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
	reportThroughput(b, len(paths), lines)
}

// BenchmarkRealWorldParseOnly is the floor: BuildKit's parser on the same
// files, nothing else.
func BenchmarkRealWorldParseOnly(b *testing.B) {
	files, _, lines := realWorld(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			_, _ = parser.Parse(bytes.NewReader([]byte(f.Text))) // some real files are broken on purpose
		}
	}
	reportThroughput(b, len(files), lines)
}

// realWorld is the real-world corpus, the paths of its files (read where
// they are; nothing is written) and its line count.
func realWorld(b *testing.B) (files []testcorpus.RealFile, paths []string, lines int) {
	files = testcorpus.RealWorld(b)
	for _, f := range files {
		paths = append(paths, filepath.Join(testcorpus.FilesDir(), filepath.FromSlash(f.Name)))
		lines += strings.Count(f.Text, "\n") + 1
	}
	return files, paths, lines
}

func reportThroughput(b *testing.B, files, lines int) {
	s := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(files)/s, "files/s")
	b.ReportMetric(float64(lines)/s, "lines/s")
	b.ReportMetric(s*1000, "ms/corpus")
}

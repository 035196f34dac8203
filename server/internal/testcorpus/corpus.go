// Package testcorpus gives tests and fuzz targets the project's Dockerfile
// corpus (testdata/corpus, a copy of the shared benchmark corpus:
// handwritten files of every common shape, broken ones included), so each
// package seeds its fuzzing from the same files without its own loader.
// RealWorld adds the real-world corpus: Dockerfiles read unchanged from
// public repositories, listed with their origin and licence in
// testdata/realworld/MANIFEST.tsv and kept outside the repository (see
// realworld.go), to measure every analysis on files nobody here wrote.
//
// It is test-only code (it imports testing and reads the checkout), so it
// lives under server/internal and only _test.go files import it;
// TestOnlyTestsImport keeps it that way.
package testcorpus

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// dir is testdata/corpus, found from this file's place in the repository.
func dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "corpus")
}

// Texts returns the text of every corpus Dockerfile; it fails the test
// when there are none.
func Texts(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir(), "*.Dockerfile"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no corpus files in %s: %v", dir(), err)
	}
	out := make([]string, 0, len(files))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// Seed adds every corpus Dockerfile to a fuzz target taking one string.
func Seed(f *testing.F) {
	for _, text := range Texts(f) {
		f.Add(text)
	}
}

// testdata is the repository's testdata folder.
func testdata() string { return filepath.Join(dir(), "..") }

// Big returns testdata/bench/big.Dockerfile, the 5,000-line file
// testdata/corpus/gen_big.py makes, that the benchmarks measure on.
func Big(tb testing.TB) string {
	tb.Helper()
	return read(tb, filepath.Join(testdata(), "bench", "big.Dockerfile"))
}

// Lab returns testdata/lab/Dockerfile, the lab's own Dockerfile: the small
// file a learner starts from.
func Lab(tb testing.TB) string {
	tb.Helper()
	return read(tb, filepath.Join(testdata(), "lab", "Dockerfile"))
}

func read(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// Root is the checkout's root folder (the one with go.mod).
func Root() string { return filepath.Join(testdata(), "..") }

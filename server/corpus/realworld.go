package corpus

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Origin says where a real-world Dockerfile comes from, as one line of
// testdata/realworld/MANIFEST.tsv records it, so a finding on a file can be
// traced back to the repository and commit it was read at.
type Origin struct {
	Repository string // owner/name on GitHub
	Commit     string // the commit the file was read at (40 hex digits)
	Path       string // the file's path inside the repository
	License    string // SPDX id of the repository's licence
	SHA256     string // hex SHA-256 of the file's content
}

// RealFile is one Dockerfile of the real-world corpus: files from public
// repositories that nobody on this project wrote, kept byte for byte, so
// every analysis can be measured on Dockerfiles as people really write them.
type RealFile struct {
	Name   string // path under testdata/realworld, e.g. "moby__buildkit/hack__dockerfiles__docs.Dockerfile"
	Text   string
	Origin Origin
}

// manifestName is the file that lists the real-world corpus.
const manifestName = "MANIFEST.tsv"

// realWorldDir is testdata/realworld, found from this file's place in the
// repository.
func realWorldDir() string {
	return filepath.Join(filepath.Dir(dir()), "realworld")
}

// manifestEntry is one parsed line of MANIFEST.tsv.
type manifestEntry struct {
	name   string
	origin Origin
}

// readManifest parses MANIFEST.tsv in dir: a header line, then one line per
// file with six tab-separated columns.
func readManifest(dir string) ([]manifestEntry, error) {
	f, err := os.Open(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, fmt.Errorf("reading the real-world manifest: %w", err)
	}
	defer f.Close()
	var out []manifestEntry
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			continue // header
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 6 {
			return nil, fmt.Errorf("%s:%d: want 6 tab-separated columns, got %d", manifestName, line, len(cols))
		}
		out = append(out, manifestEntry{name: cols[0], origin: Origin{
			Repository: cols[1], Commit: cols[2], Path: cols[3], License: cols[4], SHA256: cols[5],
		}})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", manifestName, err)
	}
	return out, nil
}

// RealWorld returns every Dockerfile of the real-world corpus
// (testdata/realworld) in manifest order, with its origin; it fails the test
// when the manifest cannot be read, a listed file is missing, or there are
// no files.
func RealWorld(tb testing.TB) []RealFile {
	tb.Helper()
	d := realWorldDir()
	entries, err := readManifest(d)
	if err != nil {
		tb.Fatal(err)
	}
	if len(entries) == 0 {
		tb.Fatalf("no real-world files listed in %s", filepath.Join(d, manifestName))
	}
	out := make([]RealFile, 0, len(entries))
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(d, filepath.FromSlash(e.name)))
		if err != nil {
			tb.Fatalf("real-world file listed in %s: %v", manifestName, err)
		}
		out = append(out, RealFile{Name: e.name, Text: string(b), Origin: e.origin})
	}
	return out
}

package testcorpus

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
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

// RealFile is one Dockerfile of the real-world corpus: a file from a public
// repository that nobody on this project wrote, byte for byte, so every
// analysis can be measured on Dockerfiles as people really write them.
type RealFile struct {
	Name   string // its name in the manifest, e.g. "moby__buildkit/hack__dockerfiles__docs.Dockerfile"
	Text   string
	Origin Origin
}

// The corpus's content is other projects' code, and code read from public
// repositories stays out of this repository's commits. So only its
// manifest (origin, licence and SHA-256 of each file) and the reviewed
// verdicts on it are committed, in testdata/realworld; the files themselves
// live in a corpus directory outside the repository's history:
// $DOCKERLAB_REALWORLD, else .tools/realworld-corpus in the checkout (ignored
// by git, where a restore from the manifest's commits writes it), else
// ../shared/realworld beside the checkout.
const (
	manifestName = "MANIFEST.tsv"
	// EnvDir names the corpus directory.
	EnvDir = "DOCKERLAB_REALWORLD"
	// EnvRequired, set to 1, makes a missing corpus fail the tests that use
	// it instead of skipping them (on the developers' machines, which have it).
	EnvRequired = "DOCKERLAB_REALWORLD_REQUIRED"
)

// manifestDir is testdata/realworld, found from this file's place in the
// repository.
func manifestDir() string {
	return filepath.Join(filepath.Dir(dir()), "realworld")
}

// FilesDir is the directory that holds the corpus's files.
func FilesDir() string {
	if d := os.Getenv(EnvDir); d != "" {
		return d
	}
	root := filepath.Dir(filepath.Dir(manifestDir()))
	if d := filepath.Join(root, ".tools", "realworld-corpus"); isDir(d) {
		return d
	}
	return filepath.Join(root, "..", "shared", "realworld")
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

// RealWorld returns every Dockerfile of the real-world corpus in manifest
// order, with its origin, each checked against its SHA-256. Where the
// corpus directory is absent (a clean clone in CI) the test is skipped with
// a message naming the directory, unless DOCKERLAB_REALWORLD_REQUIRED=1;
// a corpus that is there but does not match the manifest always fails.
func RealWorld(tb testing.TB) []RealFile {
	tb.Helper()
	entries, err := readManifest(manifestDir())
	if err != nil {
		tb.Fatal(err)
	}
	if len(entries) == 0 {
		tb.Fatalf("no real-world files listed in %s", filepath.Join(manifestDir(), manifestName))
	}
	files := FilesDir()
	if _, err := os.Stat(files); err != nil {
		if os.Getenv(EnvRequired) == "1" {
			tb.Fatalf("the real-world corpus is required (%s=1) but %s is not there: %v", EnvRequired, files, err)
		}
		tb.Skipf("the real-world corpus (other projects' files, kept out of commits) is not on this machine: %s; set %s to its directory", files, EnvDir)
	}
	out := make([]RealFile, 0, len(entries))
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(files, filepath.FromSlash(e.name)))
		if err != nil {
			tb.Fatalf("real-world file listed in %s: %v", manifestName, err)
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != e.origin.SHA256 {
			tb.Fatalf("%s: its SHA-256 is not the one in %s", e.name, manifestName)
		}
		out = append(out, RealFile{Name: e.name, Text: string(b), Origin: e.origin})
	}
	return out
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

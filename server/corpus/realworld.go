package corpus

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Origin says where a real-world Dockerfile comes from, as one line of
// testdata/realworld-modules/MANIFEST.tsv records it: the Go module version
// whose zip holds the file, so a finding on a file can be traced back to the
// project and release it was read from.
type Origin struct {
	Module  string // Go module path, e.g. "github.com/moby/buildkit"
	Version string // the module version, e.g. "v0.34.2"
	Path    string // the file's path inside the module, e.g. "hack/dockerfiles/docs.Dockerfile"
	License string // SPDX id of the licence file nearest above the file in the module
	SHA256  string // hex SHA-256 of the file's content
}

// RealFile is one Dockerfile of the real-world corpus: files from public
// projects that nobody on this project wrote, byte for byte, so every
// analysis can be measured on Dockerfiles as people really write them.
type RealFile struct {
	Name   string // local name from the manifest, e.g. "moby__buildkit/hack__dockerfiles__docs.Dockerfile"
	Text   string
	Origin Origin
}

// manifestName is the file that lists the real-world corpus.
const manifestName = "MANIFEST.tsv"

// manifestHeader is the first line of MANIFEST.tsv.
const manifestHeader = "local_name\tmodule\tversion\tpath\tlicense\tsha256"

// realWorldDir is testdata/realworld-modules, found from this file's place
// in the repository. It holds the manifest only: the files themselves are
// read from the modules' zips at test time and never committed.
func realWorldDir() string {
	return filepath.Join(filepath.Dir(dir()), "realworld-modules")
}

// cacheRoot is .tools/realworld in the repository (git ignores .tools/).
func cacheRoot() string {
	return filepath.Join(filepath.Dir(filepath.Dir(dir())), ".tools", "realworld")
}

// manifestEntry is one parsed line of MANIFEST.tsv.
type manifestEntry struct {
	name   string
	origin Origin
}

// manifest is MANIFEST.tsv parsed, with the hash of its bytes, which names
// the cache directory: a changed manifest gets a fresh cache.
type manifest struct {
	entries []manifestEntry
	sum     string // hex SHA-256 of the file
}

// readManifest parses the manifest at path: the header line, then one line
// per file with six tab-separated columns.
func readManifest(path string) (manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return manifest{}, fmt.Errorf("reading the real-world manifest: %w", err)
	}
	sum := sha256.Sum256(b)
	m := manifest{sum: hex.EncodeToString(sum[:])}
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			if sc.Text() != manifestHeader {
				return manifest{}, fmt.Errorf("%s:1: header is %q, want %q", manifestName, sc.Text(), manifestHeader)
			}
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 6 {
			return manifest{}, fmt.Errorf("%s:%d: want 6 tab-separated columns, got %d", manifestName, line, len(cols))
		}
		m.entries = append(m.entries, manifestEntry{name: cols[0], origin: Origin{
			Module: cols[1], Version: cols[2], Path: cols[3], License: cols[4], SHA256: cols[5],
		}})
	}
	if err := sc.Err(); err != nil {
		return manifest{}, fmt.Errorf("reading %s: %w", manifestName, err)
	}
	return m, nil
}

// cacheDir is where the files of manifest m are kept once extracted.
func (m manifest) cacheDir() string {
	return filepath.Join(cacheRoot(), m.sum[:16])
}

// loaded keeps the corpus once a process has loaded it, so the tests of one
// package read it once.
var loaded struct {
	sync.Mutex
	files []RealFile
}

// RealWorld returns every Dockerfile of the real-world corpus in manifest
// order, with its origin (see LoadRealWorld). It fails the test, never skips
// it, when the corpus cannot be built: a corpus that silently vanishes would
// let every measurement on it pass.
func RealWorld(tb testing.TB) []RealFile {
	tb.Helper()
	files, err := LoadRealWorld(context.Background())
	if err != nil {
		tb.Fatalf("real-world corpus: %v", err)
	}
	return files
}

// LoadRealWorld returns every Dockerfile listed in
// testdata/realworld-modules/MANIFEST.tsv, in manifest order. The files come
// from the cache in .tools/realworld/<manifest hash>/ when it holds them
// with the recorded SHA-256; the others are read from their modules' zips,
// which `go mod download` fetches from the Go module proxy (GOPROXY,
// GOFLAGS and GOMODCACHE are the environment's), each module once and at
// most four at a time, and are then cached. It fails when a module cannot be
// downloaded, a listed file is missing from its zip, or its content differs
// from the manifest.
func LoadRealWorld(ctx context.Context) ([]RealFile, error) {
	loaded.Lock()
	defer loaded.Unlock()
	if loaded.files != nil {
		return slices.Clone(loaded.files), nil
	}
	m, err := readManifest(filepath.Join(realWorldDir(), manifestName))
	if err != nil {
		return nil, err
	}
	if len(m.entries) == 0 {
		return nil, fmt.Errorf("no files listed in %s", filepath.Join(realWorldDir(), manifestName))
	}
	files, err := load(ctx, m.entries, m.cacheDir(), goModDownload)
	if err != nil {
		return nil, err
	}
	loaded.files = files
	return slices.Clone(files), nil
}

// RealWorldCache returns the directory where LoadRealWorld keeps the files
// of the current manifest, each under its local name; it holds them once
// LoadRealWorld has succeeded.
func RealWorldCache() (string, error) {
	m, err := readManifest(filepath.Join(realWorldDir(), manifestName))
	if err != nil {
		return "", err
	}
	return m.cacheDir(), nil
}

// Package testfs writes and copies the small file trees tests build on:
// a build context, a workspace to check, a copy of testdata/lab to edit.
// Every package's tests used to carry its own walk-and-write loop; one
// copy here keeps the permissions and the error handling the same.
//
// It is test-only code (it imports testing), so only _test.go files import
// it; testcorpus.TestOnlyTestsImport keeps it that way.
package testfs

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Write creates files (slash path → content) under dir, with the folders
// they need, and fails the test on any error.
func Write(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// Tree writes files (as Write does) into a new temporary folder and returns
// it.
func Tree(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	Write(tb, dir, files)
	return dir
}

// Copy copies the tree at from to to (created as needed), files 0644 and
// folders 0755, and fails the test on any error.
func Copy(tb testing.TB, from, to string) {
	tb.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		tb.Fatalf("copying %s to %s: %v", from, to, err)
	}
}

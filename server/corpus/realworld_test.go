package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// allowedLicenses are the licences whose terms let the corpus be
// redistributed with the notices kept in LICENSES.md.
var allowedLicenses = map[string]bool{
	"MIT": true, "Apache-2.0": true, "BSD-2-Clause": true, "BSD-3-Clause": true,
	"ISC": true, "MPL-2.0": true, "CC0-1.0": true, "Unlicense": true,
}

const (
	minRealFiles   = 300
	minRealRepos   = 25
	maxFilesByRepo = 30
)

var (
	commitRE = regexp.MustCompile(`^[0-9a-f]{40}$`)
	sha256RE = regexp.MustCompile(`^[0-9a-f]{64}$`)
	repoRE   = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
)

// TestRealWorldManifest checks that MANIFEST.tsv and the files agree: every
// line's file exists with the recorded SHA-256, every file is listed once,
// and the corpus is big, varied and licensed as the issue asks.
func TestRealWorldManifest(t *testing.T) {
	d := realWorldDir()
	entries, err := readManifest(d)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	byRepo := map[string]int{}
	for _, e := range entries {
		o := e.origin
		if listed[e.name] {
			t.Errorf("%s is listed twice", e.name)
		}
		listed[e.name] = true
		byRepo[o.Repository]++
		if !repoRE.MatchString(o.Repository) {
			t.Errorf("%s: repository %q is not owner/name", e.name, o.Repository)
		}
		if !commitRE.MatchString(o.Commit) {
			t.Errorf("%s: commit %q is not 40 lowercase hex digits", e.name, o.Commit)
		}
		if !sha256RE.MatchString(o.SHA256) {
			t.Errorf("%s: sha256 %q is not 64 lowercase hex digits", e.name, o.SHA256)
		}
		if o.Path == "" {
			t.Errorf("%s: no original path", e.name)
		}
		if !allowedLicenses[o.License] {
			t.Errorf("%s: licence %q is not one that allows redistribution here", e.name, o.License)
		} else if _, err := os.Stat(filepath.Join(d, "licenses", o.License+".txt")); err != nil {
			t.Errorf("%s: no text for licence %s: %v", e.name, o.License, err)
		}
		b, err := os.ReadFile(filepath.Join(d, filepath.FromSlash(e.name)))
		if err != nil {
			t.Errorf("listed file: %v", err)
			continue
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != o.SHA256 {
			t.Errorf("%s: sha256 is %s, the manifest says %s", e.name, got, o.SHA256)
		}
	}

	err = filepath.WalkDir(d, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(d, p)
		rel = filepath.ToSlash(rel)
		if de.IsDir() {
			if rel == "licenses" {
				return filepath.SkipDir
			}
			return nil
		}
		if rel == manifestName || rel == "LICENSES.md" {
			return nil
		}
		if !listed[rel] {
			t.Errorf("%s is not in %s", rel, manifestName)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	if len(entries) < minRealFiles {
		t.Errorf("%d files, want at least %d", len(entries), minRealFiles)
	}
	if len(byRepo) < minRealRepos {
		t.Errorf("%d repositories, want at least %d", len(byRepo), minRealRepos)
	}
	for repo, n := range byRepo {
		if n > maxFilesByRepo {
			t.Errorf("%s has %d files, want at most %d so no project dominates", repo, n, maxFilesByRepo)
		}
	}
}

// TestRealWorldLoads checks that the loader returns every listed file with
// its text and origin.
func TestRealWorldLoads(t *testing.T) {
	files := RealWorld(t)
	for _, f := range files {
		if f.Text == "" {
			t.Errorf("%s: empty text", f.Name)
		}
		if f.Origin.Repository == "" {
			t.Errorf("%s: no origin", f.Name)
		}
	}
}

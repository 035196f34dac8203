package corpus

import (
	"archive/zip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fakeModules serves module zips made in a test's directory and counts how
// often each module is downloaded.
type fakeModules struct {
	dir   string
	zips  map[string]string // module@version -> zip path
	mu    sync.Mutex
	calls map[string]int
	fail  error // when set, every download fails with it
}

func newFakeModules(t *testing.T, mods map[string]map[string]string) *fakeModules {
	t.Helper()
	f := &fakeModules{dir: t.TempDir(), zips: map[string]string{}, calls: map[string]int{}}
	for mv, files := range mods {
		p := filepath.Join(f.dir, strings.NewReplacer("/", "_", "@", "_").Replace(mv)+".zip")
		out, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		zw := zip.NewWriter(out)
		for name, text := range files {
			w, err := zw.Create(mv + "/" + name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write([]byte(text)); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		f.zips[mv] = p
	}
	return f
}

func (f *fakeModules) download(_ context.Context, module, version string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[module+"@"+version]++
	if f.fail != nil {
		return "", f.fail
	}
	p, ok := f.zips[module+"@"+version]
	if !ok {
		return "", errors.New("go mod download " + module + "@" + version + ": not found")
	}
	return p, nil
}

func entry(module, version, p, text string) manifestEntry {
	return manifestEntry{name: localName(module, p), origin: Origin{
		Module: module, Version: version, Path: p, License: "MIT", SHA256: sha256Hex([]byte(text)),
	}}
}

// A cold load reads every file from its module's zip, downloading each
// module once however many files it gives, and caches the files; a warm
// load reads the cache and downloads nothing.
func TestLoadCachesAndDownloadsEachModuleOnce(t *testing.T) {
	a1, a2, b1 := "FROM alpine\nRUN echo a1\n", "FROM scratch\n", "FROM debian\r\nRUN apt-get update\r\n"
	mods := newFakeModules(t, map[string]map[string]string{
		"example.com/a@v1.0.0":     {"Dockerfile": a1, "sub/x.Dockerfile": a2, "main.go": "package main\n"},
		"github.com/b/c/v2@v2.1.0": {"images/Dockerfile": b1},
	})
	entries := []manifestEntry{
		entry("example.com/a", "v1.0.0", "Dockerfile", a1),
		entry("github.com/b/c/v2", "v2.1.0", "images/Dockerfile", b1),
		entry("example.com/a", "v1.0.0", "sub/x.Dockerfile", a2),
	}
	cache := filepath.Join(t.TempDir(), "cache")

	files, err := load(context.Background(), entries, cache, mods.download)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{a1, b1, a2}
	for i, f := range files {
		if f.Name != entries[i].name || f.Text != want[i] || f.Origin != entries[i].origin {
			t.Errorf("file %d = %q %q %+v, want %q %q %+v", i, f.Name, f.Text, f.Origin, entries[i].name, want[i], entries[i].origin)
		}
		b, err := os.ReadFile(filepath.Join(cache, filepath.FromSlash(f.Name)))
		if err != nil || string(b) != want[i] {
			t.Errorf("%s: cached %q, %v; want %q", f.Name, b, err, want[i])
		}
	}
	if mods.calls["example.com/a@v1.0.0"] != 1 || mods.calls["github.com/b/c/v2@v2.1.0"] != 1 || len(mods.calls) != 2 {
		t.Errorf("downloads %v, want each module once", mods.calls)
	}

	mods.fail = errors.New("no network")
	again, err := load(context.Background(), entries, cache, mods.download)
	if err != nil {
		t.Fatalf("a warm load needs no network, got %v", err)
	}
	for i := range again {
		if again[i] != files[i] {
			t.Errorf("warm load gave %+v, cold load %+v", again[i], files[i])
		}
	}
	if n := mods.calls["example.com/a@v1.0.0"] + mods.calls["github.com/b/c/v2@v2.1.0"]; n != 2 {
		t.Errorf("a warm load downloaded again: %v", mods.calls)
	}
}

// A cached file whose content no longer matches the manifest is read again
// from its module, and only its module is downloaded.
func TestLoadRefetchesACorruptCachedFile(t *testing.T) {
	a, b := "FROM alpine\n", "FROM busybox\n"
	mods := newFakeModules(t, map[string]map[string]string{
		"example.com/a@v1.0.0": {"Dockerfile": a},
		"example.com/b@v1.0.0": {"Dockerfile": b},
	})
	entries := []manifestEntry{entry("example.com/a", "v1.0.0", "Dockerfile", a), entry("example.com/b", "v1.0.0", "Dockerfile", b)}
	cache := t.TempDir()
	if _, err := load(context.Background(), entries, cache, mods.download); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cache, filepath.FromSlash(entries[1].name)), []byte("FROM evil\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := load(context.Background(), entries, cache, mods.download)
	if err != nil {
		t.Fatal(err)
	}
	if files[1].Text != b {
		t.Errorf("got %q, want %q", files[1].Text, b)
	}
	if mods.calls["example.com/a@v1.0.0"] != 1 || mods.calls["example.com/b@v1.0.0"] != 2 {
		t.Errorf("downloads %v, want a once and b twice", mods.calls)
	}
}

// Every way the corpus can fail to build is an error that names the module
// or the file and says what is wrong: a failed download, a file the zip
// lacks, a file whose content is not the one recorded.
func TestLoadFailures(t *testing.T) {
	mods := newFakeModules(t, map[string]map[string]string{
		"example.com/a@v1.0.0": {"Dockerfile": "FROM alpine:3.21\n"},
	})
	for _, tc := range []struct {
		name  string
		entry manifestEntry
		want  []string
	}{
		{"download fails", entry("example.com/gone", "v0.1.0", "Dockerfile", "x"),
			[]string{"go mod download example.com/gone@v0.1.0: not found", "Go module proxy", "README.md"}},
		{"file not in zip", entry("example.com/a", "v1.0.0", "build/Dockerfile", "x"),
			[]string{"example.com/a@v1.0.0 has no file build/Dockerfile"}},
		{"content differs", entry("example.com/a", "v1.0.0", "Dockerfile", "FROM alpine:3.20\n"),
			[]string{"Dockerfile in example.com/a@v1.0.0 has sha256 " + sha256Hex([]byte("FROM alpine:3.21\n")), "the manifest says " + sha256Hex([]byte("FROM alpine:3.20\n"))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cache := t.TempDir()
			files, err := load(context.Background(), []manifestEntry{tc.entry}, cache, mods.download)
			if err == nil {
				t.Fatalf("no error; got %d files", len(files))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if _, err := os.Stat(filepath.Join(cache, filepath.FromSlash(tc.entry.name))); err == nil {
				t.Errorf("a file that failed was cached")
			}
		})
	}
}

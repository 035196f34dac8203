package engine

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testfs"
)

// tarEntries archives dir and returns the entry names and headers.
func tarEntries(t *testing.T, dir, dockerfile string) ([]string, map[string]*tar.Header, map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	if _, err := writeContextTar(&buf, dir, dockerfile); err != nil {
		t.Fatalf("writeContextTar: %v", err)
	}
	var names []string
	headers := map[string]*tar.Header{}
	contents := map[string]string{}
	tr := tar.NewReader(&buf)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		headers[h.Name] = h
		contents[h.Name] = string(b)
	}
	slices.Sort(names)
	return names, headers, contents
}

func TestContextTarDockerignore(t *testing.T) {
	dir := testfs.Tree(t, map[string]string{
		"Dockerfile": "FROM scratch\n",
		".dockerignore": "# comments and blank lines are ignored\n\n" +
			"secret.txt\n" + // one file
			"*.log\n" + // a wildcard at the top level only
			"**/*.tmp\n" + // a wildcard at any depth
			"!keep.tmp\n" + // an exception after it
			"node_modules\n" + // a whole directory, never walked
			"docs/\n" + // a directory with an exception inside
			"!docs/readme.md\n" +
			"/absolute.txt\n", // a leading slash is the context root
		"secret.txt":              "x",
		"app.log":                 "x",
		"sub/app.log":             "kept: *.log has no **",
		"a.tmp":                   "x",
		"sub/deep/b.tmp":          "x",
		"keep.tmp":                "kept by the exception",
		"node_modules/x/index.js": "x",
		"docs/guide.md":           "x",
		"docs/readme.md":          "kept by the exception",
		"absolute.txt":            "x",
		"src/main.go":             "package main\n",
	})
	if err := os.Symlink("src/main.go", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	names, headers, contents := tarEntries(t, dir, "Dockerfile")
	want := []string{
		".dockerignore", "Dockerfile",
		"docs/readme.md",
		"keep.tmp",
		"link",
		"src/", "src/main.go",
		"sub/", "sub/app.log", "sub/deep/",
	}
	if !slices.Equal(names, want) {
		t.Errorf("tar entries:\n got %q\nwant %q", names, want)
	}
	if h := headers["link"]; h == nil || h.Typeflag != tar.TypeSymlink || h.Linkname != "src/main.go" {
		t.Errorf("link header = %+v, want a symlink to src/main.go", h)
	}
	for name, h := range headers {
		if h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" {
			t.Errorf("%s owned by %d:%d (%q:%q), want root", name, h.Uid, h.Gid, h.Uname, h.Gname)
		}
	}
	if contents["src/main.go"] != "package main\n" {
		t.Errorf("src/main.go content = %q", contents["src/main.go"])
	}
}

// TestContextTarAlwaysSendsBuildFiles checks the Dockerfile and
// .dockerignore reach the engine even when .dockerignore excludes them or
// their directory, as the docker CLI does.
func TestContextTarAlwaysSendsBuildFiles(t *testing.T) {
	dir := testfs.Tree(t, map[string]string{
		"build/Dockerfile": "FROM scratch\n",
		"build/other.txt":  "x",
		".dockerignore":    "build\n.dockerignore\n",
		"app/main.go":      "package main\n",
		"app/readme.txt":   "x",
	})
	wantEntries(t, dir, "./build/Dockerfile", []string{".dockerignore", "app/", "app/main.go", "app/readme.txt", "build/Dockerfile"})
}

// TestContextTarNoDockerignore sends everything.
func TestContextTarNoDockerignore(t *testing.T) {
	dir := testfs.Tree(t, map[string]string{"Dockerfile": "FROM scratch\n", "a/b.txt": "b"})
	wantEntries(t, dir, "Dockerfile", []string{"Dockerfile", "a/", "a/b.txt"})
}

// TestContextTarBadPattern reports a malformed .dockerignore.
func TestContextTarBadPattern(t *testing.T) {
	dir := testfs.Tree(t, map[string]string{"Dockerfile": "FROM scratch\n", ".dockerignore": "!\n"})
	if _, err := writeContextTar(io.Discard, dir, "Dockerfile"); err == nil {
		t.Error("writeContextTar accepted a lone \"!\" pattern")
	}
}

// TestContextTarDockerfileIgnore prefers "<Dockerfile>.dockerignore", as
// `docker build` with BuildKit does.
func TestContextTarDockerfileIgnore(t *testing.T) {
	dir := testfs.Tree(t, map[string]string{
		"app/Dockerfile":              "FROM scratch\n",
		"app/Dockerfile.dockerignore": "b.txt\n",
		".dockerignore":               "a.txt\n",
		"a.txt":                       "sent: only the Dockerfile's own ignore file counts",
		"b.txt":                       "x",
	})
	wantEntries(t, dir, "app/Dockerfile", []string{".dockerignore", "a.txt", "app/", "app/Dockerfile", "app/Dockerfile.dockerignore"})
}

// wantEntries checks the names in the build context sent for dockerfile.
func wantEntries(t *testing.T, dir, dockerfile string, want []string) {
	t.Helper()
	if names, _, _ := tarEntries(t, dir, dockerfile); !slices.Equal(names, want) {
		t.Errorf("tar entries:\n got %q\nwant %q", names, want)
	}
}

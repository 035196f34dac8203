package testcorpus

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// testOnly are the import paths of the test-only packages: this one and
// its siblings under server/internal.
var testOnly = map[string]bool{
	"github.com/dockerlab/dockerlab/server/internal/testcorpus":     true,
	"github.com/dockerlab/dockerlab/server/internal/enginetest":     true,
	"github.com/dockerlab/dockerlab/server/internal/registrytest":   true,
	"github.com/dockerlab/dockerlab/server/internal/testfs":         true,
	"github.com/dockerlab/dockerlab/server/internal/dockerfiletest": true,
	"github.com/dockerlab/dockerlab/server/internal/tabletest":      true,
}

// The corpus loader, the engine set-up and the file-tree writers import
// testing and read the checkout or dial the engine, so they must never
// reach the product: no Go file under server/ but a _test.go file may
// import them (a test-only package may import another).
func TestOnlyTestsImport(t *testing.T) {
	server := filepath.Join(filepath.Dir(dir()), "..", "server")
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(server, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		if testOnly[importPath(server, filepath.Dir(path))] {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); testOnly[p] {
				t.Errorf("%s imports %s; only _test.go files may", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walking %s: %v", server, err)
	}
	if checked == 0 {
		t.Fatalf("no Go files under %s", server)
	}
}

// importPath is the import path of the package in dir, a folder under
// server.
func importPath(server, dir string) string {
	rel, _ := filepath.Rel(server, dir)
	return "github.com/dockerlab/dockerlab/server/" + filepath.ToSlash(rel)
}

// Command gen writes editor-ext/src/generated/contract.ts and the tables of
// docs/editors.md and docs/editors.en.md from the declarations in
// server/contract. `go generate ./server/contract` runs it.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dockerlab/dockerlab/server/contract/mdgen"
	"github.com/dockerlab/dockerlab/server/contract/tsgen"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run finds the repository root (the directory of go.mod) from the working
// directory, which go generate sets to server/contract, and writes the files.
func run() error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			return fmt.Errorf("no go.mod above the working directory")
		}
		root = parent
	}
	out, err := tsgen.Render(root)
	if err != nil {
		return err
	}
	path := filepath.Join(root, tsgen.Path)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		return err
	}
	for _, p := range mdgen.Pages {
		page, err := mdgen.Render(root, p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(root, p.Path), page, 0o644); err != nil {
			return err
		}
	}
	return nil
}

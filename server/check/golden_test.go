package check

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testfs"
)

var update = flag.Bool("update", false, "rewrite the golden outputs in testdata")

const (
	clean   = "FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\nRUN yarn install --production\nCMD [\"node\", \"src/index.js\"]\nEXPOSE 3000\n"
	warning = "FROM alpine:3.20\nRUN apk add git\n"
	hint    = "FROM alpine:3.20\nRUN echo a\nRUN echo b\n"
	broken  = "FROM alpine:3.20\nEXPOSE 70000\n"
)

// goldenTree is a small workspace whose findings carry fixes, several
// findings of one rule, an error and a path that needs percent-encoding in
// SARIF.
var goldenTree = map[string]string{
	"app/Dockerfile":  "FROM alpine:3.20\nRUN apk add git\nRUN apk add curl\nRUN apt-get install curl\n",
	"한글/Dockerfile":   broken,
	"ok.Dockerfile":   clean,
	"hint.Dockerfile": hint,
}

// writers are the output formats, with the version main passes.
var writers = map[string]func(io.Writer, Report) error{
	"text":   WriteText,
	"json":   WriteJSON,
	"sarif":  func(w io.Writer, r Report) error { return WriteSARIF(w, r, "0.1.0-dev") },
	"gitlab": WriteGitLab,
}

// TestGolden pins the exact text, JSON, SARIF and GitLab output on the
// benchmark corpus and on goldenTree. The text, JSON and SARIF goldens were
// written by `dockerlab check` before it moved out of package main, so they
// prove the move changed no byte; -update rewrites them for a person to
// review.
func TestGolden(t *testing.T) {
	testdata, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	golden, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		dir  func(t *testing.T) string
		path string
	}{
		{"corpus", func(*testing.T) string { return testdata }, "corpus"},
		{"tree", func(t *testing.T) string { return testfs.Tree(t, goldenTree) }, "."},
	}
	for _, c := range cases {
		for format, write := range writers {
			t.Run(c.name+"."+format, func(t *testing.T) {
				t.Chdir(c.dir(t))
				r := Run(context.Background(), []string{c.path}, Options{})
				if len(r.Errors) != 0 {
					t.Fatal(r.Errors)
				}
				var out bytes.Buffer
				if err := write(&out, r); err != nil {
					t.Fatal(err)
				}
				file := filepath.Join(golden, c.name+"."+format)
				if *update {
					if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(out.Bytes(), want) {
					t.Errorf("output differs from %s (run with -update to accept):\n%s", file, firstDiff(out.String(), string(want)))
				}
			})
		}
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got  %s\n want %s", i+1, gl, wl)
		}
	}
	return ""
}

package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden outputs of dockerlab check")

// goldenTree is a small workspace whose findings carry fixes, several rules
// of one name, an error and a path that needs percent-encoding in SARIF.
var goldenTree = map[string]string{
	"app/Dockerfile":  "FROM alpine:3.20\nRUN apk add git\nRUN apk add curl\nRUN apt-get install curl\n",
	"한글/Dockerfile":   broken,
	"ok.Dockerfile":   clean,
	"hint.Dockerfile": hint,
}

// TestCheckGolden pins the exact text, JSON and SARIF output of
// `dockerlab check` on the benchmark corpus and on goldenTree, so moving
// the checker cannot change a byte of it.
func TestCheckGolden(t *testing.T) {
	golden, err := filepath.Abs("../../check/testdata")
	if err != nil {
		t.Fatal(err)
	}
	testdata, err := filepath.Abs("../../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		dir  func(t *testing.T) string
		path string
	}{
		{"corpus", func(*testing.T) string { return testdata }, "corpus"},
		{"tree", func(t *testing.T) string { return writeTree(t, goldenTree) }, "."},
	}
	for _, c := range cases {
		for _, format := range []string{"text", "json", "sarif"} {
			t.Run(c.name+"."+format, func(t *testing.T) {
				code, out, errOut := check(t, c.dir(t), "--format", format, "--settings", "", c.path)
				got := []byte(out)
				if code != 1 || errOut != "" {
					t.Errorf("exit %d, stderr %q; want exit 1 and nothing on stderr", code, errOut)
				}
				file := filepath.Join(golden, c.name+"."+format)
				if *update {
					if err := os.WriteFile(file, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("output differs from %s (run with -update to accept):\n%s", file, firstDiff(string(got), string(want)))
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

package archtest

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/dockerlab/dockerlab/server/"

// pkg is what `go list -json` says of one package.
type pkg struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Imports    []string
	Deps       []string
	Standard   bool
}

// list runs `go list -deps=false -json` on the server's packages.
func list(t *testing.T, patterns ...string) []pkg {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-json"}, patterns...)...)
	cmd.Dir = root(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %v: %v", patterns, err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// root is the repository's root (this file is server/internal/archtest).
func root(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(wd, "..", "..", "..")
}

func short(path string) string { return strings.TrimPrefix(path, module) }

// Feature packages compile without Docker's SDK, and the engine package
// without BuildKit's Dockerfile parser: each side knows one thing.
func TestDependencies(t *testing.T) {
	forbidden := map[string][]string{
		"hover":      {"github.com/moby/moby/client"},
		"completion": {"github.com/moby/moby/client"},
		"lab":        {"github.com/moby/moby/client"},
		"navigation": {"github.com/moby/moby/client"},
		"engine":     {"github.com/moby/buildkit/frontend/dockerfile"},
		"registry":   {"github.com/moby/moby/client", "github.com/moby/buildkit"},
		"compose":    {"github.com/moby/moby/client"},
		// The language server and `dockerlab check` link neither Docker's
		// Compose SDK nor compose-go's loader and its JSON Schema validator
		// (15 ms and 5.5 MB at every start, measured): the helper
		// dockerlab-compose does.
		// Nor client-go and kind's library (12 ms and 25 MB at every start,
		// measured): the helper dockerlab-k8s does.
		"cmd/dockerlab": {"github.com/docker/compose/", "github.com/santhosh-tekuri/jsonschema", "github.com/compose-spec/compose-go/v2/loader", "github.com/docker/cli/",
			"k8s.io/client-go", "sigs.k8s.io/kind", "k8s.io/api/"},
		"k8sproc":     {"k8s.io/", "sigs.k8s.io/"},
		"composeproc": {"github.com/docker/compose/", "github.com/moby/moby/client"},
		"docker":      {"github.com/"},
	}
	for _, p := range list(t, "./server/...") {
		bad := forbidden[short(p.ImportPath)]
		for _, d := range p.Deps {
			for _, b := range bad {
				if strings.HasPrefix(d, b) {
					t.Errorf("%s depends on %s", short(p.ImportPath), d)
				}
			}
		}
	}
}

// Imports go one way: the protocol layer on top, then the session, then
// the features, with the values and the parser at the bottom.
func TestImportsGoOneWay(t *testing.T) {
	layer := map[string]int{
		"cmd/dockerlab": 7, "cmd/dockerlab-compose": 7, "cmd/dockerlab-k8s": 7,
		"lsp": 6, "check": 6,
		"session":  5,
		"contract": 4, "engine": 4, "registry": 4, "composeproc": 4, "composesdk": 4, "k8sproc": 4, "k8ssdk": 4, "kindsdk": 4,
		"compose": 2, "k8s": 2,
		"lab": 3, "hover": 3, "completion": 3,
		"lint": 2, "navigation": 2, "format": 2, "folding": 2, "semantic": 2, "signature": 2, "outline": 2, "links": 2,
		"dockerfile": 1, "yamlspan": 1, "kubeconfig": 1,
		"document": 0, "docker": 0, "fileuri": 0, "helperexe": 0, "k8sproto": 0, "korean": 0, "profile": 0, "fuzzy": 0, "buildinfo": 0,
	}
	for _, p := range list(t, "./server/...") {
		from := short(p.ImportPath)
		lf, ok := layer[from]
		if !ok {
			if !strings.HasPrefix(from, "internal/") && !strings.HasPrefix(from, "contract/") {
				t.Errorf("package %s has no layer in this test: place it", from)
			}
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			to := short(imp)
			if strings.HasPrefix(to, "internal/") {
				t.Errorf("%s (not a test) imports the test-only %s", from, to)
			}
			if lt, ok := layer[to]; ok && lt >= lf {
				t.Errorf("%s (layer %d) imports %s (layer %d): imports go down only", from, lf, to, lt)
			}
		}
	}
}

var hangul = regexp.MustCompile(`[\x{AC00}-\x{D7A3}]`)

// The protocol layer holds the connection and nothing else: no Korean text
// (the features and the lab say everything), no routes registered from
// init functions (methods.go lists them all).
func TestProtocolLayerIsThin(t *testing.T) {
	p := list(t, "./server/lsp")[0]
	for _, f := range p.GoFiles {
		data, err := os.ReadFile(filepath.Join(p.Dir, f))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if hangul.MatchString(line) {
				t.Errorf("lsp/%s:%d holds Korean text: %s", f, n, strings.TrimSpace(line))
			}
			if strings.HasPrefix(line, "func init()") {
				t.Errorf("lsp/%s:%d registers something from init; add it to methods.go", f, n)
			}
		}
	}
}

// main only parses flags and wires: the command line stays small.
func TestCommandIsSmall(t *testing.T) {
	p := list(t, "./server/cmd/dockerlab")[0]
	lines := 0
	for _, f := range p.GoFiles {
		data, err := os.ReadFile(filepath.Join(p.Dir, f))
		if err != nil {
			t.Fatal(err)
		}
		lines += strings.Count(string(data), "\n")
	}
	if lines >= 200 {
		t.Errorf("cmd/dockerlab has %d lines of Go (tests aside); move features into their packages", lines)
	}
	if slices.Contains(p.Imports, module+"lint") {
		t.Error("cmd/dockerlab imports lint: checking belongs to package check")
	}
}

package hover

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/moby/buildkit/frontend/dockerfile/command"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// buildkitFlagNames reads every flag name BuildKit's instruction parser
// registers, from the source of the BuildKit module this build uses.
func buildkitFlagNames(t *testing.T) []string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/moby/buildkit").Output()
	if err != nil {
		t.Fatalf("locating the BuildKit module: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "frontend", "dockerfile", "instructions")
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	re := regexp.MustCompile(`\.Add(?:String|Bool|Strings)?\("([a-z-]+)"`)
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllSubmatch(b, -1) {
			seen[string(m[1])] = true
		}
	}
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) < 15 {
		t.Fatalf("found only %d flag names in %s", len(names), dir)
	}
	return names
}

// accepts reports whether BuildKit's parser takes `--flag` on instruction.
func accepts(instruction, flag string) bool {
	args := map[string]string{
		"from": "alpine", "run": "true", "copy": "a b", "add": "a b", "healthcheck": "CMD true",
		"onbuild": "RUN true", "arg": "A", "env": "A=b", "label": "a=b", "expose": "80",
		"user": "u", "volume": "/v", "workdir": "/w", "stopsignal": "SIGTERM", "shell": `["sh"]`,
		"cmd": "true", "entrypoint": "true", "maintainer": "me",
	}[instruction]
	value := map[string]string{"mount": "type=tmpfs,target=/t", "network": "none", "security": "sandbox",
		"platform": "linux/amd64", "interval": "30s", "timeout": "3s", "start-period": "1s", "start-interval": "1s",
		"retries": "3", "chmod": "644", "chown": "1", "from": "x", "checksum": "sha256:0", "device": "x"}[flag]
	line := strings.ToUpper(instruction) + " --" + flag
	if value != "" {
		line += "=" + value
	}
	res, err := parser.Parse(bytes.NewReader([]byte(line + " " + args + "\n")))
	if err != nil || len(res.AST.Children) == 0 {
		return false
	}
	_, err = instructions.ParseInstructionWithLinter(res.AST.Children[0], linter.New(&linter.Config{}))
	return err == nil || !strings.Contains(err.Error(), "unknown flag")
}

// Every instruction BuildKit knows and every flag its parser accepts on
// each instruction has a Korean page; every page names a real flag.
func TestReferenceCoversBuildKit(t *testing.T) {
	names := buildkitFlagNames(t)
	instructionsCount, flagCount := 0, 0
	for instr := range command.Commands {
		if docs.Instruction(instr) == "" {
			t.Errorf("no docs/instructions/%s.md", instr)
		}
		instructionsCount++
		if accepts(instr, "no-such-flag") {
			// BuildKit never reads flags on this instruction (ARG,
			// STOPSIGNAL, ...): it takes none, and there is none to document.
			if len(docs.Flags(instr)) > 0 {
				t.Errorf("docs/flags/%s documents flags on an instruction that takes none", instr)
			}
			continue
		}
		documented := map[string]bool{}
		for _, f := range docs.Flags(instr) {
			documented[f] = true
			if !accepts(instr, f) {
				t.Errorf("docs/flags/%s/%s.md documents a flag BuildKit rejects", instr, f)
			}
		}
		for _, f := range names {
			if accepts(instr, f) {
				flagCount++
				if !documented[f] {
					t.Errorf("BuildKit accepts %s --%s but docs/flags/%s/%s.md is missing", strings.ToUpper(instr), f, instr, f)
				}
			}
		}
	}
	for _, d := range []string{"syntax", "escape", "check"} {
		if docs.Directive(d) == "" {
			t.Errorf("no docs/directives/%s.md", d)
		}
	}
	t.Logf("%d instructions, %d instruction flags documented", instructionsCount, flagCount)
}

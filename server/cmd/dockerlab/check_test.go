package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree creates files (path → content) under a new temporary folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// check runs `dockerlab check args...` in dir and returns the exit status,
// stdout and stderr.
func check(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	if dir != "" {
		t.Chdir(dir)
	}
	var out, errOut bytes.Buffer
	code := run(append([]string{"check"}, args...), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

const (
	clean   = "FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\nRUN yarn install --production\nCMD [\"node\", \"src/index.js\"]\nEXPOSE 3000\n"
	warning = "FROM alpine:3.20\nRUN apk add git\n"
	hint    = "FROM alpine:3.20\nRUN echo a\nRUN echo b\n"
	broken  = "FROM alpine:3.20\nEXPOSE 70000\n"
)

func TestCheckText(t *testing.T) {
	dir := writeTree(t, map[string]string{"Dockerfile": warning})
	code, out, _ := check(t, dir, "Dockerfile")
	want := "Dockerfile:2:5 ApkNoCache (경고) `apk add`가 패키지 목록을 이미지에 남깁니다. `apk add --no-cache`로 쓰십시오.\n" +
		"Dockerfile 1개를 검사해 오류 0개, 경고 1개, 정보 0개, 힌트 0개를 찾았습니다.\n"
	if code != 1 || out != want {
		t.Errorf("exit %d, output:\n%s\nwant exit 1 and:\n%s", code, out, want)
	}
	code, out, _ = check(t, writeTree(t, map[string]string{"Dockerfile": clean}), "Dockerfile")
	if code != 0 || out != "Dockerfile 1개를 검사했고 문제를 찾지 못했습니다.\n" {
		t.Errorf("clean file: exit %d, output %q", code, out)
	}
}

func TestCheckJSON(t *testing.T) {
	dir := writeTree(t, map[string]string{"Dockerfile": "FROM alpine:3.20\nRUN apt-get install curl\n"})
	code, out, _ := check(t, dir, "--format", "json", "Dockerfile")
	var got []checkFinding
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if code != 1 || len(got) != 2 {
		t.Fatalf("exit %d, findings %+v", code, got)
	}
	f := got[0]
	if f.File != "Dockerfile" || f.Line != 2 || f.Column != 5 || f.EndLine != 2 || f.EndColumn != 20 ||
		f.Severity != "warning" || f.Code != "AptGetInstallYes" || !strings.Contains(f.Message, "-y") ||
		f.Href == "" || len(f.Fixes) == 0 || f.Fixes[0] != "`-y` 붙이기" {
		t.Errorf("finding = %+v", f)
	}
	// Nothing found is an empty array, not null.
	_, out, _ = check(t, writeTree(t, map[string]string{"Dockerfile": clean}), "--format=json", "Dockerfile")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("clean JSON = %q", out)
	}
}

func TestCheckSARIF(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"app/Dockerfile": "FROM alpine:3.20\nRUN apk add git\nRUN apk add curl\n",
		"한글/Dockerfile":  broken,
	})
	code, out, _ := check(t, dir, "--format", "sarif", ".")
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			ColumnKind string `json:"columnKind"`
			Tool       struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string `json:"id"`
						HelpURI          string `json:"helpUri"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
						Default struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine, StartColumn, EndLine, EndColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if code != 1 || log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("exit %d, log %+v", code, log)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "dockerlab" || run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("driver %+v, columnKind %q", run.Tool.Driver, run.ColumnKind)
	}
	rules := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		rules[r.ID] = i
		if r.HelpURI == "" || r.ShortDescription.Text == "" || r.Default.Level == "" {
			t.Errorf("rule %+v lacks helpUri, description or level", r)
		}
	}
	want := map[string]bool{"ApkNoCache": true, "ConsecutiveRuns": true, "ExposePortRange": true}
	if len(rules) != len(want) {
		t.Errorf("rules = %v, want %v", rules, want)
	}
	levels := map[string]string{}
	for _, r := range run.Results {
		if i, ok := rules[r.RuleID]; !ok || i != r.RuleIndex {
			t.Errorf("result %s has rule index %d", r.RuleID, r.RuleIndex)
		}
		levels[r.RuleID] = r.Level
		loc := r.Locations[0].PhysicalLocation
		if r.RuleID == "ExposePortRange" {
			if loc.ArtifactLocation.URI != "%ED%95%9C%EA%B8%80/Dockerfile" || loc.Region.StartLine != 2 || loc.Region.StartColumn != 8 || loc.Region.EndColumn != 13 {
				t.Errorf("ExposePortRange location = %+v", loc)
			}
		}
	}
	if levels["ApkNoCache"] != "warning" || levels["ConsecutiveRuns"] != "note" || levels["ExposePortRange"] != "error" {
		t.Errorf("levels = %v", levels)
	}
}

// A folder means every Dockerfile, *.Dockerfile and Dockerfile.* under it,
// without .git, node_modules and Dockerfile.dockerignore.
func TestCheckFolder(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"Dockerfile":                      clean,
		"svc/api.Dockerfile":              clean,
		"svc/Dockerfile.dev":              clean,
		"svc/Dockerfile.dockerignore":     "node_modules\n",
		"svc/notes.txt":                   "FROM nothing",
		".git/Dockerfile":                 warning,
		"node_modules/pkg/Dockerfile":     warning,
		"web/node_modules/pkg/Dockerfile": warning,
	})
	code, out, errOut := check(t, dir, ".")
	if code != 0 || out != "Dockerfile 3개를 검사했고 문제를 찾지 못했습니다.\n" {
		t.Errorf("exit %d, out %q, err %q", code, out, errOut)
	}
}

func TestCheckExitCodes(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"clean.Dockerfile":   clean,
		"warning.Dockerfile": warning,
		"hint.Dockerfile":    hint,
		"error.Dockerfile":   broken,
	})
	cases := []struct {
		args []string
		want int
	}{
		{[]string{"clean.Dockerfile"}, 0},
		{[]string{"warning.Dockerfile"}, 1},
		{[]string{"--failure-threshold", "error", "warning.Dockerfile"}, 0},
		{[]string{"--failure-threshold", "error", "error.Dockerfile"}, 1},
		{[]string{"hint.Dockerfile"}, 0},
		{[]string{"--failure-threshold=hint", "hint.Dockerfile"}, 1},
		{[]string{"--failure-threshold=info", "hint.Dockerfile"}, 0},
		{[]string{"--failure-threshold", "none", "error.Dockerfile"}, 0},
		{[]string{"--skip", "ApkNoCache", "warning.Dockerfile"}, 0},
		{[]string{"warning.Dockerfile", "--skip=all"}, 0}, // flags after paths count too
		{[]string{"clean.Dockerfile", "missing.Dockerfile"}, 2},
		{[]string{"warning.Dockerfile", "missing.Dockerfile"}, 2},
		{[]string{"--format", "xml", "clean.Dockerfile"}, 2},
		{[]string{"--failure-threshold", "severe", "clean.Dockerfile"}, 2},
		{[]string{"--nope", "clean.Dockerfile"}, 2},
		{[]string{}, 2},
		{[]string{"--help"}, 0},
	}
	for _, c := range cases {
		if code, out, errOut := check(t, dir, c.args...); code != c.want {
			t.Errorf("check %v: exit %d, want %d\n%s%s", c.args, code, c.want, out, errOut)
		}
	}
	_, _, errOut := check(t, dir, "--nope", "clean.Dockerfile")
	if !strings.Contains(errOut, "알 수 없는 옵션입니다: -nope") {
		t.Errorf("unknown flag: %q", errOut)
	}
	_, _, errOut = check(t, dir, "missing.Dockerfile")
	if !strings.Contains(errOut, "missing.Dockerfile: 파일이나 디렉터리를 찾을 수 없습니다.") {
		t.Errorf("missing file: %q", errOut)
	}
}

// The workspace's .vscode/settings.json (JSON with comments) turns rules
// off as the editor's dockerlab.lint.skip does.
func TestCheckReadsSettings(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"Dockerfile": warning,
		".vscode/settings.json": `{
  // the lab's settings
  "editor.tabSize": 2, /* block */
  "dockerlab.lint.skip": ["ApkNoCache",],
}`,
	})
	if code, out, errOut := check(t, dir, "Dockerfile"); code != 0 {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	if code, _, _ := check(t, dir, "--settings", "none.json", "Dockerfile"); code != 1 {
		t.Errorf("without the settings file: exit %d", code)
	}
}

// The build context decides CopySourceMissing: by default the Dockerfile's
// folder, or --context.
func TestCheckContext(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"docker/Dockerfile": "FROM node:lts-alpine\nCOPY package.json ./\n",
		"package.json":      "{}",
	})
	if code, out, _ := check(t, dir, "docker/Dockerfile"); code != 1 || !strings.Contains(out, "CopySourceMissing") {
		t.Errorf("Dockerfile's folder as context: exit %d\n%s", code, out)
	}
	if code, out, _ := check(t, dir, "--context", ".", "docker/Dockerfile"); code != 0 {
		t.Errorf("--context .: exit %d\n%s", code, out)
	}
}

// BenchmarkCheck checks the benchmark corpus (17 Dockerfiles of every
// common shape, three of them broken) as `dockerlab check --format json`.
func BenchmarkCheck(b *testing.B) {
	corpus, err := filepath.Abs("../../../testdata/corpus")
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(corpus, "*.Dockerfile"))
	if len(files) == 0 {
		b.Fatal("no corpus")
	}
	b.ReportAllocs()
	for b.Loop() {
		if code := run([]string{"check", "--format", "json", "--settings", "", corpus}, nil, io.Discard, io.Discard); code != 1 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files))/1e6, "ms/file")
}

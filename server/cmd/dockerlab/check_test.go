package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// writeTree creates files (path → content) under a new temporary folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, fsys); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkIn runs `dockerlab check args...` in dir and returns the exit
// status, stdout and stderr.
func checkIn(t *testing.T, dir string, args ...string) (int, string, string) {
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

// The command prints exactly what package check's goldens hold, in each
// format, with this binary's version in SARIF.
func TestCheckWiring(t *testing.T) {
	testdata, err := filepath.Abs("../../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	golden, err := filepath.Abs("../../check/testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "sarif", "gitlab"} {
		want, err := os.ReadFile(filepath.Join(golden, "corpus."+format))
		if err != nil {
			t.Fatal(err)
		}
		code, out, errOut := checkIn(t, testdata, "--format", format, "--settings", "", "corpus")
		if code != 1 || errOut != "" || out != string(want) {
			t.Errorf("--format %s: exit %d, stderr %q, output equal to the golden: %v", format, code, errOut, out == string(want))
		}
	}
}

func TestCheckExitCodes(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"clean.Dockerfile":   clean,
		"warning.Dockerfile": warning,
		"hint.Dockerfile":    hint,
		"error.Dockerfile":   broken,
		"empty/notes.txt":    "",
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
		{[]string{"warning.Dockerfile", "--skip=all"}, 0},                     // flags after paths count too
		{[]string{"warning.Dockerfile", "--skip=all", "error.Dockerfile"}, 0}, // and between them
		{[]string{"clean.Dockerfile", "missing.Dockerfile"}, 2},
		{[]string{"warning.Dockerfile", "missing.Dockerfile"}, 2},
		{[]string{"empty"}, 2},
		{[]string{"--format", "xml", "clean.Dockerfile"}, 2},
		{[]string{"--failure-threshold", "severe", "clean.Dockerfile"}, 2},
		{[]string{"--nope", "clean.Dockerfile"}, 2},
		{[]string{"clean.Dockerfile", "--format"}, 2},
		{[]string{}, 2},
		{[]string{"--help"}, 0},
	}
	for _, c := range cases {
		if code, out, errOut := checkIn(t, dir, c.args...); code != c.want {
			t.Errorf("check %v: exit %d, want %d\n%s%s", c.args, code, c.want, out, errOut)
		}
	}
}

// Each usage error says what was wrong in Korean, then the usage.
func TestCheckMessages(t *testing.T) {
	dir := writeTree(t, map[string]string{"clean.Dockerfile": clean, "empty/notes.txt": ""})
	cases := []struct {
		args   []string
		stdout string
		stderr string
	}{
		{[]string{"--nope", "clean.Dockerfile"}, "", "알 수 없는 옵션입니다: -nope\n\n" + checkUsage},
		{[]string{"clean.Dockerfile", "--format"}, "", "옵션에 값이 없습니다: -format\n\n" + checkUsage},
		{[]string{"--format", "xml", "clean.Dockerfile"}, "", "알 수 없는 출력 형식입니다: xml (text, json, sarif, gitlab 중 하나)\n\n" + checkUsage},
		{[]string{"--failure-threshold", "severe", "x"}, "", "알 수 없는 --failure-threshold 값입니다: severe (error, warning, info, hint, none 중 하나)\n\n" + checkUsage},
		{[]string{}, "", checkUsage},
		{[]string{"-h"}, checkUsage, ""},
		{[]string{"missing.Dockerfile"}, "", "missing.Dockerfile: 파일이나 디렉터리를 찾을 수 없습니다.\n"},
		{[]string{"empty"}, "", "검사할 Dockerfile, Compose 파일, Kubernetes 매니페스트를 찾지 못했습니다. 파일이나 디렉터리 경로를 확인하십시오.\n"},
		{[]string{"clean.Dockerfile", "missing.Dockerfile"}, "파일 1개를 검사했고 문제를 찾지 못했습니다.\n",
			"missing.Dockerfile: 파일이나 디렉터리를 찾을 수 없습니다.\n"},
		{[]string{"--settings", "empty", "clean.Dockerfile"}, "", "설정 파일을 읽을 수 없습니다: read empty: is a directory\n"},
	}
	for _, c := range cases {
		_, out, errOut := checkIn(t, dir, c.args...)
		if out != c.stdout || errOut != c.stderr {
			t.Errorf("check %v:\nstdout %q\nstderr %q\nwant\nstdout %q\nstderr %q", c.args, out, errOut, c.stdout, c.stderr)
		}
	}
}

// By default the workspace's .vscode/settings.json turns rules off as the
// editor's dockerlab.lint.skip does; --settings names another file.
func TestCheckReadsSettings(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"Dockerfile":            warning,
		".vscode/settings.json": `{"dockerlab.lint.skip": ["ApkNoCache",],}`,
		"other.json":            `{"dockerlab.lint.skip": ["ApkNoCache"]}`,
	})
	if code, out, errOut := checkIn(t, dir, "Dockerfile"); code != 0 {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	if code, _, _ := checkIn(t, dir, "--settings", "none.json", "Dockerfile"); code != 1 {
		t.Errorf("without the settings file: exit %d", code)
	}
	if code, _, _ := checkIn(t, dir, "--settings", "other.json", "Dockerfile"); code != 0 {
		t.Errorf("with other.json: exit %d", code)
	}
}

// --context is the build context of every file.
func TestCheckContext(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"docker/Dockerfile": "FROM node:lts-alpine\nCOPY package.json ./\n",
		"package.json":      "{}",
	})
	if code, out, _ := checkIn(t, dir, "docker/Dockerfile"); code != 1 || !strings.Contains(out, "CopySourceMissing") {
		t.Errorf("Dockerfile's folder as context: exit %d\n%s", code, out)
	}
	if code, out, _ := checkIn(t, dir, "--context", ".", "docker/Dockerfile"); code != 0 {
		t.Errorf("--context .: exit %d\n%s", code, out)
	}
}

// `dockerlab version` and `dockerlab check --version` say the version and
// the BuildKit whose checks run.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"check", "--version"}} {
		var out, errOut strings.Builder
		if code := run(args, strings.NewReader(""), &out, &errOut); code != 0 {
			t.Fatalf("%v: exit %d, %s", args, code, errOut.String())
		}
		if !strings.HasPrefix(out.String(), "dockerlab "+version+"\n") || !strings.Contains(out.String(), "BuildKit: v") {
			t.Errorf("%v: %q", args, out.String())
		}
	}
}

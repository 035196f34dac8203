package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/lint"
)

const checkUsage = `사용법: dockerlab check [옵션] 파일|디렉터리...

편집기와 같은 진단(BuildKit의 빌드 검사와 dockerlab 규칙)을 터미널과 CI에서 실행합니다.
디렉터리를 주면 그 아래의 Dockerfile, *.Dockerfile, Dockerfile.* 파일을 모두 검사합니다
(.git과 node_modules 디렉터리는 건너뜁니다).

옵션:
  --format text|json|sarif     출력 형식(기본값 text). sarif는 SARIF 2.1.0입니다.
  --failure-threshold LEVEL    이 심각도 이상의 진단이 있으면 종료 코드 1: error, warning(기본값), info, hint, none
  --skip 규칙,규칙             끌 규칙 이름(쉼표로 구분). all은 모든 규칙을 끕니다.
  --context 디렉터리           빌드 컨텍스트(기본값: 각 Dockerfile이 있는 디렉터리)
  --settings 파일              dockerlab.lint.skip을 읽을 VS Code 설정 파일(기본값 .vscode/settings.json, 없으면 건너뜀)

종료 코드: 0 문제 없음, 1 기준 이상의 진단이 있음, 2 사용법 오류나 읽을 수 없는 파일
`

// checkFinding is one finding in `dockerlab check --format json`.
type checkFinding struct {
	File      string   `json:"file"`
	Line      int      `json:"line"`   // 1-based
	Column    int      `json:"column"` // 1-based, in UTF-16 code units like the editor
	EndLine   int      `json:"endLine"`
	EndColumn int      `json:"endColumn"`
	Severity  string   `json:"severity"` // error, warning, info or hint
	Code      string   `json:"code"`
	Message   string   `json:"message"`
	Href      string   `json:"href,omitempty"`
	Fixes     []string `json:"fixes,omitempty"` // titles of the editor's quick fixes

	severity lint.Severity
}

// checkConfig is what the flags of `dockerlab check` ask for.
type checkConfig struct {
	format     string
	threshold  lint.Severity // 0: never fail
	skip       []string
	contextDir string
}

// runCheck checks Dockerfiles like the editor does and prints the findings.
// Exit status: 0 when nothing at or above the failure threshold was found,
// 1 otherwise, 2 on usage errors or unreadable files.
func runCheck(args []string, stdout, stderr io.Writer) int {
	cfg, paths, code := parseCheckArgs(args, stdout, stderr)
	if code >= 0 {
		return code
	}
	files, status := expandPaths(paths, stderr)
	if len(files) == 0 {
		if status == 0 {
			fmt.Fprintln(stderr, "검사할 Dockerfile을 찾지 못했습니다. 파일이나 디렉터리 경로를 확인하십시오.")
		}
		return 2
	}
	results := checkFiles(files, cfg)
	var all []checkFinding
	for i, r := range results {
		if r.err != nil {
			fmt.Fprintf(stderr, "%s: 파일을 읽을 수 없습니다: %v\n", files[i], r.err)
			status = 2
			continue
		}
		all = append(all, r.findings...)
	}
	var err error
	switch cfg.format {
	case "json":
		err = writeJSON(stdout, all)
	case "sarif":
		err = writeSARIF(stdout, all)
	default:
		err = writeText(stdout, all, len(files))
	}
	if err != nil {
		fmt.Fprintf(stderr, "결과를 쓸 수 없습니다: %v\n", err)
		return 2
	}
	if status == 0 && cfg.threshold != 0 {
		for _, f := range all {
			if f.severity <= cfg.threshold {
				return 1
			}
		}
	}
	return status
}

// parseCheckArgs reads the flags, which may come before, between or after
// the paths. code is the exit status when the command should stop now, -1
// otherwise.
func parseCheckArgs(args []string, stdout, stderr io.Writer) (cfg checkConfig, paths []string, code int) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "")
	threshold := fs.String("failure-threshold", "warning", "")
	skip := fs.String("skip", "", "")
	contextDir := fs.String("context", "", "")
	settingsPath := fs.String("settings", filepath.Join(".vscode", "settings.json"), "")
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, checkUsage)
				return cfg, nil, 0
			}
			fmt.Fprintf(stderr, "%s\n\n%s", koreanFlagError(err), checkUsage)
			return cfg, nil, 2
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		args = fs.Args()[1:]
	}
	cfg.format = *format
	switch cfg.format {
	case "text", "json", "sarif":
	default:
		fmt.Fprintf(stderr, "알 수 없는 출력 형식입니다: %s (text, json, sarif 중 하나)\n\n%s", cfg.format, checkUsage)
		return cfg, nil, 2
	}
	levels := map[string]lint.Severity{"error": lint.Error, "warning": lint.Warning, "info": lint.Information, "hint": lint.Hint, "none": 0}
	lvl, ok := levels[strings.ToLower(*threshold)]
	if !ok {
		fmt.Fprintf(stderr, "알 수 없는 --failure-threshold 값입니다: %s (error, warning, info, hint, none 중 하나)\n\n%s", *threshold, checkUsage)
		return cfg, nil, 2
	}
	cfg.threshold = lvl
	if len(paths) == 0 {
		fmt.Fprint(stderr, checkUsage)
		return cfg, nil, 2
	}
	for _, r := range strings.Split(*skip, ",") {
		if r = strings.TrimSpace(r); r != "" {
			cfg.skip = append(cfg.skip, r)
		}
	}
	fromSettings, err := settingsSkip(*settingsPath)
	if err != nil {
		fmt.Fprintf(stderr, "설정 파일을 읽을 수 없습니다: %v\n", err)
		return cfg, nil, 2
	}
	cfg.skip = append(cfg.skip, fromSettings...)
	cfg.contextDir = *contextDir
	return cfg, paths, -1
}

// koreanFlagError says what was wrong with the flags.
func koreanFlagError(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "알 수 없는 옵션입니다: " + name
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "옵션에 값이 없습니다: " + name
	}
	return "옵션이 올바르지 않습니다: " + msg
}

// settingsSkip reads dockerlab.lint.skip from a VS Code settings file
// (JSON with comments and trailing commas). A missing file is no error.
func settingsSkip(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s map[string]json.RawMessage
	if err := json.Unmarshal(stripJSONC(data), &s); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var skip []string
	if raw, ok := s["dockerlab.lint.skip"]; ok {
		if err := json.Unmarshal(raw, &skip); err != nil {
			return nil, fmt.Errorf("reading dockerlab.lint.skip in %s: %w", path, err)
		}
	}
	return skip, nil
}

// stripJSONC removes // and /* */ comments and trailing commas outside
// strings, turning VS Code's settings.json into JSON.
func stripJSONC(in []byte) []byte {
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(in) && in[j] != '"' {
				if in[j] == '\\' {
					j++
				}
				j++
			}
			end := min(j+1, len(in))
			out = append(out, in[i:end]...)
			i = end - 1
		case c == '/' && i+1 < len(in) && in[i+1] == '/':
			for i < len(in) && in[i] != '\n' {
				i++
			}
			i--
		case c == '/' && i+1 < len(in) && in[i+1] == '*':
			i += 2
			for i+1 < len(in) && !(in[i] == '*' && in[i+1] == '/') {
				i++
			}
			i++
		case c == ',':
			j := i + 1
			for j < len(in) && strings.ContainsRune(" \t\r\n", rune(in[j])) {
				j++
			}
			if j < len(in) && (in[j] == '}' || in[j] == ']') {
				continue
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out
}

// expandPaths turns the arguments into the files to check: a file as given,
// a folder as every Dockerfile under it. status is 2 when an argument does
// not exist.
func expandPaths(paths []string, stderr io.Writer) (files []string, status int) {
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			fmt.Fprintf(stderr, "%s: 파일이나 디렉터리를 찾을 수 없습니다.\n", p)
			status = 2
			continue
		}
		if !st.IsDir() {
			add(p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				fmt.Fprintf(stderr, "%s: 읽을 수 없습니다: %v\n", path, err)
				status = 2
				return nil
			}
			if d.IsDir() {
				if path != p && (d.Name() == ".git" || d.Name() == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if isDockerfileName(d.Name()) {
				add(path)
			}
			return nil
		})
		if err != nil {
			fmt.Fprintf(stderr, "%s: 읽을 수 없습니다: %v\n", p, err)
			status = 2
		}
	}
	return files, status
}

// isDockerfileName matches Dockerfile, *.Dockerfile and Dockerfile.*, but not
// the per-Dockerfile ignore file Dockerfile.dockerignore.
func isDockerfileName(name string) bool {
	if strings.HasSuffix(name, ".dockerignore") {
		return false
	}
	return name == "Dockerfile" || strings.HasSuffix(name, ".Dockerfile") || strings.HasPrefix(name, "Dockerfile.")
}

// fileResult is the outcome of checking one file.
type fileResult struct {
	findings []checkFinding
	err      error
}

// checkFiles checks the files in parallel; results keep the files' order.
func checkFiles(files []string, cfg checkConfig) []fileResult {
	results := make([]fileResult, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = checkFile(files[i], cfg)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// maxFixedFindings is the most findings of one file that get fix titles.
const maxFixedFindings = 2000

func checkFile(path string, cfg checkConfig) fileResult {
	data, err := os.ReadFile(path)
	if err != nil {
		return fileResult{err: err}
	}
	ctxDir := cfg.contextDir
	if ctxDir == "" {
		ctxDir = filepath.Dir(path)
	}
	m := dockerfile.Parse(string(data))
	var out []checkFinding
	findings := lint.Check(context.Background(), m, lint.Options{ContextDir: ctxDir, Skip: cfg.skip})
	for _, f := range findings {
		start, end := m.Mapper.Position(f.Span.Start), m.Mapper.Position(f.Span.End)
		cf := checkFinding{
			File: path, Line: start.Line + 1, Column: start.Character + 1,
			EndLine: end.Line + 1, EndColumn: end.Character + 1,
			Severity: f.Severity.String(), Code: f.Code, Message: f.Message, Href: f.Href,
			severity: f.Severity,
		}
		// Fix titles cost a pass over the file each: skip them for files
		// with thousands of findings (a generated file), where nobody reads them.
		if len(findings) <= maxFixedFindings {
			for _, fx := range lint.Fixes(m, f) {
				cf.Fixes = append(cf.Fixes, fx.Title)
			}
		}
		out = append(out, cf)
	}
	return fileResult{findings: out}
}

// koreanSeverity names a severity in the text output.
var koreanSeverity = map[lint.Severity]string{lint.Error: "오류", lint.Warning: "경고", lint.Information: "정보", lint.Hint: "힌트"}

// writeText prints `file:line:col rule (severity) message` lines and a summary.
func writeText(w io.Writer, findings []checkFinding, files int) error {
	count := map[lint.Severity]int{}
	for _, f := range findings {
		count[f.severity]++
		if _, err := fmt.Fprintf(w, "%s:%d:%d %s (%s) %s\n", f.File, f.Line, f.Column, f.Code, koreanSeverity[f.severity], f.Message); err != nil {
			return err
		}
	}
	var err error
	if len(findings) == 0 {
		_, err = fmt.Fprintf(w, "Dockerfile %d개를 검사했고 문제를 찾지 못했습니다.\n", files)
	} else {
		_, err = fmt.Fprintf(w, "Dockerfile %d개를 검사해 오류 %d개, 경고 %d개, 정보 %d개, 힌트 %d개를 찾았습니다.\n",
			files, count[lint.Error], count[lint.Warning], count[lint.Information], count[lint.Hint])
	}
	return err
}

func writeJSON(w io.Writer, findings []checkFinding) error {
	if findings == nil {
		findings = []checkFinding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(findings)
}

// SARIF 2.1.0, the subset code scanning services read.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	Name             string       `json:"name"`
	ShortDescription sarifText    `json:"shortDescription"`
	HelpURI          string       `json:"helpUri,omitempty"`
	Default          sarifDefault `json:"defaultConfiguration"`
}

type sarifDefault struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// sarifLevel maps severities to SARIF's levels; info and hint are notes.
func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

func writeSARIF(w io.Writer, findings []checkFinding) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "dockerlab", Version: version, InformationURI: "https://github.com/dockerlab/dockerlab", Rules: []sarifRule{},
		}},
		ColumnKind: "utf16CodeUnits",
		Results:    []sarifResult{},
	}
	index := map[string]int{}
	var ids []string
	for _, f := range findings {
		if _, ok := index[f.Code]; !ok {
			index[f.Code] = 0
			ids = append(ids, f.Code)
		}
	}
	sort.Strings(ids)
	byID := map[string]checkFinding{}
	for _, f := range findings {
		if _, ok := byID[f.Code]; !ok {
			byID[f.Code] = f
		}
	}
	for i, id := range ids {
		index[id] = i
		f := byID[id]
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: id, Name: id, ShortDescription: sarifText{Text: ruleSummary(id)}, HelpURI: f.Href,
			Default: sarifDefault{Level: sarifLevel(ruleSeverity(id, f.severity))},
		})
	}
	for _, f := range findings {
		run.Results = append(run.Results, sarifResult{
			RuleID: f.Code, RuleIndex: index[f.Code], Level: sarifLevel(f.severity), Message: sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: artifactURI(f.File)},
				Region:           sarifRegion{StartLine: f.Line, StartColumn: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn},
			}}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

// artifactURI is a path as a SARIF artifact location: a relative URI with
// forward slashes (percent-encoded where needed), or a file: URI.
func artifactURI(p string) string {
	p = filepath.ToSlash(filepath.Clean(p))
	if filepath.IsAbs(p) {
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}

// ruleSummary is the one-line summary at the top of a rule's page, or the
// rule's name for parse errors, which have no page.
func ruleSummary(rule string) string {
	page := docs.Rule(rule)
	first, _, _ := strings.Cut(page, "\n")
	if _, after, ok := strings.Cut(first, " — "); ok {
		return strings.TrimSpace(after)
	}
	return rule
}

// ruleSeverity is a rule's default severity from docs/rules/messages.md,
// or the finding's when the rule has none there.
func ruleSeverity(rule string, fallback lint.Severity) lint.Severity {
	switch docs.RuleMessages()[rule].Severity {
	case "error":
		return lint.Error
	case "warning":
		return lint.Warning
	case "info":
		return lint.Information
	case "hint":
		return lint.Hint
	}
	return fallback
}

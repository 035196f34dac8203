package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/lint"
)

// checkFinding is one finding in `dockerlab check --format json`.
type checkFinding struct {
	File      string `json:"file"`
	Line      int    `json:"line"`   // 1-based
	Column    int    `json:"column"` // 1-based, in UTF-16 code units like the editor
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Severity  string `json:"severity"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	Href      string `json:"href,omitempty"`
}

// runCheck prints the diagnostics the editor shows. Exit status: 0 when
// nothing at warning level or above was found, 1 otherwise, 2 on usage
// errors or unreadable files.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if (*format != "text" && *format != "json") || fs.NArg() == 0 {
		fmt.Fprint(stderr, "사용법: dockerlab check [--format text|json] FILE...\n")
		return 2
	}
	findings := []checkFinding{}
	for _, path := range fs.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "파일을 읽을 수 없습니다: %v\n", err)
			return 2
		}
		m := dockerfile.Parse(string(data))
		for _, f := range lint.Check(context.Background(), m, lint.Options{ContextDir: filepath.Dir(path)}) {
			start, end := m.Mapper.Position(f.Span.Start), m.Mapper.Position(f.Span.End)
			findings = append(findings, checkFinding{
				File: path, Line: start.Line + 1, Column: start.Character + 1,
				EndLine: end.Line + 1, EndColumn: end.Character + 1,
				Severity: f.Severity.String(), Code: f.Code, Message: f.Message, Href: f.Href,
			})
		}
	}
	status := 0
	for _, f := range findings {
		if f.Severity == lint.Error.String() || f.Severity == lint.Warning.String() {
			status = 1
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(findings); err != nil {
			return 2
		}
		return status
	}
	for _, f := range findings {
		fmt.Fprintf(stdout, "%s:%d:%d: %s %s: %s\n", f.File, f.Line, f.Column, f.Severity, f.Code, f.Message)
	}
	if len(findings) == 0 {
		fmt.Fprintln(stdout, "문제를 찾지 못했습니다.")
	}
	return status
}

// Package check is `dockerlab check`: the editor's diagnostics for
// Dockerfiles on disk, for the terminal and CI. Run finds the Dockerfiles
// under the paths it is given (Discover) and checks them in parallel with
// the same lint rules the editor runs; WriteText, WriteJSON, WriteSARIF and
// WriteGitLab print the Report. SkipRules reads the rules to skip as the
// editor's settings do. The command's flags and their Korean usage stay in
// package main.
package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/lint"
)

// Options says how to check every file.
type Options struct {
	// Skip lists rule names not to report, as lint.Options.Skip does
	// ("all" skips every rule).
	Skip []string
	// ContextDir is the build context of every file; "" means each
	// Dockerfile's own folder, as the editor takes it.
	ContextDir string
}

// Finding is one finding, as `dockerlab check --format json` prints it.
type Finding struct {
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

	// Level is Severity as lint orders it, for thresholds and counts.
	Level lint.Severity `json:"-"`
}

// Report is the outcome of checking the paths given to Run.
type Report struct {
	// Files are the files that were checked, readable or not, in order;
	// none when nothing could be checked.
	Files []string
	// Findings are every file's findings, in the order of Files and each
	// file's in file order.
	Findings []Finding
	// Errors tell, in Korean, why a path could not be checked: first the
	// paths Discover could not find or read, then one *PathError per file
	// that could not be read, in the order of Files. It is ErrNothingFound
	// alone when the paths hold no Dockerfile.
	Errors []error
}

// Threshold returns the severity a --failure-threshold name stands for:
// error, warning, info, hint (any case), or none, which is 0 and never
// fails.
func Threshold(name string) (lint.Severity, bool) {
	levels := map[string]lint.Severity{"error": lint.Error, "warning": lint.Warning, "info": lint.Information, "hint": lint.Hint, "none": 0}
	s, ok := levels[strings.ToLower(name)]
	return s, ok
}

// Fails reports whether a finding is at or above threshold (lint.Error is
// the highest); threshold 0 never fails.
func (r Report) Fails(threshold lint.Severity) bool {
	if threshold == 0 {
		return false
	}
	for _, f := range r.Findings {
		if f.Level <= threshold {
			return true
		}
	}
	return false
}

// ExitCode is `dockerlab check`'s exit status for the report: 2 when a
// path could not be checked (or none was found), 1 when a finding is at or
// above threshold, 0 otherwise.
func (r Report) ExitCode(threshold lint.Severity) int {
	switch {
	case len(r.Errors) > 0 || len(r.Files) == 0:
		return 2
	case r.Fails(threshold):
		return 1
	}
	return 0
}

// PathError is a path that could not be checked: an argument that does not
// exist, a folder that could not be walked or a file that could not be
// read. Error gives the Korean sentence the command prints.
type PathError struct {
	Path    string
	Message string // Korean, about Path
	Err     error  // the cause, if any
}

// Error returns "path: message" and the cause, if any.
func (e *PathError) Error() string {
	if e.Err == nil {
		return e.Path + ": " + e.Message
	}
	return fmt.Sprintf("%s: %s: %v", e.Path, e.Message, e.Err)
}

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *PathError) Unwrap() error { return e.Err }

// Run checks the Dockerfiles at paths, as given on the command line (see
// Discover), at most GOMAXPROCS files at a time, and reports their findings
// in the files' order. ctx reaches lint.
func Run(ctx context.Context, paths []string, opts Options) Report {
	files, errs := discover(paths)
	r := Report{Files: files, Errors: errs}
	type result struct {
		findings []Finding
		err      error
	}
	results := make([]result, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for i := range next {
				results[i].findings, results[i].err = checkFile(ctx, files[i], opts)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, res := range results {
		if res.err != nil {
			r.Errors = append(r.Errors, res.err)
			continue
		}
		r.Findings = append(r.Findings, res.findings...)
	}
	return r
}

// maxFixedFindings is the most findings of one file that get fix titles.
const maxFixedFindings = 2000

// checkFile reads and checks one file.
func checkFile(ctx context.Context, path string, opts Options) ([]Finding, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &PathError{Path: path, Message: "파일을 읽을 수 없습니다", Err: err}
	}
	switch name := filepath.Base(path); {
	case IsComposeName(name):
		return composeFindings(path, string(data)), nil
	case isYAMLName(name):
		return manifestFindings(path, string(data)), nil
	}
	ctxDir := opts.ContextDir
	if ctxDir == "" {
		ctxDir = filepath.Dir(path)
	}
	m := dockerfile.Parse(string(data))
	var out []Finding
	findings := lint.Check(ctx, m, lint.Options{Context: os.DirFS(ctxDir), Skip: opts.Skip})
	for _, f := range findings {
		start, end := m.Mapper.Position(f.Span.Start), m.Mapper.Position(f.Span.End)
		cf := Finding{
			File: path, Line: start.Line + 1, Column: start.Character + 1,
			EndLine: end.Line + 1, EndColumn: end.Character + 1,
			Severity: f.Severity.String(), Code: f.Code, Message: f.Message, Href: f.Href,
			Level: f.Severity,
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
	return out, nil
}

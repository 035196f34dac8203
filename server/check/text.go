package check

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/dockerlab/dockerlab/server/lint"
)

// Formats are the names --format takes, in the order the usage lists them.
var Formats = []string{"text", "json", "sarif", "gitlab"}

// Writer returns the writer of an output format by one of the names in
// Formats, or nil for an unknown name; version is dockerlab's, which SARIF
// states.
func Writer(format, version string) func(io.Writer, Report) error {
	switch format {
	case "text":
		return WriteText
	case "json":
		return WriteJSON
	case "sarif":
		return func(w io.Writer, r Report) error { return WriteSARIF(w, r, version) }
	case "gitlab":
		return WriteGitLab
	}
	return nil
}

// koreanSeverity names a severity in the text output.
var koreanSeverity = map[lint.Severity]string{lint.Error: "오류", lint.Warning: "경고", lint.Information: "정보", lint.Hint: "힌트"}

// WriteText prints one `file:line:col rule (severity) message` line per
// finding, then a Korean summary of how many files were checked and what
// was found.
func WriteText(w io.Writer, r Report) error {
	count := map[lint.Severity]int{}
	for _, f := range r.Findings {
		count[f.Level]++
		if _, err := fmt.Fprintf(w, "%s:%d:%d %s (%s) %s\n", f.File, f.Line, f.Column, f.Code, koreanSeverity[f.Level], f.Message); err != nil {
			return err
		}
	}
	var err error
	if len(r.Findings) == 0 {
		_, err = fmt.Fprintf(w, "파일 %d개를 검사했고 문제를 찾지 못했습니다.\n", len(r.Files))
	} else {
		_, err = fmt.Fprintf(w, "파일 %d개를 검사해 오류 %d개, 경고 %d개, 정보 %d개, 힌트 %d개를 찾았습니다.\n",
			len(r.Files), count[lint.Error], count[lint.Warning], count[lint.Information], count[lint.Hint])
	}
	return err
}

// WriteJSON prints the findings as an indented JSON array of Finding, an
// empty array when nothing was found.
func WriteJSON(w io.Writer, r Report) error {
	findings := r.Findings
	if findings == nil {
		findings = []Finding{}
	}
	return encode(w, findings)
}

// encode writes v as indented JSON with <, > and & left as they are, since
// messages quote Dockerfile text.
func encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

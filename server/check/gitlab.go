package check

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path/filepath"
	"strconv"

	"github.com/dockerlab/dockerlab/server/lint"
)

// gitlabIssue is one finding in GitLab's Code Quality report, the subset of
// the Code Climate issue that GitLab reads
// (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

// gitlabSeverity puts lint's four severities on GitLab's five-step scale as
// hadolint's Code Quality writer does: an error stops the build (blocker), a
// warning is a real problem (major), info and hint are advice.
var gitlabSeverity = map[lint.Severity]string{lint.Error: "blocker", lint.Warning: "major", lint.Information: "minor", lint.Hint: "info"}

// WriteGitLab prints the findings as a GitLab Code Quality report (the file
// a job names under artifacts:reports:codequality): a JSON array with one
// issue per finding, an empty array when nothing was found. Paths are the
// checked paths with forward slashes, relative when the paths given were.
func WriteGitLab(w io.Writer, r Report) error {
	issues := make([]gitlabIssue, 0, len(r.Findings))
	for _, f := range r.Findings {
		path := filepath.ToSlash(filepath.Clean(f.File))
		issues = append(issues, gitlabIssue{
			Description: f.Message,
			CheckName:   f.Code,
			Fingerprint: fingerprint(path, f),
			Severity:    gitlabSeverity[f.Level],
			Location:    gitlabLocation{Path: path, Lines: gitlabLines{Begin: f.Line, End: f.EndLine}},
		})
	}
	return encode(w, issues)
}

// fingerprint identifies a finding across pipelines, so GitLab can tell new
// findings from fixed ones: the hex SHA-256 of the path, rule, line, column
// and message. The column keeps apart two findings of one rule on one line
// (`apk add a && apk add b`), which GitLab would otherwise show as one.
func fingerprint(path string, f Finding) string {
	h := sha256.New()
	for _, part := range []string{path, f.Code, strconv.Itoa(f.Line), strconv.Itoa(f.Column), f.Message} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

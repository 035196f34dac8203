package check

import (
	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/lint"
)

// ruleSeverity is a rule's default severity, which SARIF states for each
// rule apart from the level of each result: the severity docs/rules/messages.md
// gives it, or fallback (the severity of one of its findings) when the
// table has none, as for parse errors. It is the only place in check that
// knows where rule severities are declared.
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

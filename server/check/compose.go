package check

import (
	"path/filepath"

	"github.com/dockerlab/dockerlab/server/compose"
	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/lint"
)

// composeFindings checks a Compose file against the Compose Specification's
// schema (package compose): every problem is an error; a key or value a
// quick fix would write is its fix title.
func composeFindings(path, text string) []Finding {
	f := compose.Parse(text)
	r := compose.CheckFile(f, compose.Options{Env: compose.DirEnv(filepath.Dir(path)), Override: compose.IsOverrideName(filepath.Base(path))})
	if len(r.Problems) == 0 {
		return nil
	}
	mp := document.NewMapper(text)
	out := make([]Finding, 0, len(r.Problems))
	for _, p := range r.Problems {
		start, end := mp.Position(p.Span.Start), mp.Position(p.Span.End)
		cf := Finding{File: path, Line: start.Line + 1, Column: start.Character + 1,
			EndLine: end.Line + 1, EndColumn: end.Character + 1,
			Severity: lint.Error.String(), Code: "Compose" + p.Code, Message: p.Message, Href: compose.Reference, Level: lint.Error}
		for _, fx := range compose.Fixes(f, p) {
			cf.Fixes = append(cf.Fixes, fx.Title)
		}
		out = append(out, cf)
	}
	return out
}

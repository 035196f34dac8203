package lint

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// copyIgnored is BuildKit's CopyIgnoredFile check, which needs the build
// context's .dockerignore: BuildKit reads it through a build session we do
// not have, so the same rule is applied here with the same matcher.
func copyIgnored(m *dockerfile.Model, bc *buildContext) []Finding {
	data, ok := bc.read(".dockerignore")
	if !ok {
		return nil
	}
	patterns, err := ignorefile.ReadAll(bytes.NewReader(data))
	if err != nil || len(patterns) == 0 {
		return nil
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil || pm.Exclusions() {
		return nil // exclusions cannot be judged statically, as in BuildKit
	}
	var out []Finding
	for _, in := range m.Instructions {
		if in.Name != "COPY" && in.Name != "ADD" {
			continue
		}
		fromOther := false
		for _, fl := range in.Flags {
			if strings.EqualFold(fl.Name, "from") {
				fromOther = true
			}
		}
		if fromOther || len(in.Args) < 2 || strings.HasPrefix(in.Args[0].Value, "[") {
			continue
		}
		for _, src := range in.Args[:len(in.Args)-1] {
			if strings.HasPrefix(src.Value, "<<") || strings.Contains(src.Value, "://") {
				continue
			}
			p := filepath.ToSlash(filepath.Clean(src.Value))
			if p == "." || p == "/" {
				continue
			}
			if ok, err := pm.MatchesOrParentMatches(strings.TrimPrefix(p, "/")); err == nil && ok {
				cmd := "Copy"
				if in.Name == "ADD" {
					cmd = "Add"
				}
				english := linter.RuleCopyIgnoredFile.Format(cmd, p)
				out = append(out, Finding{
					Span: src.Span, Code: linter.RuleCopyIgnoredFile.Name, Severity: rule(linter.RuleCopyIgnoredFile.Name).Severity,
					Message: koreanMessage(linter.RuleCopyIgnoredFile.Name, english),
					Href:    linter.RuleCopyIgnoredFile.URL,
				})
			}
		}
	}
	return out
}

package lint

import (
	"regexp"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Two ways to silence a rule, each with its quick fix:
//
//   - `# check=skip=<Rule>` at the top of the file, BuildKit's own parser
//     directive, which `docker build --check` honours too;
//   - `# dockerlab ignore=<Rule>[,<Rule>]` on the comment lines right above
//     an instruction, for that instruction only. BuildKit has no such
//     comment, so it silences the rule in dockerlab only (like hadolint's
//     `# hadolint ignore=`).

// ignoreRe matches a `# dockerlab ignore=A,B` comment line.
var ignoreRe = regexp.MustCompile(`^[ \t]*#[ \t]*dockerlab[ \t]+ignore[ \t]*=[ \t]*([A-Za-z0-9_]+(?:[ \t]*,[ \t]*[A-Za-z0-9_]+)*)`)

// ignores maps a zero-based comment line to the rules it silences.
type ignores map[int][]string

// ignoreComments finds the `# dockerlab ignore=` comments of m.
func ignoreComments(m *dockerfile.Model) ignores {
	out := ignores{}
	if !strings.Contains(m.Text, "dockerlab") {
		return out
	}
	for l := 0; l < m.Mapper.LineCount(); l++ {
		if sm := ignoreRe.FindStringSubmatch(m.Mapper.Line(l)); sm != nil {
			for _, r := range strings.Split(sm[1], ",") {
				out[l] = append(out[l], strings.TrimSpace(r))
			}
		}
	}
	return out
}

// covers reports whether an ignore comment above f's instruction names f's rule.
func (ig ignores) covers(m *dockerfile.Model, f Finding) bool {
	if len(ig) == 0 {
		return false
	}
	in := m.InstructionAt(f.Span.Start)
	if in == nil {
		return false
	}
	for l := in.StartLine - 1; l >= 0 && isComment(m.Mapper.Line(l)); l-- {
		for _, r := range ig[l] {
			if r == f.Code || r == "all" {
				return true
			}
		}
	}
	return false
}

func isComment(line string) bool { return strings.HasPrefix(strings.TrimLeft(line, " \t"), "#") }

// ignoreHereFix adds f's rule to the `# dockerlab ignore=` comment right
// above f's instruction, or writes one there.
func ignoreHereFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if in == nil {
		return Fix{}, false
	}
	fix := Fix{Title: "이 줄에서 `" + f.Code + "` 규칙 무시"}
	if l := in.StartLine - 1; l >= 0 {
		line := m.Mapper.Line(l)
		if sm := ignoreRe.FindStringSubmatchIndex(line); sm != nil {
			at := m.Mapper.LineStart(l) + sm[3]
			fix.Edits = []Edit{{Span: dockerfile.Span{Start: at, End: at}, NewText: "," + f.Code}}
			return fix, true
		}
	}
	start := m.Mapper.LineStart(in.StartLine)
	indent := m.Text[start:in.KeywordSpan.Start]
	if strings.TrimLeft(indent, " \t") != "" {
		indent = "" // a BOM or something else before the keyword
		start = in.KeywordSpan.Start
	}
	fix.Edits = []Edit{{Span: dockerfile.Span{Start: start, End: start}, NewText: indent + "# dockerlab ignore=" + f.Code + newline(m)}}
	return fix, true
}

// knownDirectives are the parser directives BuildKit reads; a line with any
// other `# key=value` ends the directive block.
var knownDirectives = map[string]bool{"syntax": true, "escape": true, "check": true}

// ignoreFileFix adds f's rule to the `# check=skip=` directive, or writes
// that directive at the end of the directive block at the top of the file.
func ignoreFileFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	fix := Fix{Title: "이 파일에서 `" + f.Code + "` 규칙 무시"}
	lastLine := -1
	for _, d := range m.Directives {
		if !knownDirectives[d.Name] {
			break
		}
		lastLine = m.Mapper.Position(d.Span.Start).Line
		if d.Name != "check" {
			continue
		}
		// Extend the skip list of `skip=A;error=true`, or add a skip part.
		at := d.ValueSpan.Start
		for _, part := range strings.Split(d.Value, ";") {
			k, v, _ := strings.Cut(part, "=")
			if strings.TrimSpace(k) == "skip" {
				if strings.TrimSpace(v) == "all" {
					return Fix{}, false
				}
				end := at + len(strings.TrimRight(part, " \t"))
				fix.Edits = []Edit{{Span: dockerfile.Span{Start: end, End: end}, NewText: "," + f.Code}}
				if strings.TrimSpace(v) == "" {
					fix.Edits[0].NewText = f.Code
				}
				return fix, true
			}
			at += len(part) + 1
		}
		fix.Edits = []Edit{{Span: dockerfile.Span{Start: d.ValueSpan.Start, End: d.ValueSpan.Start}, NewText: "skip=" + f.Code + ";"}}
		return fix, true
	}
	text := "# check=skip=" + f.Code + newline(m)
	at := 0
	if strings.HasPrefix(m.Text, "\ufeff") {
		at = 3
	}
	if lastLine >= 0 {
		at = m.Mapper.LineStart(lastLine + 1)
		if lastLine+1 >= m.Mapper.LineCount() {
			at = len(m.Text)
			text = newline(m) + strings.TrimSuffix(text, newline(m))
		}
	}
	fix.Edits = []Edit{{Span: dockerfile.Span{Start: at, End: at}, NewText: text}}
	return fix, true
}

// newline is the file's line ending.
func newline(m *dockerfile.Model) string {
	if strings.Contains(m.Text, "\r\n") {
		return "\r\n"
	}
	return "\n"
}

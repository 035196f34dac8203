package format

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// OnType returns the edits after a newline typed at offset: the new line is
// indented by one unit when it continues an instruction (the line above,
// comments skipped, ends in the escape character) and loses any indentation
// when it starts a new one; the keyword of the instruction above is written
// in upper case. Heredoc bodies and lines the parser could not read are left
// alone.
func OnType(m *dockerfile.Model, opts Options, offset int) []Edit {
	if opts.Indent == "" {
		opts.Indent = DefaultOptions.Indent
	}
	line := m.Mapper.Position(offset).Line
	if line == 0 || inHeredoc(m, line) || inProblem(m, line) {
		return nil
	}
	prev := line - 1
	for prev > 0 && dockerfile.IsCommentLine(m.Mapper.Line(prev)) {
		prev--
	}
	above := m.Mapper.Line(prev)
	if strings.TrimSpace(above) == "" || dockerfile.IsCommentLine(above) {
		return nil
	}
	var out []Edit
	if in := m.InstructionAt(m.Mapper.LineStart(prev) + len(above) - len(strings.TrimLeft(above, " \t"))); in != nil && in.Known {
		if upper := strings.ToUpper(in.Keyword); upper != in.Keyword {
			out = append(out, Edit{Span: in.KeywordSpan, NewText: upper})
		}
	}
	want := ""
	if m.Continues(above) {
		want = opts.Indent
	}
	start := m.Mapper.LineStart(line)
	text := m.Mapper.Line(line)
	lead := len(text) - len(strings.TrimLeft(text, " \t"))
	if strings.TrimSpace(text) != "" && want == "" {
		return out // text after the cursor already starts the line; leave it
	}
	if text[:lead] != want {
		out = append(out, Edit{Span: dockerfile.Span{Start: start, End: start + lead}, NewText: want})
	}
	return out
}

// inHeredoc reports whether line is in a heredoc body or on its terminator.
func inHeredoc(m *dockerfile.Model, line int) bool {
	for _, in := range m.Instructions {
		if line < in.StartLine || line > in.EndLine {
			continue
		}
		for _, h := range m.Heredocs(in) {
			if line >= h.FirstBodyLine && line <= h.TerminatorLine {
				return true
			}
		}
	}
	return false
}

// inProblem reports whether line is in a region the parser rejected (an
// unterminated heredoc while typing, for one).
func inProblem(m *dockerfile.Model, line int) bool {
	for _, p := range m.Problems {
		if p.Kind != dockerfile.ParseError {
			continue
		}
		if line >= m.Mapper.Position(p.Span.Start).Line && line <= m.Mapper.Position(p.Span.End).Line {
			return true
		}
	}
	return false
}

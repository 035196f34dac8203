package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// Heredoc is one here-document of an instruction: its `<<EOF` marker on the
// instruction's own lines, its body lines and its terminator line. Folding,
// formatting and semantic tokens need to know where a body starts and ends,
// since nothing inside it may be touched.
type Heredoc struct {
	Name           string // the terminator word, without quotes
	Chomp          bool   // `<<-EOF`: leading tabs of the body and terminator are stripped
	Marker         Span   // the `<<EOF` word as written; empty when it was not found
	FirstBodyLine  int    // zero-based; equals TerminatorLine when the body is empty
	TerminatorLine int    // zero-based line holding the terminator
	Terminator     Span   // the terminator word on its line
}

// Continues reports whether line (without its terminator) ends in a line
// continuation, exactly as BuildKit's parser reads it: the escape character
// as the last non-blank character, not itself escaped.
func (m *Model) Continues(line string) bool {
	body := strings.TrimRight(line, " \t")
	n := len(body)
	if n == 0 || body[n-1] != m.Escape {
		return false
	}
	return n == 1 || body[n-2] != m.Escape
}

// IsCommentLine reports whether BuildKit's parser reads line as a comment:
// its first non-blank character is `#`.
func IsCommentLine(line string) bool {
	return strings.HasPrefix(strings.TrimLeft(line, " \t\v\f\r"), "#")
}

// LogicalEndLine is the last line of in's own text: the keyword line and its
// continuation lines (comment and blank lines inside them included), before
// any heredoc body.
func (m *Model) LogicalEndLine(in *Instruction) int {
	i := in.StartLine
	cont := m.Continues(m.Mapper.Line(i))
	for cont && i < in.EndLine {
		i++
		line := m.Mapper.Line(i)
		if IsCommentLine(line) || strings.TrimSpace(line) == "" {
			continue
		}
		cont = m.Continues(line)
	}
	return i
}

// Heredocs returns the here-documents of in, in order, with their lines.
func (m *Model) Heredocs(in *Instruction) []Heredoc {
	if in.Node == nil || len(in.Node.Heredocs) == 0 {
		return nil
	}
	var markers []Word
	for _, w := range in.Args {
		if h, err := parser.ParseHeredoc(w.Value); err == nil && h != nil {
			markers = append(markers, w)
		}
	}
	out := make([]Heredoc, 0, len(in.Node.Heredocs))
	line := m.LogicalEndLine(in) + 1
	for k, nh := range in.Node.Heredocs {
		h := Heredoc{Name: nh.Name, Chomp: nh.Chomp, FirstBodyLine: line}
		if len(markers) == len(in.Node.Heredocs) {
			h.Marker = markers[k].Span
		}
		for ; line <= in.EndLine; line++ {
			text := m.Mapper.Line(line)
			if nh.Chomp {
				text = strings.TrimLeft(text, "\t")
			}
			if text == nh.Name {
				break
			}
		}
		h.TerminatorLine = min(line, in.EndLine)
		end := m.Mapper.LineEnd(h.TerminatorLine)
		h.Terminator = Span{end - len(nh.Name), end}
		out = append(out, h)
		line = h.TerminatorLine + 1
	}
	return out
}

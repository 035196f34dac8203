// Package format formats a Dockerfile without changing what it means:
// instruction keywords (and `AS`, HEALTHCHECK's `CMD`/`NONE`) in upper case,
// one space between words where BuildKit ignores the spacing, continuation
// lines indented by one unit, trailing blanks removed. Heredoc bodies, JSON
// arrays and the inside of shell-form commands keep every character: BuildKit
// keeps a command's spacing (it is part of the cache key and the image
// history), so a continuation line of such a command is re-indented only
// when its blanks can move across the line break without changing the
// command. Every result is checked by parsing it again with BuildKit's
// parser; an instruction whose parse would differ is left as it was.
package format

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Options are the editor's formatting options.
type Options struct {
	// Indent is one indentation unit for continuation lines, e.g. "    " or "\t".
	Indent string
}

// DefaultOptions indent continuation lines by four spaces.
var DefaultOptions = Options{Indent: "    "}

// Edit replaces the text of Span with NewText.
type Edit struct {
	Span    dockerfile.Span
	NewText string
}

// Document returns the edits that format the whole file, one per changed
// line, in order.
func Document(m *dockerfile.Model, opts Options) []Edit {
	return edits(m, format(m, opts), 0, m.Mapper.LineCount()-1)
}

// Range returns the edits that format the lines first..last (zero-based,
// inclusive), widened to whole instructions.
func Range(m *dockerfile.Model, opts Options, first, last int) []Edit {
	for _, in := range m.Instructions {
		if in.EndLine >= first && in.StartLine <= last {
			first, last = min(first, in.StartLine), max(last, in.EndLine)
		}
	}
	return edits(m, format(m, opts), first, last)
}

// edits turns the formatted lines first..last into line edits.
func edits(m *dockerfile.Model, lines []string, first, last int) []Edit {
	var out []Edit
	for i := max(first, 0); i <= last && i < len(lines); i++ {
		span := dockerfile.Span{Start: m.Mapper.LineStart(i), End: m.Mapper.LineEnd(i)}
		if m.Text[span.Start:span.End] != lines[i] {
			out = append(out, Edit{Span: span, NewText: lines[i]})
		}
	}
	return out
}

// format returns the formatted content of every line (same line count,
// without terminators). Lines the parser could not read, and instructions
// whose formatting BuildKit would read differently, keep their text.
func format(m *dockerfile.Model, opts Options) []string {
	if opts.Indent == "" {
		opts.Indent = DefaultOptions.Indent
	}
	n := m.Mapper.LineCount()
	orig := make([]string, n)
	lines := make([]string, n)
	for i := range lines {
		orig[i] = m.Mapper.Line(i)
		lines[i] = orig[i]
	}
	frozen := make([]bool, n)
	for _, p := range m.Problems {
		if p.Kind == dockerfile.ParseError || p.Kind == dockerfile.LineTooLong {
			for l := m.Mapper.Position(p.Span.Start).Line; l <= m.Mapper.Position(p.Span.End).Line && l < n; l++ {
				frozen[l] = true
			}
		}
	}
	owned := make([]bool, n)
	for _, in := range m.Instructions {
		for l := in.StartLine; l <= in.EndLine && l < n; l++ {
			owned[l] = true
		}
	}
	for i, l := range orig {
		if owned[i] || frozen[i] {
			continue
		}
		bom, body := splitBOM(i, l)
		switch {
		case strings.TrimSpace(body) == "":
			lines[i] = bom
		case dockerfile.IsCommentLine(body):
			// Leading blanks stay: BuildKit keeps them in the comment text
			// it attaches to the next instruction (its documentation).
			lines[i] = bom + strings.TrimRight(body, " \t")
		}
	}
	var todo []*dockerfile.Instruction
	for _, in := range m.Instructions {
		skip := false
		for l := in.StartLine; l <= in.EndLine && l < n; l++ {
			skip = skip || frozen[l]
		}
		if !skip {
			todo = append(todo, in)
		}
	}
	for _, in := range todo {
		instruction(m, in, opts.Indent, lines)
	}
	check(m, orig, lines, todo)
	return lines
}

// splitBOM separates a byte order mark at the start of the file.
func splitBOM(line int, s string) (bom, rest string) {
	if line == 0 && strings.HasPrefix(s, "\ufeff") {
		return s[:3], s[3:]
	}
	return "", s
}

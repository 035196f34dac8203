// Package signature explains, while typing inside an instruction, which of
// its forms is being written and which part the cursor is in: the flags, a
// source or the destination of `COPY`, the `CMD` keyword or the command of
// `HEALTHCHECK`, the executable or an argument of an exec-form array. Every
// label and explanation is Korean and follows the reference pages' syntax.
package signature

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Parameter is one part of a signature: Start and End are byte offsets into
// the signature's label.
type Parameter struct {
	Start, End int
	Doc        string
}

// Signature is one form of an instruction.
type Signature struct {
	Label  string
	Doc    string
	Params []Parameter
}

// Help is the signature help at a position: every form of the instruction,
// the one being written (Active) and the part the cursor is in (Param).
type Help struct {
	Signatures []Signature
	Active     int
	Param      int
}

// At returns the signature help for the cursor at offset, or nil outside an
// instruction's arguments (on the keyword, in a comment or a heredoc body).
func At(m *dockerfile.Model, offset int) *Help {
	in := m.InstructionAt(offset)
	if in == nil || !in.Known || offset <= in.KeywordSpan.End {
		return nil
	}
	if offset > m.Mapper.LineEnd(m.LogicalEndLine(in)) {
		return nil
	}
	if line := m.Mapper.Position(offset).Line; line != in.StartLine && dockerfile.IsCommentLine(m.Mapper.Line(line)) {
		return nil
	}
	fs, ok := forms[in.Name]
	if !ok {
		return nil
	}
	c := newCursor(m, in, offset)
	active, param := pick(m, in, c)
	h := &Help{Active: active, Param: param}
	for _, f := range fs {
		h.Signatures = append(h.Signatures, build(f))
	}
	return h
}

// build strips the braces from a form's label and records where each
// parameter is.
func build(f form) Signature {
	var b strings.Builder
	s := Signature{Doc: f.doc}
	start := -1
	for _, r := range f.label {
		switch r {
		case '{':
			start = b.Len()
		case '}':
			p := Parameter{Start: start, End: b.Len()}
			if n := len(s.Params); n < len(f.params) {
				p.Doc = f.params[n]
			}
			s.Params = append(s.Params, p)
		default:
			b.WriteRune(r)
		}
	}
	s.Label = b.String()
	return s
}

// cursor is where the cursor is among an instruction's words.
type cursor struct {
	offset int
	flag   bool             // on a flag, or before any argument where flags go
	arg    int              // index of the argument the cursor is on or starts
	word   *dockerfile.Word // that argument, nil in blank space
	n      int              // arguments, counting the one the cursor starts
}

func newCursor(m *dockerfile.Model, in *dockerfile.Instruction, offset int) cursor {
	c := cursor{offset: offset, n: len(in.Args)}
	for _, f := range in.Flags {
		if f.Span.Contains(offset) || f.Span.Start > offset {
			c.flag = true
			return c
		}
	}
	for i := range in.Args {
		a := &in.Args[i]
		if a.Span.Contains(offset) {
			c.arg, c.word = i, a
			c.flag = i == 0 && strings.HasPrefix(a.Value, "-")
			return c
		}
		if a.Span.End < offset {
			c.arg = i + 1
		}
	}
	if c.arg == len(in.Args) {
		c.n++ // a new word after the last one
	}
	return c
}

// left reports whether the cursor is before sep in its word (or in no word).
func (c cursor) left(sep byte) bool {
	if c.word == nil {
		return true
	}
	i := strings.IndexByte(c.word.Value, sep)
	return i < 0 || c.offset <= c.word.Span.Start+i
}

// pick chooses the form being written and the parameter under the cursor.
func pick(m *dockerfile.Model, in *dockerfile.Instruction, c cursor) (active, param int) {
	first := ""
	if len(in.Args) > 0 {
		first = in.Args[0].Value
	}
	json := strings.HasPrefix(first, "[")
	heredoc := strings.HasPrefix(first, "<<")
	side := func(sep byte) int {
		if c.left(sep) {
			return 0
		}
		return 1
	}
	switch in.Name {
	case "FROM":
		if slash := strings.LastIndexByte(first, '/'); strings.Contains(first, "@") {
			active = 2
		} else if strings.Contains(first[slash+1:], ":") {
			active = 1
		}
		return active, flagOr(c, min(c.arg, 1)+1)
	case "RUN":
		switch {
		case json:
			return 1, flagOr(c, 1+min(element(m, in, c.offset), 1))
		case heredoc:
			return 2, flagOr(c, 1)
		}
		return 0, flagOr(c, 1)
	case "CMD":
		if json {
			if entrypointBefore(m, in) {
				return 1, 0
			}
			return 0, min(element(m, in, c.offset), 1)
		}
		return 2, min(c.arg, 1)
	case "ENTRYPOINT", "SHELL":
		if json || in.Name == "SHELL" {
			return 0, min(element(m, in, c.offset), 1)
		}
		return 1, min(c.arg, 1)
	case "COPY", "ADD":
		switch {
		case json:
			i, n := element(m, in, c.offset), elements(m, in)
			if n >= 2 && i == n-1 {
				return 1, flagOr(c, 2)
			}
			return 1, flagOr(c, 1)
		case heredoc:
			return 2, flagOr(c, 1+min(c.arg, 1))
		}
		if c.n >= 2 && c.arg == c.n-1 {
			return 0, flagOr(c, 2)
		}
		return 0, flagOr(c, 1)
	case "HEALTHCHECK":
		if strings.EqualFold(first, "NONE") {
			return 1, 0
		}
		return 0, flagOr(c, 1+min(c.arg, 1))
	case "ENV":
		if first != "" && !strings.Contains(first, "=") && (c.word == nil || c.arg > 0 || c.n > 1) {
			return 1, min(c.arg, 1)
		}
		return 0, side('=')
	case "ARG", "LABEL":
		return 0, side('=')
	case "EXPOSE":
		return 0, side('/')
	case "USER":
		user, _, _ := strings.Cut(first, ":")
		if user != "" && strings.Trim(user, "0123456789") == "" {
			active = 1
		}
		return active, side(':')
	case "VOLUME":
		if json {
			return 0, 0
		}
		return 1, 0
	}
	return 0, 0
}

// flagOr is the flags parameter (0) when the cursor is on a flag, else p.
func flagOr(c cursor, p int) int {
	if c.flag {
		return 0
	}
	return p
}

// element is the index of the JSON array element at offset: the commas
// outside strings between the array's `[` and the cursor.
func element(m *dockerfile.Model, in *dockerfile.Instruction, offset int) int {
	if len(in.Args) == 0 {
		return 0 // `SHELL ` with nothing after it yet: the first element
	}
	start := in.Args[0].Span.Start
	return commas(m.Text[start:max(start, min(offset, len(m.Text)))])
}

// elements counts the elements of the instruction's JSON array.
func elements(m *dockerfile.Model, in *dockerfile.Instruction) int {
	if len(in.Args) == 0 {
		return 0
	}
	start := in.Args[0].Span.Start
	end := m.Mapper.LineEnd(m.LogicalEndLine(in))
	return commas(m.Text[start:end]) + 1
}

func commas(s string) int {
	n, inString := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case c == ',' && !inString:
			n++
		case c == ']' && !inString:
			return n
		}
	}
	return n
}

// entrypointBefore reports whether in's stage sets an exec-form ENTRYPOINT
// before in: a JSON CMD then gives the entrypoint's default arguments.
func entrypointBefore(m *dockerfile.Model, in *dockerfile.Instruction) bool {
	if in.Stage < 0 || in.Stage >= len(m.Stages) {
		return false
	}
	for _, other := range m.Stages[in.Stage].Instructions {
		if other.Span.Start >= in.Span.Start {
			break
		}
		if other.Name == "ENTRYPOINT" && len(other.Args) > 0 && strings.HasPrefix(other.Args[0].Value, "[") {
			return true
		}
	}
	return false
}

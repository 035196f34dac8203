// Package semantic classifies the text of a Dockerfile for semantic
// highlighting: instruction keywords, flags and their values, variables,
// stage names, image references, comments, parser directives, strings and
// heredoc markers. It knows what the TextMate grammar cannot: which word is
// a stage and which an image, which `$NAME` is defined and which is one of
// BuildKit's automatic ARGs.
package semantic

import (
	"regexp"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Type is a token type. The names in Types are LSP's standard token types,
// so every theme colours them.
type Type uint8

const (
	// Keyword is an instruction keyword, `AS`, or `CMD`/`NONE` after HEALTHCHECK.
	Keyword Type = iota
	// Comment is a comment line.
	Comment
	// String is a quoted string, a flag value or a directive's value.
	String
	// Number is a port of EXPOSE.
	Number
	// Variable is an ARG/ENV name where it is defined or used.
	Variable
	// Parameter is a flag name such as `--from`.
	Parameter
	// Property is a key: a `--mount` option, a LABEL key.
	Property
	// Namespace is a build stage name.
	Namespace
	// Image is an image reference.
	Image
	// Macro is a parser directive's name.
	Macro
	// Operator is a heredoc marker (`<<EOF`) or terminator.
	Operator
)

// Types are the LSP names of the token types, indexed by Type.
var Types = []string{"keyword", "comment", "string", "number", "variable", "parameter", "property", "namespace", "type", "macro", "operator"}

// Modifier is a bit set of token modifiers.
type Modifier uint8

const (
	// Declaration marks where a variable or stage is defined.
	Declaration Modifier = 1 << iota
	// DefaultLibrary marks what BuildKit provides: its automatic ARGs and
	// the empty image `scratch`.
	DefaultLibrary
)

// Modifiers are the LSP names of the modifier bits, bit i at index i.
var Modifiers = []string{"declaration", "defaultLibrary"}

// Token is one classified piece of text; it never spans two lines.
type Token struct {
	Span      dockerfile.Span
	Type      Type
	Modifiers Modifier
}

// Tokens returns the tokens of m in text order.
func Tokens(m *dockerfile.Model) []Token {
	return Range(m, 0, len(m.Text))
}

// Range returns the tokens of m that overlap the byte range [start, end).
func Range(m *dockerfile.Model, start, end int) []Token {
	p := newPainter(m, start, end)
	p.directives()
	p.instructions()
	p.comments()
	return p.tokens()
}

// painter colours bytes: later paint wins, so specific tokens (a variable
// inside a string) are painted after general ones. Only the requested range
// is kept; colour 0 is no token.
type painter struct {
	m          *dockerfile.Model
	start, end int
	color      []uint8
	bodies     map[int]bool // lines inside heredoc bodies
}

func newPainter(m *dockerfile.Model, start, end int) *painter {
	start, end = max(start, 0), min(end, len(m.Text))
	if end < start {
		end = start
	}
	return &painter{m: m, start: start, end: end, color: make([]uint8, end-start), bodies: map[int]bool{}}
}

func (p *painter) paint(s dockerfile.Span, t Type, mods Modifier) {
	a, b := max(s.Start, p.start), min(s.End, p.end)
	c := uint8(t) + 1 | uint8(mods)<<4
	for i := a; i < b; i++ {
		p.color[i-p.start] = c
	}
}

// visible reports whether an instruction's lines may hold painted bytes.
func (p *painter) visible(in *dockerfile.Instruction) bool {
	return in.Span.End >= p.start && in.Span.Start <= p.end
}

func (p *painter) directives() {
	for _, d := range p.m.Directives {
		p.paint(d.NameSpan, Macro, 0)
		p.paint(d.ValueSpan, String, 0)
	}
}

var portRe = regexp.MustCompile(`^[0-9]+(-[0-9]+)?(/[a-zA-Z]+)?$`)

func (p *painter) instructions() {
	m := p.m
	for _, in := range m.Instructions {
		heredocs := m.Heredocs(in)
		for _, h := range heredocs {
			for l := h.FirstBodyLine; l < h.TerminatorLine; l++ {
				p.bodies[l] = true
			}
		}
		if !p.visible(in) {
			continue
		}
		p.strings(in)
		if in.Known {
			p.paint(in.KeywordSpan, Keyword, 0)
		}
		for _, f := range in.Flags {
			p.paint(f.NameSpan, Parameter, 0)
			if !f.HasValue {
				continue
			}
			if strings.EqualFold(f.Name, "mount") {
				for _, o := range f.Options() {
					p.paint(o.KeySpan, Property, 0)
					p.paint(o.ValueSpan, String, 0)
				}
			} else {
				p.paint(f.ValueSpan, String, 0)
			}
		}
		switch in.Name {
		case "FROM":
			if len(in.Args) >= 3 && strings.EqualFold(in.Args[1].Value, "as") {
				p.paint(in.Args[1].Span, Keyword, 0)
				p.paint(in.Args[2].Span, Namespace, Declaration)
			}
		case "LABEL":
			for _, w := range in.Args {
				if k, _, ok := strings.Cut(w.Value, "="); ok {
					p.paint(dockerfile.Span{Start: w.Span.Start, End: w.Span.Start + len(k)}, Property, 0)
				}
			}
		case "EXPOSE":
			for _, w := range in.Args {
				if portRe.MatchString(w.Value) {
					p.paint(w.Span, Number, 0)
				}
			}
		case "HEALTHCHECK":
			if len(in.Args) > 0 && (strings.EqualFold(in.Args[0].Value, "CMD") || strings.EqualFold(in.Args[0].Value, "NONE")) {
				p.paint(in.Args[0].Span, Keyword, 0)
			}
		case "ONBUILD":
			if len(in.Args) > 0 && dockerfile.IsKnown(in.Args[0].Value) {
				p.paint(in.Args[0].Span, Keyword, 0)
			}
		}
		for _, h := range heredocs {
			p.paint(h.Marker, Operator, 0)
			p.paint(h.Terminator, Operator, 0)
		}
	}
	for _, r := range m.StageRefs() {
		if r.Stage != nil {
			p.paint(r.Span, Namespace, 0)
		} else if strings.EqualFold(r.Name, "scratch") {
			p.paint(r.Span, Image, DefaultLibrary) // BuildKit's empty image
		} else {
			p.paint(r.Span, Image, 0) // variables inside are painted over below
		}
	}
	for _, d := range m.VarDefs {
		p.paint(d.NameSpan, Variable, Declaration)
	}
	for _, r := range m.VarRefs {
		span := dockerfile.Span{Start: r.Span.Start, End: r.NameSpan.End}
		if r.Span.End == r.NameSpan.End+1 {
			span.End = r.Span.End // `${NAME}`: the brace too
		}
		var mods Modifier
		if r.Predefined {
			mods = DefaultLibrary
		}
		p.paint(span, Variable, mods)
	}
}

// strings paints the quoted strings on an instruction's own lines,
// following the escape character; comment lines inside a continuation are
// skipped, and quotes may span continuation lines.
func (p *painter) strings(in *dockerfile.Instruction) {
	m := p.m
	var quote byte
	open := 0
	last := m.LogicalEndLine(in)
	for l := in.StartLine; l <= last; l++ {
		line := m.Mapper.Line(l)
		base := m.Mapper.LineStart(l)
		from := 0
		if l == in.StartLine {
			from = in.KeywordSpan.End - base
		} else if dockerfile.IsCommentLine(line) {
			continue
		}
		for i := from; i < len(line); i++ {
			c := line[i]
			switch {
			case c == m.Escape && quote != '\'':
				i++
			case quote == 0 && (c == '"' || c == '\''):
				quote, open = c, base+i
			case quote != 0 && c == quote:
				p.paint(dockerfile.Span{Start: open, End: base + i + 1}, String, 0)
				quote = 0
			}
		}
	}
}

// comments paints comment lines outside heredoc bodies; directives are
// painted already.
func (p *painter) comments() {
	m := p.m
	directive := map[int]bool{}
	for _, d := range m.Directives {
		directive[m.Mapper.Position(d.Span.Start).Line] = true
	}
	first := m.Mapper.Position(p.start).Line
	last := m.Mapper.Position(p.end).Line
	for l := first; l <= last && l < m.Mapper.LineCount(); l++ {
		if directive[l] || p.bodies[l] {
			continue
		}
		line := m.Mapper.Line(l)
		if !dockerfile.IsCommentLine(line) {
			continue
		}
		start := m.Mapper.LineStart(l) + strings.IndexByte(line, '#')
		p.paint(dockerfile.Span{Start: start, End: m.Mapper.LineEnd(l)}, Comment, 0)
	}
}

// tokens turns the painted bytes into tokens, cut at line ends.
func (p *painter) tokens() []Token {
	var out []Token
	text := p.m.Text
	for i := 0; i < len(p.color); {
		c := p.color[i]
		if c == 0 {
			i++
			continue
		}
		j := i + 1
		for j < len(p.color) && p.color[j] == c && text[p.start+j] != '\n' && text[p.start+j] != '\r' {
			j++
		}
		a, b := p.start+i, p.start+j
		for a < b && isBlank(text[a]) {
			a++ // no token starts or ends in blanks or line breaks
		}
		for b > a && isBlank(text[b-1]) {
			b--
		}
		if b > a {
			out = append(out, Token{Span: dockerfile.Span{Start: a, End: b}, Type: Type(c&0x0f) - 1, Modifiers: Modifier(c >> 4)})
		}
		i = j
	}
	return out
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

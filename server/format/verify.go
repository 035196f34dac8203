package format

import (
	"slices"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// check parses the formatted lines again and puts back the original text of
// every instruction BuildKit would read differently; if the file as a whole
// reads differently (another instruction count, escape character or parse
// error), nothing is formatted.
func check(m *dockerfile.Model, orig, lines []string, todo []*dockerfile.Instruction) {
	for attempt := 0; attempt < 3; attempt++ {
		bad, whole := differences(m, lines)
		if whole {
			copy(lines, orig)
			return
		}
		if len(bad) == 0 {
			return
		}
		for _, in := range bad {
			for l := in.StartLine; l <= in.EndLine && l < len(lines); l++ {
				lines[l] = orig[l]
			}
		}
	}
	copy(lines, orig)
}

// differences returns the instructions of m whose node differs in the parse
// of lines; whole is set when the parses cannot be compared node by node.
func differences(m *dockerfile.Model, lines []string) (bad []*dockerfile.Instruction, whole bool) {
	var b strings.Builder
	b.Grow(len(m.Text))
	prev := 0
	for i, l := range lines {
		b.WriteString(m.Text[prev:m.Mapper.LineStart(i)])
		b.WriteString(l)
		prev = m.Mapper.LineEnd(i)
	}
	b.WriteString(m.Text[prev:])
	text := b.String()
	if text == m.Text {
		return nil, false
	}

	var nodes []*parser.Node
	if clean(m) {
		res, err := parser.Parse(strings.NewReader(text))
		if err != nil || byte(res.EscapeToken) != m.Escape {
			return nil, true
		}
		nodes = res.AST.Children
	} else {
		n := dockerfile.Parse(text)
		if n.Escape != m.Escape || !sameProblems(m, n) {
			return nil, true
		}
		for _, in := range n.Instructions {
			nodes = append(nodes, in.Node)
		}
	}
	var old []*parser.Node
	for _, in := range m.Instructions {
		old = append(old, in.Node)
	}
	if len(nodes) != len(old) {
		return nil, true
	}
	for i, in := range m.Instructions {
		if !same(old[i], nodes[i]) {
			bad = append(bad, in)
		}
	}
	return bad, false
}

// clean reports whether BuildKit parsed m without recovering from errors.
func clean(m *dockerfile.Model) bool {
	for _, p := range m.Problems {
		if p.Kind == dockerfile.ParseError || p.Kind == dockerfile.LineTooLong || p.Kind == dockerfile.NoInstructions {
			return false
		}
	}
	return true
}

func sameProblems(a, b *dockerfile.Model) bool {
	if len(a.Problems) != len(b.Problems) {
		return false
	}
	for i, p := range a.Problems {
		q := b.Problems[i]
		if p.Kind != q.Kind || a.Mapper.Position(p.Span.Start).Line != b.Mapper.Position(q.Span.Start).Line {
			return false
		}
	}
	return true
}

// same reports whether two nodes of BuildKit's AST mean the same: the same
// lines, dump (which ignores the instruction's case), flags, attributes,
// comments and heredocs. The keywords the formatter writes in upper case
// (`AS`, HEALTHCHECK's `CMD`/`NONE`) compare without case too.
func same(a, b *parser.Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.StartLine != b.StartLine || a.EndLine != b.EndLine || !strings.EqualFold(a.Value, b.Value) ||
		!slices.Equal(a.Flags, b.Flags) || !slices.Equal(a.PrevComment, b.PrevComment) ||
		len(a.Attributes) != len(b.Attributes) || len(a.Heredocs) != len(b.Heredocs) || len(a.Children) != len(b.Children) {
		return false
	}
	for k, v := range a.Attributes {
		if b.Attributes[k] != v {
			return false
		}
	}
	for i, h := range a.Heredocs {
		if h != b.Heredocs[i] {
			return false
		}
	}
	for i, c := range a.Children {
		if !same(c, b.Children[i]) {
			return false
		}
	}
	keyword := map[int]bool{}
	switch strings.ToUpper(a.Value) {
	case "FROM":
		keyword[1] = true
	case "HEALTHCHECK":
		keyword[0] = true
	}
	x, y := a.Next, b.Next
	for i := 0; x != nil || y != nil; i++ {
		if x == nil || y == nil || !slices.Equal(x.Flags, y.Flags) || len(x.Children) != len(y.Children) {
			return false
		}
		if keyword[i] && !strings.EqualFold(x.Value, y.Value) || !keyword[i] && x.Value != y.Value {
			return false
		}
		for k, c := range x.Children {
			if !same(c, y.Children[k]) {
				return false
			}
		}
		x, y = x.Next, y.Next
	}
	return true
}

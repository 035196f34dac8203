// Package yamlspan finds where YAML nodes are in their text: byte spans
// of lines and nodes from yaml.v3's 1-based lines and rune columns. The
// Compose and Kubernetes checkers share it.
package yamlspan

import (
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// Span is a byte range of the text.
type Span struct{ Start, End int }

// lineCache keeps the line starts of the text being checked: a problem's
// position then costs a lookup, not a scan from the top (a file with
// thousands of problems took quadratic time). Comparing the text is O(1)
// when it is the same string.
var lineCache struct {
	sync.Mutex
	text   string
	starts []int
}

// starts are the offsets of text's line starts.
func starts(text string) []int {
	lineCache.Lock()
	defer lineCache.Unlock()
	if lineCache.starts != nil && lineCache.text == text {
		return lineCache.starts
	}
	st := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			st = append(st, i+1)
		}
	}
	lineCache.text, lineCache.starts = text, st
	return st
}

// Line is the span of a zero-based line (the last line when past the end).
func Line(text string, line int) Span {
	st := starts(text)
	if line < 0 {
		line = 0
	}
	if line >= len(st) {
		line = len(st) - 1
	}
	start := st[line]
	end := start
	for end < len(text) && text[end] != '\n' {
		end++
	}
	return Span{start, end}
}

// Offset is the byte offset of a node's 1-based line and column (columns
// count runes, as yaml.v3 does).
func Offset(text string, line, col int) int {
	s := Line(text, line-1)
	off := s.Start
	for c := 1; c < col && off < s.End; c++ {
		_, size := decodeRune(text[off:])
		off += size
	}
	return off
}

func decodeRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			return r, len(string(r))
		}
	}
	return 0, 1
}

// Node is a node's span: a scalar's text, or a collection's first line.
func Node(text string, n *yaml.Node) Span {
	start := Offset(text, n.Line, n.Column)
	switch n.Kind {
	case yaml.ScalarNode:
		end := start + len(n.Value)
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			end += 2
		}
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || end > len(text) || strings.Contains(text[start:min(end, len(text))], "\n") {
			end = Line(text, n.Line-1).End
		}
		return Span{start, min(end, len(text))}
	default:
		return Span{start, Line(text, n.Line-1).End}
	}
}

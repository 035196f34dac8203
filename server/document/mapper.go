// Package document holds the editor's open documents: their text, version and
// incremental edits, and the one mapper that converts between byte offsets and
// LSP positions (lines and UTF-16 code units). Nobody else converts positions,
// so Korean text in a line can never shift a column.
package document

import (
	"sort"
	"unicode/utf8"
)

// Position is a zero-based line and a column counted in UTF-16 code units, as
// LSP sends it by default.
type Position struct {
	Line      int
	Character int
}

// Mapper converts between byte offsets in a text and UTF-16 positions. It is
// immutable and cheap to share between goroutines.
type Mapper struct {
	text       string
	lineStarts []int // byte offset of the first byte of each line
}

// NewMapper indexes the line starts of text. "\n", "\r\n" and a lone "\r" all
// end a line, as LSP defines it.
func NewMapper(text string) *Mapper {
	starts := make([]int, 1, 64)
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return &Mapper{text: text, lineStarts: starts}
}

// LineCount is the number of lines; a text ending in a newline has an empty
// last line.
func (m *Mapper) LineCount() int { return len(m.lineStarts) }

// LineStart is the byte offset where line begins (clamped to the text).
func (m *Mapper) LineStart(line int) int {
	if line < 0 {
		return 0
	}
	if line >= len(m.lineStarts) {
		return len(m.text)
	}
	return m.lineStarts[line]
}

// LineEnd is the byte offset of the end of line's content, before its line
// terminator.
func (m *Mapper) LineEnd(line int) int {
	if line < 0 {
		return 0
	}
	if line+1 >= len(m.lineStarts) {
		return len(m.text)
	}
	end := m.lineStarts[line+1]
	if end > 0 && m.text[end-1] == '\n' {
		end--
	}
	if end > 0 && m.text[end-1] == '\r' {
		end--
	}
	return end
}

// Line returns the content of line without its terminator.
func (m *Mapper) Line(line int) string {
	return m.text[m.LineStart(line):m.LineEnd(line)]
}

// Offset converts a position to a byte offset. Positions past the end of a
// line clamp to the line's end, lines past the end clamp to the text's end and
// a column inside a surrogate pair or a multi-byte rune clamps to the rune's
// start; clamped reports whether any clamping happened.
func (m *Mapper) Offset(p Position) (offset int, clamped bool) {
	if p.Line < 0 {
		return 0, true
	}
	if p.Line >= len(m.lineStarts) {
		return len(m.text), true
	}
	start, end := m.LineStart(p.Line), m.LineEnd(p.Line)
	if p.Character < 0 {
		return start, true
	}
	units := 0
	for i := start; i < end; {
		if units >= p.Character {
			return i, units != p.Character
		}
		r, size := utf8.DecodeRuneInString(m.text[i:end])
		w := utf16Len(r)
		if units+w > p.Character {
			return i, true
		}
		units += w
		i += size
	}
	return end, units != p.Character
}

// Position converts a byte offset to a position. Offsets are clamped to the
// text; an offset inside a rune maps to that rune's start.
func (m *Mapper) Position(offset int) Position {
	if offset < 0 {
		offset = 0
	}
	if offset > len(m.text) {
		offset = len(m.text)
	}
	line := sort.Search(len(m.lineStarts), func(i int) bool { return m.lineStarts[i] > offset }) - 1
	start := m.lineStarts[line]
	if end := m.LineEnd(line); offset > end {
		offset = end
	}
	units := 0
	for i := start; i < offset; {
		r, size := utf8.DecodeRuneInString(m.text[i:offset])
		units += utf16Len(r)
		i += size
	}
	return Position{Line: line, Character: units}
}

// utf16Len is the number of UTF-16 code units of r; invalid bytes decode as
// U+FFFD and count as one unit, as VS Code shows them.
func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

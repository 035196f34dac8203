package completion

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// cursor is the text around the completion position, read from the raw
// text rather than only from the model: the line being typed is often one
// BuildKit cannot parse yet (`COPY --`), and the model leaves it out.
type cursor struct {
	m      *dockerfile.Model
	opts   Options
	offset int
	escape byte

	line          int // zero-based line of the cursor
	lineStart     int // offset of the line's first byte (after a BOM)
	lineEnd       int // offset of the end of the line's content
	directiveLine bool
	comment       bool
	heredoc       bool // inside a heredoc body: only variables

	start     int                     // offset of the instruction's first word
	words     []dockerfile.Word       // the instruction's words before the cursor's word
	wordStart int                     // start of the word the cursor is in (== offset when none)
	before    string                  // the instruction's text before the cursor, lines joined
	keyword   int                     // index in words of the instruction keyword; -1 while typing it
	name      string                  // upper-case instruction (the trigger's after ONBUILD)
	inst      *dockerfile.Instruction // the model's instruction at the cursor, if parsed
	lower     int                     // the file's casing, once counted: 1 upper, 2 lower
}

func newCursor(m *dockerfile.Model, offset int, opts Options) *cursor {
	c := &cursor{m: m, opts: opts, offset: offset, escape: escapeOf(m), keyword: -1}
	mp := m.Mapper
	c.line = mp.Position(offset).Line
	c.lineStart, c.lineEnd = mp.LineStart(c.line), mp.LineEnd(c.line)
	if c.line == 0 && strings.HasPrefix(m.Text[c.lineStart:], "\ufeff") {
		c.lineStart += 3
		if offset < c.lineStart {
			c.offset, offset = c.lineStart, c.lineStart
		}
	}
	if offset > c.lineEnd { // between "\r" and "\n"
		c.offset, offset = c.lineEnd, c.lineEnd
	}
	text := m.Text[c.lineStart:c.lineEnd]
	if strings.HasPrefix(text, "#") && c.line <= len(m.Directives) {
		c.directiveLine = true
		return c
	}
	if t := strings.TrimLeft(text, " \t"); strings.HasPrefix(t, "#") {
		c.comment = true
		return c
	}

	first := c.startLine()
	if in := m.InstructionAt(offset); in != nil {
		c.inst = in
		if in.StartLine != first {
			c.heredoc = true
		}
	}
	c.wordStart = offset
	var joined strings.Builder
	for i := first; i <= c.line; i++ {
		ls, body := mp.LineStart(i), mp.Line(i)
		if i == 0 && strings.HasPrefix(body, "\ufeff") {
			ls, body = ls+3, body[3:]
		}
		if i > first {
			if t := strings.TrimSpace(body); t == "" || t[0] == '#' {
				continue
			}
		}
		if i == c.line {
			body = body[:offset-ls]
		} else {
			body = strings.TrimRight(body, " \t")
			if c.m.Continues(body) {
				body = body[:len(body)-1]
			}
		}
		if joined.Len() > 0 {
			joined.WriteByte(' ')
		}
		joined.WriteString(body)
		for _, w := range dockerfile.SplitWords(body, ls) {
			if i == c.line && w.Span.End == ls+len(body) {
				c.wordStart = w.Span.Start // the word the cursor is in
			} else {
				c.words = append(c.words, w)
			}
		}
	}
	c.before = joined.String()
	c.start = c.wordStart
	if len(c.words) > 0 {
		c.start = c.words[0].Span.Start
		c.keyword = 0
		c.name = strings.ToUpper(c.words[0].Value)
		if c.name == "ONBUILD" && len(c.words) > 1 {
			c.keyword = 1
			c.name = strings.ToUpper(c.words[1].Value)
		}
	}
	return c
}

// escapeOf is the file's escape character. The model knows it once BuildKit
// parsed the file; a file with only directives has no parse yet.
func escapeOf(m *dockerfile.Model) byte {
	for _, d := range m.Directives {
		if d.Name == "escape" && d.Value == "`" {
			return '`'
		}
	}
	return m.Escape
}

// startLine is the line where the instruction holding the cursor's line
// begins: earlier lines ending in the escape character continue onto it
// (comment and blank lines in between do not break the continuation).
func (c *cursor) startLine() int {
	mp := c.m.Mapper
	start := c.line
	for j := c.line - 1; j >= 0; j-- {
		t := strings.TrimSpace(mp.Line(j))
		if t == "" || t[0] == '#' {
			continue
		}
		if !c.m.Continues(t) {
			break
		}
		start = j
	}
	return start
}

// partial is the part of the cursor's word before the cursor.
func (c *cursor) partial() string { return c.m.Text[c.wordStart:c.offset] }

// wordSpan is the cursor's word: from its start to the cursor, and on to
// the right as long as more characters of the same kind follow, so a
// completion inside a word replaces all of it.
func (c *cursor) wordSpan(more func(byte) bool) dockerfile.Span {
	return c.spanFrom(c.wordStart, more)
}

// spanFrom is like wordSpan with another start (after a `=` or `,`).
func (c *cursor) spanFrom(start int, more func(byte) bool) dockerfile.Span {
	end := c.offset
	for end < c.lineEnd && more(c.m.Text[end]) {
		end++
	}
	return dockerfile.Span{Start: start, End: end}
}

// args are the words after the instruction keyword (and its trigger).
func (c *cursor) args() []dockerfile.Word { return c.words[c.keyword+1:] }

// flagsAllowed reports whether a flag may stand at the cursor: only flags
// come between the keyword and the cursor's word.
func (c *cursor) flagsAllowed() bool {
	for _, w := range c.args() {
		if !strings.HasPrefix(w.Value, "--") {
			return false
		}
	}
	return true
}

// argIndex is the position of the cursor's word among the arguments after
// the flags.
func (c *cursor) argIndex() int {
	n := 0
	for _, w := range c.args() {
		if n > 0 || !strings.HasPrefix(w.Value, "--") {
			n++
		}
	}
	return n
}

// stageIndex is the index of the stage the cursor's instruction belongs
// to, -1 before the first FROM (and on the first FROM line itself).
func (c *cursor) stageIndex() int {
	idx := -1
	for _, st := range c.m.Stages {
		if st.From.Span.Start >= c.start {
			break
		}
		idx = st.Index
	}
	return idx
}

// earlierStages are the stages before the cursor's stage (on a FROM line:
// before that FROM), the nearest first.
func (c *cursor) earlierStages() []*dockerfile.Stage {
	var out []*dockerfile.Stage
	for _, st := range c.m.Stages {
		if st.From.Span.Start >= c.start {
			break
		}
		out = append(out, st)
	}
	if c.name != "FROM" && len(out) > 0 {
		out = out[:len(out)-1] // the stage the cursor is in
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// upper reports whether the file mostly writes instructions in upper case;
// a tie or an empty file means upper case, as the reference writes them.
func upper(m *dockerfile.Model) bool {
	up, low := 0, 0
	for _, in := range m.Instructions {
		switch in.Keyword {
		case in.Name:
			up++
		case strings.ToLower(in.Name):
			low++
		}
	}
	return low <= up
}

// cased writes keyword like the cursor's instruction keyword (as), or in
// the file's majority casing when there is none.
func (c *cursor) cased(keyword string) string {
	if c.keyword >= 0 {
		kw := c.words[c.keyword].Value
		if kw == strings.ToLower(kw) {
			return strings.ToLower(keyword)
		}
		return strings.ToUpper(keyword)
	}
	if c.lower == 0 {
		c.lower = 1
		if !upper(c.m) {
			c.lower = 2
		}
	}
	if c.lower == 1 {
		return keyword
	}
	return strings.ToLower(keyword)
}

func isLetter(b byte) bool { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') }
func isFlagChar(b byte) bool {
	return isLetter(b) || b == '-' || (b >= '0' && b <= '9')
}
func isNameChar(b byte) bool   { return isLetter(b) || b == '_' || (b >= '0' && b <= '9') }
func isWordChar(b byte) bool   { return b != ' ' && b != '\t' }
func isOptionChar(b byte) bool { return b != ' ' && b != '\t' && b != ',' && b != '=' }

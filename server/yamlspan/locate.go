package yamlspan

import (
	"strings"
)

// Location is where a position is in a YAML file's block structure,
// read from the text's indentation so that it works while the file is
// half-written and not valid YAML.
type Location struct {
	// Parent is the key path of the mapping or list the position is in
	// (keys, and Item for a list item).
	Parent []string
	// Key is the key on the position's line ("" when none); KeySpan its text.
	Key     string
	KeySpan Span
	// OnKey is set when the position is on the key, or where a key may be
	// written (a blank line, a word without a colon yet).
	OnKey bool
	// Value is the scalar written after `key: ` or `- ` on the line, and
	// ValueSpan its text (without quotes); InValue is set when the
	// position is in it or right after the colon.
	Value     string
	ValueSpan Span
	InValue   bool
	// Item is set when the line is a list item (`- …`) at the position's
	// level: its value is an item of the list at Parent.
	Item bool
	// Word is the text from the start of the key or value to the position.
	Word string
}

// Path is the key path of the key on the line (Parent and Key).
func (l Location) Path() []string {
	if l.Key == "" {
		return l.Parent
	}
	return append(append([]string(nil), l.Parent...), l.Key)
}

// line is one line's block structure.
type line struct {
	start   int // offset of the line's first byte
	text    string
	indent  int   // leading spaces
	dashes  []int // columns of `- ` list markers
	content int   // column where the content after the markers starts
	key     string
	keyEnd  int // column after the key (its colon)
	blank   bool
}

func readLine(text string, start int) line {
	end := strings.IndexByte(text[start:], '\n')
	if end < 0 {
		end = len(text) - start
	}
	s := strings.TrimSuffix(text[start:start+end], "\r")
	l := line{start: start, text: s}
	i := 0
	for i < len(s) && s[i] == ' ' {
		i++
	}
	l.indent = i
	for i < len(s) && s[i] == '-' && (i+1 == len(s) || s[i+1] == ' ') {
		l.dashes = append(l.dashes, i)
		i++
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	l.content = i
	rest := s[i:]
	if strings.TrimSpace(rest) == "" && len(l.dashes) == 0 || strings.HasPrefix(rest, "#") {
		l.blank = true
		return l
	}
	l.key, l.keyEnd = KeyOf(rest)
	if l.key != "" || l.keyEnd > 0 {
		l.keyEnd += i
	}
	return l
}

// KeyOf finds a block mapping key at the start of s: a plain or quoted
// scalar followed by `:` and a space or the end of the line. It returns
// the key and the column of its colon.
func KeyOf(s string) (string, int) {
	if s == "" || s[0] == '{' || s[0] == '[' {
		return "", 0
	}
	if s[0] == '"' || s[0] == '\'' {
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return "", 0
		}
		end += 2
		if end < len(s) && s[end] == ':' && (end+1 == len(s) || s[end+1] == ' ') {
			return s[1 : end-1], end
		}
		return "", 0
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && i > 0 && s[i-1] == ' ' {
			return "", 0
		}
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t') {
			return strings.TrimSpace(s[:i]), i
		}
	}
	return "", 0
}

// Locate reads the block structure around offset.
func Locate(text string, offset int) Location {
	offset = max(0, min(offset, len(text)))
	start := lineStart(text, offset)
	cur := readLine(text, start)
	col := offset - start
	var loc Location
	limit, dashLimit := col, false
	if !cur.blank || len(cur.dashes) > 0 {
		limit = cur.content
		if len(cur.dashes) > 0 && cur.dashes[0] < col {
			// The items this line opens: one level each, outermost first.
			for range cur.dashes {
				loc.Parent = append(loc.Parent, Item)
			}
			limit, dashLimit = cur.dashes[0], true
		}
	}
	quoted := func() int {
		ks := cur.start + cur.content
		if c := cur.text[cur.content]; c == '"' || c == '\'' {
			ks++
		}
		return ks
	}
	switch {
	case cur.key != "" && col <= cur.keyEnd:
		ks := quoted()
		loc.Key, loc.KeySpan, loc.OnKey = cur.key, Span{ks, ks + len(cur.key)}, true
		loc.Word = text[ks:max(ks, min(offset, ks+len(cur.key)))]
	case cur.key != "":
		ks := quoted()
		loc.Key, loc.KeySpan = cur.key, Span{ks, ks + len(cur.key)}
		loc.valueAfter(text, cur, cur.keyEnd+1, offset)
	case cur.blank && len(cur.dashes) == 0:
		loc.OnKey = true
	case len(cur.dashes) > 0 && col >= cur.content:
		// `- value`, or `- wor` being typed: a value in a list, or the
		// first key of a mapping item.
		loc.Item = true
		loc.valueAfter(text, cur, cur.content, offset)
		loc.OnKey = !strings.ContainsAny(loc.Value, ":\"' /")
	case col >= cur.content:
		// A word without a colon yet: a key being typed.
		ws := cur.start + cur.content
		loc.OnKey, loc.Word = true, text[ws:offset]
		loc.KeySpan = Span{ws, ws + len(strings.TrimRight(cur.text[cur.content:], " "))}
	}
	// Walk up for the enclosing keys and list items.
	var up []string
	for ls := start; ls > 0 && (limit > 0 || dashLimit); {
		ls = lineStart(text, ls-1)
		l := readLine(text, ls)
		if l.blank {
			continue
		}
		compact := dashLimit && l.indent == limit && len(l.dashes) == 0 && l.key != ""
		if l.indent > limit || l.indent == limit && !compact {
			continue
		}
		if l.key != "" && (l.content < limit || compact) {
			up = append(up, l.key)
		}
		for i := len(l.dashes) - 1; i >= 0; i-- {
			if l.dashes[i] < limit {
				up = append(up, Item)
			}
		}
		limit, dashLimit = l.indent, len(l.dashes) > 0
	}
	for i, j := 0, len(up)-1; i < j; i, j = i+1, j-1 {
		up[i], up[j] = up[j], up[i]
	}
	loc.Parent = append(up, loc.Parent...)
	return loc
}

// valueAfter reads the scalar from column from of the line.
func (loc *Location) valueAfter(text string, l line, from, offset int) {
	s := l.text
	i := from
	for i < len(s) && s[i] == ' ' {
		i++
	}
	v := s[i:]
	if c := strings.Index(v, " #"); c >= 0 {
		v = v[:c]
	}
	v = strings.TrimRight(v, " ")
	vs := l.start + i
	if len(v) >= 1 && (v[0] == '"' || v[0] == '\'') {
		q := v[0]
		v = v[1:]
		vs++
		if k := strings.IndexByte(v, q); k >= 0 {
			v = v[:k]
		}
	}
	loc.Value, loc.ValueSpan = v, Span{vs, vs + len(v)}
	loc.InValue = offset >= l.start+from
	if offset >= vs {
		loc.Word = text[vs:min(offset, vs+len(v))]
	}
}

// Item is the path segment of a list item in a key path.
const Item = "[]"

func lineStart(text string, offset int) int {
	return strings.LastIndexByte(text[:offset], '\n') + 1
}

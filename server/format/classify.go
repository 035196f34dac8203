package format

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// classify finds the blank runs of an instruction's joined text j and marks
// the ones BuildKit's parser only uses to separate words (free), following
// its code path for the instruction: splitCommand, extractBuilderFlags and
// the instruction's argument parser. It also returns the keywords to write
// in upper case.
func classify(j string, escape byte) ([]run, []dockerfile.Span) {
	sep := make([]bool, len(j))
	var upper []dockerfile.Span
	words(j, 0, escape, sep, &upper, 0)
	var runs []run
	for i := 0; i < len(j); {
		if j[i] != ' ' && j[i] != '\t' {
			i++
			continue
		}
		k := i
		free := true
		for k < len(j) && (j[k] == ' ' || j[k] == '\t') {
			free = free && sep[k]
			k++
		}
		runs = append(runs, run{start: i, end: k, free: free || k == len(j)})
		i = k
	}
	return runs, upper
}

// isSpace is BuildKit's whitespace between keyword and arguments (reWhitespace).
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' }

// words marks the separators of the instruction that starts at `at` in j.
func words(j string, at int, escape byte, sep []bool, upper *[]dockerfile.Span, depth int) {
	end := len(strings.TrimRight(j, " \t\v\f\r\n"))
	k := at
	for k < end && !isSpace(j[k]) {
		k++
	}
	name := strings.ToUpper(j[at:k])
	if dockerfile.IsKnown(name) {
		*upper = append(*upper, dockerfile.Span{Start: at, End: k})
	}
	for k < end && isSpace(j[k]) {
		sep[k] = true
		k++
	}
	args := flags(j[:end], k, escape, sep)
	rest := j[args:end]
	switch name {
	case "FROM", "EXPOSE":
		all(j, args, end, sep)
		if name == "FROM" {
			fields := strings.Fields(rest)
			if len(fields) == 3 && strings.EqualFold(fields[1], "as") {
				i := args + strings.Index(rest[len(fields[0]):], fields[1]) + len(fields[0])
				*upper = append(*upper, dockerfile.Span{Start: i, End: i + 2})
			}
		}
	case "COPY", "ADD", "VOLUME":
		if !strings.HasPrefix(rest, "[") {
			all(j, args, end, sep)
		}
	case "ARG":
		parseWords(j, args, end, escape, sep)
	case "ENV", "LABEL":
		if first := parseWords(j, args, end, escape, nil); first == "" || strings.Contains(first, "=") {
			parseWords(j, args, end, escape, sep)
		} else {
			i := args
			for i < end && !isSpace(j[i]) {
				i++
			}
			for i < end && isSpace(j[i]) {
				sep[i] = true
				i++
			}
		}
	case "HEALTHCHECK":
		i := args
		for i < end && !unicode.IsSpace(rune(j[i])) {
			i++
		}
		if typ := j[args:i]; strings.EqualFold(typ, "cmd") || strings.EqualFold(typ, "none") {
			*upper = append(*upper, dockerfile.Span{Start: args, End: i})
		}
		for i < end && unicode.IsSpace(rune(j[i])) {
			sep[i] = true
			i++
		}
	case "ONBUILD":
		if depth == 0 && args < end {
			words(j, args, escape, sep, upper, depth+1)
		}
	}
}

// all marks every blank of j[from:to] as a separator.
func all(j string, from, to int, sep []bool) {
	for i := from; i < to; i++ {
		if isSpace(j[i]) {
			sep[i] = true
		}
	}
}

// flags follows BuildKit's extractBuilderFlags from k: it marks the blanks
// between `--flag` words and returns where the arguments start.
func flags(j string, k int, escape byte, sep []bool) int {
	const (
		inSpaces = iota
		inWord
		inQuote
	)
	phase := inSpaces
	var quote byte
	wordStart := k
	for pos := k; pos <= len(j); pos++ {
		var ch byte
		if pos != len(j) {
			ch = j[pos]
		}
		if phase == inSpaces {
			if pos == len(j) {
				return pos
			}
			if unicode.IsSpace(rune(ch)) {
				sep[pos] = true
				continue
			}
			if ch != '-' || pos+1 == len(j) || j[pos+1] != '-' {
				return pos
			}
			phase, wordStart = inWord, pos
		}
		if pos == len(j) {
			return pos
		}
		switch phase {
		case inWord:
			switch {
			case unicode.IsSpace(rune(ch)):
				if j[wordStart:pos] == "--" {
					for pos < len(j) && unicode.IsSpace(rune(j[pos])) {
						sep[pos] = true
						pos++
					}
					return pos
				}
				sep[pos] = true
				phase = inSpaces
			case ch == '\'' || ch == '"':
				quote, phase = ch, inQuote
			case ch == escape && pos+1 < len(j):
				pos++
			}
		case inQuote:
			switch {
			case ch == quote:
				phase = inWord
			case ch == escape:
				if pos+1 == len(j) {
					phase = inWord
				} else {
					pos++
				}
			}
		}
	}
	return len(j)
}

// parseWords follows BuildKit's parseWords over j[from:to]: it marks the
// blanks between words when sep is not nil and returns the first word.
func parseWords(j string, from, to int, escape byte, sep []bool) string {
	const (
		inSpaces = iota
		inWord
		inQuote
	)
	phase := inSpaces
	var quote rune
	first, firstEnd := -1, -1
	esc := rune(escape)
	for pos := from; pos < to; {
		ch, w := utf8.DecodeRuneInString(j[pos:to])
		if phase == inSpaces {
			if unicode.IsSpace(ch) {
				if sep != nil {
					for i := pos; i < pos+w; i++ {
						sep[i] = true
					}
				}
				pos += w
				continue
			}
			phase = inWord
			if first < 0 {
				first = pos
			}
		}
		switch phase {
		case inWord:
			switch {
			case unicode.IsSpace(ch):
				if firstEnd < 0 {
					firstEnd = pos
				}
				if sep != nil {
					for i := pos; i < pos+w; i++ {
						sep[i] = true
					}
				}
				phase = inSpaces
				pos += w
				continue
			case ch == '\'' || ch == '"':
				quote, phase = ch, inQuote
			case ch == esc && pos+w < to:
				pos += w
				_, w = utf8.DecodeRuneInString(j[pos:to])
			}
		case inQuote:
			switch {
			case ch == quote:
				phase = inWord
			case ch == esc && quote != '\'':
				if pos+w == to {
					phase = inWord
				} else {
					pos += w
					_, w = utf8.DecodeRuneInString(j[pos:to])
				}
			}
		}
		pos += w
	}
	if first < 0 {
		return ""
	}
	if firstEnd < 0 {
		firstEnd = to
	}
	return j[first:firstEnd]
}

package compose

import (
	"github.com/dockerlab/dockerlab/server/yamlspan"

	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// Format lays a Compose file out the way the Compose documentation does:
// two spaces per level, one space after a list's `-`, no spaces at line
// ends, at most one blank line in a row, one newline at the end. Comments
// stay where they are; block scalars (`|`, `>`) keep their lines as
// written, moved with their key. ok is false, and the text is returned as
// it was, when the file is not YAML or when the laid-out text would not
// mean the same (both are decoded and compared), so formatting never
// changes what Compose reads.
func Format(text string) (string, bool) {
	var before any
	if yaml.Unmarshal([]byte(text), &before) != nil {
		return text, false
	}
	out := layout(text)
	if strings.Contains(text, "\r\n") {
		out = strings.ReplaceAll(out, "\n", "\r\n") // a CRLF file stays CRLF
	}
	var after any
	if yaml.Unmarshal([]byte(out), &after) != nil || !reflect.DeepEqual(before, after) ||
		strings.Count(out, "#") != strings.Count(text, "#") {
		return text, false
	}
	return out, true
}

type level struct{ orig, now int }

func layout(text string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var b strings.Builder
	var stack []level
	blankRun := 0
	block := -1     // original indent of the key that opened a block scalar; -1 when not in one
	blockAt := 0    // the new indent of that key (or list item)
	blockShift := 0 // what the block's lines move by, set by its first line
	blockFirst := false
	place := func(indent int, push bool) int {
		for len(stack) > 0 && stack[len(stack)-1].orig > indent {
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && stack[len(stack)-1].orig == indent {
			return stack[len(stack)-1].now
		}
		now := 0
		if len(stack) > 0 {
			now = stack[len(stack)-1].now + 2
		}
		if push {
			stack = append(stack, level{indent, now})
		}
		return now
	}
	wrote := false
	for _, raw := range lines {
		ln := strings.TrimRight(raw, " \t\r")
		trimmed := strings.TrimLeft(ln, " ")
		indent := len(ln) - len(trimmed)
		if block >= 0 {
			if trimmed == "" {
				b.WriteString("\n")
				continue
			}
			if indent > block {
				if blockFirst {
					blockShift, blockFirst = blockAt+2-indent, false
				}
				b.WriteString(strings.Repeat(" ", max(0, indent+blockShift)))
				b.WriteString(trimmed)
				b.WriteString("\n")
				continue
			}
			block = -1
		}
		if trimmed == "" {
			blankRun++
			if blankRun == 1 && wrote {
				b.WriteString("\n")
			}
			continue
		}
		blankRun = 0
		wrote = true
		if strings.HasPrefix(trimmed, "#") {
			b.WriteString(strings.Repeat(" ", place(indent, false)))
			b.WriteString(trimmed)
			b.WriteString("\n")
			continue
		}
		if strings.HasPrefix(trimmed, "---") || strings.HasPrefix(trimmed, "...") {
			stack = nil
			b.WriteString(trimmed)
			b.WriteString("\n")
			continue
		}
		now := place(indent, true)
		// `-   x` becomes `- x`; the item's content is a level of its own.
		rest, col, newCol := trimmed, indent, now
		var prefix strings.Builder
		for strings.HasPrefix(rest, "-") && (len(rest) == 1 || rest[1] == ' ') {
			after := strings.TrimLeft(rest[1:], " ")
			col += len(rest) - len(after)
			prefix.WriteString("- ")
			newCol += 2
			rest = after
			if rest != "" {
				stack = append(stack, level{col, newCol})
			}
		}
		if rest == "" {
			b.WriteString(strings.Repeat(" ", now))
			b.WriteString(strings.TrimRight(prefix.String(), " "))
			b.WriteString("\n")
			continue
		}
		b.WriteString(strings.Repeat(" ", now))
		b.WriteString(prefix.String())
		b.WriteString(rest)
		b.WriteString("\n")
		if opensBlockScalar(rest) {
			block, blockAt, blockFirst = indent, now, true
			if prefix.Len() > 0 {
				block, blockAt = col-2, newCol-2
			}
		}
	}
	out := strings.TrimRight(b.String(), "\n")
	if out == "" {
		return ""
	}
	return out + "\n"
}

// opensBlockScalar reports a line whose value starts a block scalar:
// `key: |`, `key: >-`, `- |`, possibly with a comment after it.
func opensBlockScalar(s string) bool {
	v := s
	if _, end := yamlspan.KeyOf(s); end > 0 {
		v = s[end+1:]
	}
	v = strings.TrimSpace(v)
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	if v == "" || (v[0] != '|' && v[0] != '>') {
		return false
	}
	return strings.Trim(v[1:], "+-0123456789") == ""
}

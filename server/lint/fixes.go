package lint

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Fix is one quick fix: a Korean title for the editor's light bulb and the
// edits that make it.
type Fix struct {
	Title string
	// Preferred marks the obvious fix, the one "auto fix" applies.
	Preferred bool
	Edits     []Edit
}

// Edit replaces Span of the text with NewText. The edits of one fix never
// overlap.
type Edit struct {
	Span    dockerfile.Span
	NewText string
}

// Fixes returns the quick fixes for finding f of m: the rule's own fix when
// there is a safe one, then "ignore this rule on this line / in this file".
// Every fix makes the finding go away at that place, so applying it and
// checking again never offers it twice.
func Fixes(m *dockerfile.Model, f Finding) []Fix {
	var out []Fix
	r := rule(f.Code)
	if r.fix != nil {
		if fx, ok := r.fix(m, f); ok {
			out = append(out, fx)
		}
	}
	if f.Code != "" && r.Suppressible() {
		if fx, ok := ignoreHereFix(m, f); ok {
			out = append(out, fx)
		}
		if fx, ok := ignoreFileFix(m, f); ok {
			out = append(out, fx)
		}
	}
	return out
}

// replace is a fix of one edit.
func replace(title string, preferred bool, span dockerfile.Span, text string) (Fix, bool) {
	return Fix{Title: title, Preferred: preferred, Edits: []Edit{{Span: span, NewText: text}}}, true
}

// insert is a fix that inserts text at offset.
func insert(title string, at int, text string) (Fix, bool) {
	return replace(title, true, dockerfile.Span{Start: at, End: at}, text)
}

// arg is the i-th detail of a finding, or "".
func (f Finding) arg(i int) string {
	if i < len(f.args) {
		return f.args[i]
	}
	return ""
}

// sameCase writes word in the case of like: lower case when like has no
// upper-case letter, upper case otherwise.
func sameCase(word, like string) string {
	if strings.ToLower(like) == like {
		return strings.ToLower(word)
	}
	return strings.ToUpper(word)
}

// letterCase names the case of word for a fix title: 대문자 when it has
// an upper-case letter, 소문자 otherwise (as sameCase writes it).
func letterCase(word string) string {
	if strings.ToLower(word) == word {
		return "소문자"
	}
	return "대문자"
}

// previousInStage is the instruction right before in within its stage.
func previousInStage(m *dockerfile.Model, in *dockerfile.Instruction) *dockerfile.Instruction {
	if in.Stage < 0 || in.Stage >= len(m.Stages) {
		return nil
	}
	ins := m.Stages[in.Stage].Instructions
	for i := 1; i < len(ins); i++ {
		if ins[i] == in {
			return ins[i-1]
		}
	}
	return nil
}

// nextInStage is the instruction right after in within its stage.
func nextInStage(m *dockerfile.Model, in *dockerfile.Instruction) *dockerfile.Instruction {
	if in.Stage < 0 || in.Stage >= len(m.Stages) {
		return nil
	}
	ins := m.Stages[in.Stage].Instructions
	for i := 0; i+1 < len(ins); i++ {
		if ins[i] == in {
			return ins[i+1]
		}
	}
	return nil
}

// mergeRuns joins RUN b into the RUN a above it: `RUN x` and `RUN y`
// become `RUN x \` and `    && y`. Both must be shell-form RUNs with the
// same flags and no heredoc, with nothing but comment lines between them
// (comments may sit inside a continued instruction; a blank line may not),
// and a must not end in a comment, `;` or `&`.
func mergeRuns(m *dockerfile.Model, a, b *dockerfile.Instruction) (Fix, bool) {
	if a == nil || b == nil || a.Name != "RUN" || b.Name != "RUN" || b.StartLine <= a.EndLine || flagText(m, a) != flagText(m, b) {
		return Fix{}, false
	}
	for l := a.EndLine + 1; l < b.StartLine; l++ {
		if !isComment(m.Mapper.Line(l)) {
			return Fix{}, false
		}
	}
	ra, okA := shellRun(m, a)
	rb, okB := shellRun(m, b)
	if !okA || !okB || ra.heredoc || rb.heredoc || ra.comment || ra.last == ';' || ra.last == '&' || ra.cmdEnd == 0 {
		return Fix{}, false
	}
	return Fix{Edits: []Edit{
		{Span: dockerfile.Span{Start: ra.cmdEnd, End: m.Mapper.LineEnd(a.EndLine)}, NewText: " " + string(m.Escape)},
		{Span: dockerfile.Span{Start: m.Mapper.LineStart(b.StartLine), End: rb.cmdStart}, NewText: "    && "},
	}}, true
}

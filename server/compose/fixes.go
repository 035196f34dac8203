package compose

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Edit replaces a span of the text.
type Edit struct {
	Span    Span
	NewText string
}

// Fix is a quick fix of one problem.
type Fix struct {
	Title     string
	Edits     []Edit
	Preferred bool
}

// Fixes are the quick fixes of a problem of f: the nearest valid key,
// value, name or stage where one is clear, and for a named volume or
// network used but not defined, its definition under the top-level key.
func Fixes(f *File, p Problem) []Fix {
	var out []Fix
	if p.Suggest != "" {
		title := fmt.Sprintf("`%s` 키로 바꾸기", p.Suggest)
		switch {
		case p.Code == "NotAllowed":
			title = fmt.Sprintf("`%s` 값으로 바꾸기", p.Suggest)
		case p.Code == "UnknownTarget":
			title = fmt.Sprintf("`%s` 단계로 바꾸기", p.Suggest)
		case undefinedTo(p.Code) != "":
			title = fmt.Sprintf("`%s` %s 바꾸기", p.Suggest, undefinedTo(p.Code))
		}
		out = append(out, Fix{Title: title, Edits: []Edit{{Span: p.Span, NewText: p.Suggest}}, Preferred: true})
	}
	if p.Code == "UndefinedVolume" || p.Code == "UndefinedNetwork" {
		kind, section := KindVolume, "volumes"
		if p.Code == "UndefinedNetwork" {
			kind, section = KindNetwork, "networks"
		}
		name := f.Text[p.Span.Start:p.Span.End]
		if e, ok := f.define(kind, section, name); ok {
			out = append(out, Fix{Title: fmt.Sprintf("최상위 `%s`에 `%s` 정의 추가", section, name), Edits: []Edit{e}})
		}
	}
	return out
}

// undefinedTo is the kind's name with the particle of direction for an
// Undefined* code, "" for any other.
func undefinedTo(code string) string {
	for _, w := range kindWords {
		if w.code == code {
			return w.to
		}
	}
	return ""
}

// define writes `name:` under a top-level section, creating the section at
// the end of the file when it is missing.
func (f *File) define(kind Kind, section, name string) (Edit, bool) {
	if !ValidName(name) {
		return Edit{}, false
	}
	sec, ok := f.section(section)
	if !ok {
		at := len(f.Text)
		nl := ""
		if at > 0 && f.Text[at-1] != '\n' {
			nl = "\n"
		}
		return Edit{Span: Span{Start: at, End: at}, NewText: fmt.Sprintf("%s%s:\n  %s:\n", nl, section, name)}, true
	}
	v := deref(sec.value)
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null" && !strings.Contains(f.Text[sec.Span.End:sec.Block.End], "~"):
		// `volumes:` with nothing under it yet.
		return Edit{Span: Span{Start: sec.Block.End, End: sec.Block.End}, NewText: fmt.Sprintf("\n  %s:", name)}, true
	case v.Kind != yaml.MappingNode || v.Style&yaml.FlowStyle != 0:
		return Edit{}, false // `volumes: {}` or something else written inline
	}
	indent := "  "
	if ds := f.Defined(kind); len(ds) > 0 {
		ls := lineStart(f.Text, ds[0].Span.Start)
		indent = strings.Repeat(" ", ds[0].Span.Start-ls)
	}
	return Edit{Span: Span{Start: sec.Block.End, End: sec.Block.End}, NewText: fmt.Sprintf("\n%s%s:", indent, name)}, true
}

// RenameError is a refused rename; Message is the Korean sentence the
// editor shows.
type RenameError struct{ Message string }

func (e *RenameError) Error() string { return e.Message }

// PrepareRename is the name a rename at offset would change; nil when
// there is none.
func PrepareRename(f *File, offset int) (*Occurrence, error) {
	o, spans := f.RenameSpans(offset)
	if o.Name == "" {
		return nil, nil
	}
	if spans == nil {
		return nil, &RenameError{Message: fmt.Sprintf("이 파일에는 `%s`의 정의가 없어 이름을 바꿀 수 없습니다. 정의한 파일에서 바꾸십시오.", o.Name)}
	}
	return &o, nil
}

// Rename renames the name at offset everywhere in the file.
func Rename(f *File, offset int, newName string) ([]Edit, error) {
	o, err := PrepareRename(f, offset)
	if o == nil || err != nil {
		return nil, err
	}
	if !ValidName(newName) {
		return nil, &RenameError{Message: fmt.Sprintf("쓸 수 없는 이름입니다: `%s`. 영문자와 숫자로 시작하고 영문자, 숫자, `_`, `.`, `-`만 씁니다.", newName)}
	}
	if !o.Anchor {
		if _, clash := f.Def(o.Kind, newName); clash && newName != o.Name {
			return nil, &RenameError{Message: fmt.Sprintf("이미 같은 이름이 정의되어 있습니다: `%s`.", newName)}
		}
	}
	_, spans := f.RenameSpans(offset)
	out := make([]Edit, len(spans))
	for i, sp := range spans {
		out[i] = Edit{Span: sp, NewText: newName}
	}
	return out, nil
}

// FormatEdits are Format's changes as one edit from the first changed line
// to the last, so the editor keeps the cursor and the undo step is small;
// nil when nothing changes or the file cannot be formatted safely.
func FormatEdits(text string) []Edit {
	out, ok := Format(text)
	if !ok || out == text {
		return nil
	}
	// The common prefix and suffix, by whole lines.
	p := 0
	for p < len(text) && p < len(out) && text[p] == out[p] {
		p++
	}
	p = lineStart(text, p)
	s := 0
	for s < len(text)-p && s < len(out)-p && text[len(text)-1-s] == out[len(out)-1-s] {
		s++
	}
	// Back to a line boundary in both.
	for s > 0 && text[len(text)-s-1] != '\n' {
		s--
	}
	return []Edit{{Span: Span{Start: p, End: len(text) - s}, NewText: out[p : len(out)-s]}}
}

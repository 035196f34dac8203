package k8s

import (
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/server/yamlspan"
)

// Edit replaces Span with NewText.
type Edit struct {
	Span    yamlspan.Span
	NewText string
}

// Fix is a quick fix of one problem.
type Fix struct {
	Title     string // Korean, identifiers in backticks
	Edits     []Edit
	Preferred bool
}

// Fixes are the quick fixes of p in text: the nearest field for an unknown
// one, the quoted or unquoted value for a wrong type, the served
// apiVersion for a removed one, and `imagePullPolicy: IfNotPresent` below
// an image a kind cluster would try to pull.
func Fixes(text string, p Problem) []Fix {
	if p.Suggest == "" || p.Span.Start < 0 || p.Span.End > len(text) || p.Span.Start > p.Span.End {
		return nil
	}
	switch p.Code {
	case "UnknownField":
		return []Fix{{Title: fmt.Sprintf("`%s` 필드로 바꾸기", p.Suggest), Preferred: true,
			Edits: []Edit{{Span: p.Span, NewText: p.Suggest}}}}
	case "WrongType":
		return []Fix{{Title: fmt.Sprintf("`%s` 값으로 바꾸기", p.Suggest), Preferred: true,
			Edits: []Edit{{Span: p.Span, NewText: p.Suggest}}}}
	case "RemovedAPIVersion":
		return []Fix{{Title: fmt.Sprintf("`%s` 버전으로 바꾸기", p.Suggest), Preferred: true,
			Edits: []Edit{{Span: p.Span, NewText: p.Suggest}}}}
	case "ImagePullOnKind":
		// The image's key starts the column the new field is written at.
		ls := strings.LastIndexByte(text[:p.Span.Start], '\n') + 1
		line := text[ls:p.Span.Start]
		col := strings.LastIndex(line, "image:")
		if col < 0 {
			return nil
		}
		indent := strings.Repeat(" ", len([]rune(line[:col])))
		le := strings.IndexByte(text[p.Span.End:], '\n')
		nl := "\n"
		if le < 0 {
			le = len(text) - p.Span.End
			nl = ""
		} else if le > 0 && text[p.Span.End+le-1] == '\r' {
			le--
		}
		eol := p.Span.End + le
		newline := "\n"
		if strings.Contains(text, "\r\n") {
			newline = "\r\n"
		}
		insert := newline + indent + "imagePullPolicy: " + p.Suggest
		if nl == "" {
			insert += newline
		}
		return []Fix{{Title: fmt.Sprintf("`imagePullPolicy: %s` 설정 추가", p.Suggest), Preferred: true,
			Edits: []Edit{{Span: yamlspan.Span{Start: eol, End: eol}, NewText: insert}}}}
	}
	return nil
}

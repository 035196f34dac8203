package compose

import (
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/server/fuzzy"

	"gopkg.in/yaml.v3"
)

// maxProblems bounds the problems of one file.
const maxProblems = 500

// validate checks value against the Compose schema and places each error
// on its key or value in text.
func validate(text string, root *yaml.Node, value any) []Problem {
	s, err := spec()
	if err != nil {
		return []Problem{{Code: "Internal", Message: "Compose 스키마를 읽지 못했습니다.", Detail: err.Error()}}
	}
	var out []Problem
	seen := map[string]bool{}
	for _, e := range s.check(value, nil) {
		if len(out) >= maxProblems {
			break // a file that wrong needs its first problems fixed, not all listed
		}
		p, ok := problemOf(text, root, e)
		if !ok {
			continue
		}
		key := fmt.Sprint(p.Span, p.Code, p.Message)
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	return out
}

// problemOf turns one schema error into a Korean problem on the text;
// false for an error the text cannot judge (a value with a variable, which
// Compose checks after interpolation).
func problemOf(text string, root *yaml.Node, e verror) (Problem, bool) {
	where := "`" + strings.Join(e.path, ".") + "`"
	if len(e.path) == 0 {
		where = "파일 맨 위"
	}
	keyNode, valNode := nodeAt(root, e.path)
	if valNode != nil && valNode.Kind == yaml.ScalarNode && strings.Contains(valNode.Value, "$") {
		return Problem{}, false
	}
	at := func() Span {
		if valNode != nil && valNode.Kind == yaml.ScalarNode {
			return nodeSpan(text, valNode)
		}
		if keyNode != nil {
			return nodeSpan(text, keyNode)
		}
		if valNode != nil {
			return nodeSpan(text, valNode)
		}
		return lineSpan(text, 0)
	}
	detail := fmt.Sprintf("%s: %s %v", strings.Join(e.path, "."), e.kind, e.want)
	switch e.kind {
	case "additional", "unevaluated", "false":
		n := len(e.path)
		if n == 0 {
			break
		}
		span := at()
		if keyNode != nil {
			span = nodeSpan(text, keyNode)
		}
		return unknownKey(span, e.path[:n-1], e.path[n-1], e.keys, detail), true
	case "type":
		return Problem{Span: at(), Code: "WrongType", Detail: detail,
			Message: fmt.Sprintf("%s의 값은 %s이어야 합니다(지금은 %s).", where, typeNames(e.want), typeName(jsonType(e.got)))}, true
	case "enum":
		want := make([]string, len(e.want))
		for i, w := range e.want {
			want[i] = "`" + w + "`"
		}
		p := Problem{Span: at(), Code: "NotAllowed", Detail: detail,
			Message: fmt.Sprintf("%s에는 다음 값만 쓸 수 있습니다: %s.", where, strings.Join(want, ", "))}
		if got, ok := e.got.(string); ok {
			if s := nearest(got, e.want); s != "" {
				p.Suggest = s
				p.Message += fmt.Sprintf(" `%s` 값을 쓰려고 하셨나요?", s)
			}
		}
		return p, true
	case "required":
		return Problem{Span: at(), Code: "Required", Detail: detail,
			Message: fmt.Sprintf("%s에 꼭 있어야 하는 키가 없습니다: `%s`.", where, strings.Join(e.want, "`, `"))}, true
	case "pattern":
		return Problem{Span: at(), Code: "Format", Detail: detail,
			Message: fmt.Sprintf("%s의 값 형식이 맞지 않습니다. Compose 파일 레퍼런스에서 이 키의 형식을 확인하십시오.", where)}, true
	case "duration":
		return Problem{Span: at(), Code: "Format", Detail: detail,
			Message: fmt.Sprintf("%s의 값은 시간 길이여야 합니다(예: `30s`, `1m30s`, `2h`). 단위는 `ns`, `us`, `ms`, `s`, `m`, `h`입니다.", where)}, true
	case "unique":
		return Problem{Span: at(), Code: "Duplicate", Detail: detail,
			Message: fmt.Sprintf("%s: 같은 항목이 이미 위에 있습니다. 목록의 항목은 한 번씩만 적습니다.", where)}, true
	case "minimum", "maximum":
		bound := "이상"
		if e.kind == "maximum" {
			bound = "이하"
		}
		return Problem{Span: at(), Code: "OutOfRange", Detail: detail,
			Message: fmt.Sprintf("%s의 값은 %s %s이어야 합니다.", where, e.want[0], bound)}, true
	}
	return Problem{Span: at(), Code: "Schema", Detail: detail,
		Message: fmt.Sprintf("%s의 값이 Compose 스키마에 맞지 않습니다.", where)}, true
}

// unknownKey is the problem of a key the object at parent does not have,
// with the nearest allowed key when it looks like a typo.
func unknownKey(span Span, parent []string, prop string, allowed []string, detail string) Problem {
	p := Problem{Span: span, Code: "UnknownKey", Detail: detail,
		Message: fmt.Sprintf("`%s` 아래에 쓸 수 없는 키입니다: `%s`.", strings.Join(parent, "."), prop)}
	if len(parent) == 0 {
		p.Message = fmt.Sprintf("Compose 파일의 맨 위에 쓸 수 없는 키입니다: `%s`.", prop)
	}
	if s := nearest(prop, allowed); s != "" {
		p.Suggest = s
		p.Message += fmt.Sprintf(" `%s` 키를 쓰려고 하셨나요?", s)
	} else if !strings.HasPrefix(prop, "x-") {
		p.Message += " 확장 필드라면 이름을 `x-`로 시작하십시오."
	}
	return p
}

// typeNames says JSON schema types in Korean.
func typeNames(want []string) string {
	names := make([]string, len(want))
	for i, w := range want {
		names[i] = typeName(w)
	}
	return strings.Join(names, " 또는 ")
}

func typeName(t string) string {
	switch t {
	case "object":
		return "매핑(`키: 값`)"
	case "array":
		return "목록(`- 항목`)"
	case "string":
		return "문자열"
	case "number":
		return "숫자"
	case "integer":
		return "정수"
	case "boolean":
		return "참/거짓(`true`/`false`)"
	case "null":
		return "빈 값"
	}
	return t
}

// nearest is the candidate closest to s (fuzzy.Nearest), but not one that
// differs only in case: Compose's keys are all lower-case.
func nearest(s string, candidates []string) string {
	if best := fuzzy.Nearest(s, candidates); !strings.EqualFold(best, s) {
		return best
	}
	return ""
}

package completion

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/lint"
)

// directiveNames are the parser directives, the likely first.
var directiveNames = []string{"syntax", "check", "escape"}

// directiveValues are the common values of # syntax= and # escape=.
var directiveValues = map[string][]value{
	"syntax": {
		{"docker/dockerfile:1", "최신 1.x 안정판 프런트엔드입니다. 빌드할 때 레지스트리에서 이미지를 내려받습니다."},
		{"docker/dockerfile:1-labs", "실험 기능이 든 프런트엔드입니다. 빌드할 때 레지스트리에서 이미지를 내려받습니다."},
	},
	"escape": {
		{`\`, "기본값입니다."},
		{"`", "Windows 경로(`C:\\app`)의 `\\`를 그대로 쓸 수 있게 백틱으로 바꿉니다."},
	},
}

// checkKeys are the settings of # check=, separated by `;`.
var checkKeys = []value{
	{"skip", "건너뛸 검사 규칙을 `,`로 나눠 적습니다. `all`은 모든 규칙입니다."},
	{"error", "`true`면 검사 경고가 있을 때 빌드를 실패시킵니다."},
	{"experimental", "켤 실험 규칙을 `,`로 나눠 적습니다. `all`은 모든 실험 규칙입니다."},
}

// directives completes a parser directive line at the top of the file:
// the directive name after `#`, or its value after `=`.
func (c *cursor) directives() *List {
	before := c.m.Text[c.lineStart:c.offset]
	if before == "" {
		return nil // the cursor is before the `#`
	}
	body := before[1:]
	nameAt := len(body) - len(strings.TrimLeft(body, " \t"))
	eq := strings.IndexByte(body, '=')
	if eq < 0 {
		name := body[nameAt:]
		for i := 0; i < len(name); i++ {
			if !isLetter(name[i]) {
				return nil // a comment, not a directive
			}
		}
		start := c.lineStart + 1 + nameAt
		span := c.spanFrom(start, isLetter)
		hasEq := strings.HasPrefix(strings.TrimLeft(c.m.Text[span.End:c.lineEnd], " \t"), "=")
		written := map[string]bool{}
		for i, d := range c.m.Directives {
			if i != c.line {
				written[d.Name] = true
			}
		}
		l := &List{Span: span}
		for _, n := range directiveNames {
			if written[n] {
				continue
			}
			it := Item{Label: n, Kind: Directive, Detail: detail("directive/" + n), Doc: "directive/" + n, Text: eqText(n, hasEq)}
			if nameAt == 0 {
				it.Text = " " + it.Text // `#syntax=` works, `# syntax=` is how it is written
			}
			it.Retrigger = !hasEq
			l.Items = append(l.Items, it)
		}
		return l
	}
	name := strings.ToLower(strings.TrimSpace(body[:eq]))
	valueAt := c.lineStart + 1 + eq + 1
	for valueAt < c.offset && (c.m.Text[valueAt] == ' ' || c.m.Text[valueAt] == '\t') {
		valueAt++
	}
	if name == "check" {
		return c.checkValue(valueAt)
	}
	vals, ok := directiveValues[name]
	if !ok {
		return nil
	}
	return &List{Span: c.spanFrom(valueAt, isWordChar), Items: valueItems(vals, "directive/"+name)}
}

// checkValue completes inside `# check=skip=A,B;error=true`.
func (c *cursor) checkValue(valueAt int) *List {
	text := c.m.Text[valueAt:c.offset]
	segAt := valueAt
	if i := strings.LastIndexByte(text, ';'); i >= 0 {
		segAt = valueAt + i + 1
	}
	for segAt < c.offset && c.m.Text[segAt] == ' ' {
		segAt++
	}
	seg := c.m.Text[segAt:c.offset]
	eq := strings.IndexByte(seg, '=')
	if eq < 0 {
		span := c.spanFrom(segAt, isLetter)
		hasEq := span.End < c.lineEnd && c.m.Text[span.End] == '='
		l := &List{Span: span}
		for _, k := range checkKeys {
			l.Items = append(l.Items, Item{Label: k.label, Kind: Flag, Detail: k.detail, Doc: "directive/check",
				Text: eqText(k.label, hasEq), Retrigger: !hasEq})
		}
		return l
	}
	key := strings.ToLower(strings.TrimSpace(seg[:eq]))
	list := segAt + eq + 1
	if key == "error" {
		return &List{Span: c.spanFrom(list, isLetter), Items: valueItems(boolValues, "directive/check")}
	}
	if key != "skip" && key != "experimental" {
		return nil
	}
	itemAt := list
	if i := strings.LastIndexByte(c.m.Text[list:c.offset], ','); i >= 0 {
		itemAt = list + i + 1
	}
	// Rules already in the list (before or after the cursor) are not proposed again.
	end := c.spanFrom(c.offset, func(b byte) bool { return b != ';' && b != ' ' }).End
	written := map[string]bool{}
	for _, r := range strings.Split(c.m.Text[list:end], ",") {
		written[strings.TrimSpace(r)] = true
	}
	span := c.spanFrom(itemAt, isLetter)
	delete(written, c.m.Text[itemAt:span.End])
	l := &List{Span: span}
	for _, r := range lint.Rules() {
		if !checkable(r, key) || written[r.Name] {
			continue
		}
		l.Items = append(l.Items, Item{Label: r.Name, Kind: Rule, Text: r.Name, Detail: detail("rule/" + r.Name), Doc: "rule/" + r.Name})
	}
	if !written["all"] {
		d := "모든 검사 규칙을 건너뜁니다."
		if key == "experimental" {
			d = "모든 실험 규칙을 켭니다."
		}
		l.Items = append(l.Items, Item{Label: "all", Kind: Value, Text: "all", Detail: d, Doc: "directive/check"})
	}
	return l
}

// checkable reports whether a rule belongs in the list of `# check=` key:
// `skip=` takes every documented rule that can be turned off (dockerlab's
// own rules honour it too), `experimental=` BuildKit's experimental ones.
func checkable(r lint.Rule, key string) bool {
	if key == "experimental" {
		return r.Source == lint.BuildKit && r.Experimental
	}
	return r.Suppressible() && r.Documented
}

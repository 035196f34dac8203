package lint

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// invalidBaseNameMessage is InvalidDefaultArgInFrom's message for a FROM
// that uses no variable (`FROM REPLACE-ME`, `FROM DIST:SUITE`): BuildKit
// runs the check on every FROM, but here no ARG is involved, and the advice
// of the rule's own message (give the ARG a default) would not apply.
const invalidBaseNameMessage = "`FROM {1}`에 적은 베이스 이미지 이름은 이미지 이름의 형식에 맞지 않아 빌드가 여기서 멈춥니다. 빌드 인수와는 관계가 없습니다. 이미지 이름(`:` 앞)은 `node:22-alpine`처럼 소문자로 쓰십시오. 빌드 스크립트가 바꿔 넣는 자리표시자라면 바꿔 넣은 뒤의 Dockerfile로 빌드하십시오."

// ruleMatcher recovers a rule's Format arguments from its English message.
// A rule may leave an argument out of its message when it is empty (e.g.
// UndefinedVar's "did you mean"), so each rule has one pattern per such
// variant, the fullest first.
type ruleMatcher struct {
	nargs    int
	patterns []argPattern
}

type argPattern struct {
	re    *regexp.Regexp
	order []int // order[i] = which argument the i-th capture group holds
}

// sentinel stands for argument i while deriving a pattern; it is made of
// letters only, so %q leaves it intact.
func sentinel(i int) string { return fmt.Sprintf("QQdockerlabArg%dQQ", i) }

var sentinelRe = regexp.MustCompile(`QQdockerlabArg([0-9]+)QQ`)

// newMatcher derives the patterns of a BuildKit rule from its Format
// function: every argument filled in, then each combination of them left
// empty; nil when format is no function.
func newMatcher(format reflect.Value) *ruleMatcher {
	if format.Kind() != reflect.Func {
		return nil
	}
	n := format.Type().NumIn()
	m := &ruleMatcher{nargs: n}
	seen := map[string]bool{}
	for blanks := 0; blanks < 1<<n; blanks++ {
		args := make([]reflect.Value, n)
		for i := range args {
			val := sentinel(i)
			if blanks&(1<<i) != 0 {
				val = ""
			}
			args[i] = reflect.ValueOf(val)
		}
		english := format.Call(args)[0].String()
		if seen[english] {
			continue
		}
		seen[english] = true
		var b strings.Builder
		var pat argPattern
		b.WriteString("^")
		last := 0
		for _, loc := range sentinelRe.FindAllStringSubmatchIndex(english, -1) {
			b.WriteString(regexp.QuoteMeta(english[last:loc[0]]))
			b.WriteString("(.*?)")
			var idx int
			fmt.Sscanf(english[loc[2]:loc[3]], "%d", &idx)
			pat.order = append(pat.order, idx)
			last = loc[1]
		}
		b.WriteString(regexp.QuoteMeta(english[last:]) + "$")
		pat.re = regexp.MustCompile(b.String())
		m.patterns = append(m.patterns, pat)
	}
	return m
}

// args returns the Format arguments of a message (missing ones empty), or
// nil when no pattern matches (or m is nil).
func (m *ruleMatcher) args(msg string) []string {
	if m == nil {
		return nil
	}
	for _, p := range m.patterns {
		sm := p.re.FindStringSubmatch(msg)
		if sm == nil {
			continue
		}
		out := make([]string, m.nargs)
		for i, idx := range p.order {
			out[idx] = sm[i+1]
		}
		return out
	}
	return nil
}

// koreanMessage renders the Korean message of a rule from docs/rules/messages.md
// with the details of BuildKit's English message. Without a Korean template
// (or when the English does not match) BuildKit's text is kept, so nothing is lost.
func koreanMessage(name, english string) string {
	r := rule(name)
	if r.Message == "" {
		return english
	}
	var args []string
	if r.matcher != nil {
		args = r.matcher.args(english)
		if args == nil && r.matcher.nargs > 0 {
			return english
		}
	}
	return fillTemplate(r.Message, args)
}

// fillTemplate replaces {1}, {2}, … with args.
func fillTemplate(tpl string, args []string) string {
	for i := len(args); i >= 1; i-- {
		tpl = strings.ReplaceAll(tpl, fmt.Sprintf("{%d}", i), args[i-1])
	}
	return tpl
}

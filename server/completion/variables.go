package completion

import (
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// platformArgs are BuildKit's automatic platform ARGs: in the global scope
// (FROM lines) they need no declaration; inside a stage only after `ARG`.
var platformArgs = []string{
	"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
	"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
}

// proxyArgs are usable everywhere without `ARG`.
var proxyArgs = []string{"HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"}

// variables completes a variable name after `$` or `${`, or returns nil
// when the cursor is not in one.
func (c *cursor) variables() *List {
	p := c.partial()
	dollar, braced := -1, false
	for i := 0; i < len(p); i++ {
		switch {
		case p[i] == c.escape:
			i++
		case p[i] == '$':
			rest := p[i+1:]
			b := strings.HasPrefix(rest, "{")
			if b {
				rest = rest[1:]
			}
			if allName(rest) {
				dollar, braced = i, b
			}
		}
	}
	if dollar < 0 || c.singleQuoted(len(c.before)-len(p)+dollar) {
		return nil
	}
	nameStart := c.wordStart + dollar + 1
	if braced {
		nameStart++
	}
	span := c.spanFrom(nameStart, isNameChar)
	closing := ""
	if braced && !(span.End < c.lineEnd && c.m.Text[span.End] == '}') {
		closing = "}"
	}
	l := &List{Span: span}
	defs, predefined := c.scope()
	for _, d := range defs {
		l.Items = append(l.Items, Item{Label: d.Name, Kind: Variable, Text: d.Name + closing,
			Detail: varDetail(d), Markdown: c.varMarkdown(d)})
	}
	for _, name := range predefined {
		l.Items = append(l.Items, Item{Label: name, Kind: Variable, Text: name + closing,
			Detail: "미리 정의된 빌드 인수 · " + detail("arg/"+name), Doc: "arg/" + name})
	}
	return l
}

func allName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isNameChar(s[i]) {
			return false
		}
	}
	return true
}

// singleQuoted reports whether position i of the instruction's text is
// inside single quotes, where BuildKit expands nothing.
func (c *cursor) singleQuoted(i int) bool {
	single, double := false, false
	for j := 0; j < i && j < len(c.before); j++ {
		switch ch := c.before[j]; {
		case ch == c.escape && !single:
			j++
		case ch == '\'' && !double:
			single = !single
		case ch == '"' && !single:
			double = !double
		}
	}
	return single
}

// scope returns the variables visible at the cursor's instruction, the
// latest definition first, and the predefined ARGs usable there. It follows
// BuildKit's rules, as the model's resolver does: FROM lines see the global
// ARGs; a stage sees its own ARGs and ENVs, the global ARGs it redeclared,
// and the ENVs of the stage it is built FROM.
func (c *cursor) scope() (defs []*dockerfile.VarDef, predefined []string) {
	seen := map[string]bool{}
	add := func(d *dockerfile.VarDef) {
		if !seen[d.Name] {
			seen[d.Name] = true
			defs = append(defs, d)
		}
	}
	stage := c.stageIndex()
	global := c.name == "FROM" || stage < 0
	if global {
		stage = -1
	}
	for i := len(c.m.VarDefs) - 1; i >= 0; i-- {
		if d := c.m.VarDefs[i]; d.Stage == stage && d.Instruction.Span.Start < c.start {
			add(d)
		}
	}
	if !global {
		// ENVs carry over from the stage this one is built FROM, and from its base, and so on.
		st := c.m.Stages[stage]
		for depth := 0; depth < len(c.m.Stages); depth++ {
			base := c.m.StageByName(st.Base, st.From.Span.Start)
			if base == nil {
				break
			}
			for i := len(c.m.VarDefs) - 1; i >= 0; i-- {
				if d := c.m.VarDefs[i]; d.Stage == base.Index && d.Kind == dockerfile.Env {
					add(d)
				}
			}
			st = base
		}
	}
	if global {
		for _, n := range platformArgs {
			if !seen[n] {
				predefined = append(predefined, n)
			}
		}
	}
	for _, n := range proxyArgs {
		if !seen[n] {
			predefined = append(predefined, n)
		}
	}
	return defs, predefined
}

func varDetail(d *dockerfile.VarDef) string {
	kind := "빌드 인수(`ARG`)"
	if d.Kind == dockerfile.Env {
		kind = "환경 변수(`ENV`)"
	}
	switch {
	case d.HasValue || d.Global != nil:
		return kind + " · 값: " + shorten(d.Value)
	default:
		return kind + " · 기본값 없음"
	}
}

func shorten(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	if s == "" {
		return "(빈 문자열)"
	}
	return s
}

func (c *cursor) varMarkdown(d *dockerfile.VarDef) string {
	line := c.m.Mapper.Position(d.NameSpan.Start).Line + 1
	var b strings.Builder
	if d.Kind == dockerfile.Env {
		fmt.Fprintf(&b, "**`%s`** — 환경 변수(`ENV`)입니다. 이미지와 컨테이너에 남습니다.\n\n", d.Name)
	} else {
		fmt.Fprintf(&b, "**`%s`** — 빌드 인수(`ARG`)입니다. 빌드하는 동안에만 있습니다.\n\n", d.Name)
	}
	if d.HasValue || d.Global != nil {
		fmt.Fprintf(&b, "- 값: `%s`\n", d.Value)
	} else {
		fmt.Fprintf(&b, "- 값: 기본값이 없습니다. `docker build --build-arg %s=<값>`으로 넘깁니다.\n", d.Name)
	}
	fmt.Fprintf(&b, "- 정의: %d번째 줄\n", line)
	if d.Global != nil {
		fmt.Fprintf(&b, "- %d번째 줄의 전역 `ARG`를 이 빌드 단계에서 다시 선언했습니다.\n", c.m.Mapper.Position(d.Global.NameSpan.Start).Line+1)
	}
	return strings.TrimRight(b.String(), "\n")
}

// argNames completes the name after `ARG`: inside a stage, the global ARGs
// not yet redeclared there and the platform ARGs (both need `ARG NAME` to
// be seen in a stage); before the first FROM, the build arguments BuildKit
// reads from a global `ARG`'s default.
func (c *cursor) argNames() *List {
	l := &List{Span: c.wordSpan(isNameChar)}
	stage := c.stageIndex()
	if stage < 0 {
		for _, n := range buildkitArgs {
			l.Items = append(l.Items, Item{Label: n, Kind: Variable, Text: n + "=", Detail: detail("arg/" + n), Doc: "arg/" + n})
		}
		return l
	}
	declared := map[string]bool{}
	for _, d := range c.m.VarDefs {
		if d.Stage == stage && d.Instruction.Span.Start < c.start {
			declared[d.Name] = true
		}
	}
	for i := len(c.m.VarDefs) - 1; i >= 0; i-- {
		d := c.m.VarDefs[i]
		if d.Stage != -1 || d.Kind != dockerfile.Arg || declared[d.Name] {
			continue
		}
		declared[d.Name] = true
		l.Items = append(l.Items, Item{Label: d.Name, Kind: Variable, Text: d.Name,
			Detail:   "전역 " + varDetail(d) + " · 다시 선언하면 이 빌드 단계에서 보입니다",
			Markdown: c.varMarkdown(d)})
	}
	for _, n := range platformArgs {
		if !declared[n] {
			l.Items = append(l.Items, Item{Label: n, Kind: Variable, Text: n,
				Detail: "미리 정의된 빌드 인수 · " + detail("arg/"+n), Doc: "arg/" + n})
		}
	}
	return l
}

// buildkitArgs are the build arguments BuildKit itself reads that a global
// `ARG` with a default sets too (documented under docs/args). The
// BUILDKIT_* ones (BUILDKIT_INLINE_CACHE, BUILDKIT_SYNTAX, …) are read only
// from `--build-arg`: an `ARG` line in the Dockerfile changes nothing, so
// completion after `ARG` does not offer them.
var buildkitArgs = []string{"SOURCE_DATE_EPOCH"}

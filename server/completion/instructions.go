package completion

import "strings"

// instructionSpec is how one instruction is inserted.
type instructionSpec struct {
	name    string
	snippet string // after the keyword, for editors with snippets
	// retrigger: plain insertion ends with a space after which completion
	// has something to offer (FROM → images, ONBUILD → instructions).
	retrigger bool
}

// instructionOrder lists the instructions in a stage, the likely first:
// what a learner writes most in a stage, FROM for the next stage after the
// common ones, the deprecated MAINTAINER last.
var instructionOrder = []instructionSpec{
	{name: "RUN", snippet: "${1:command}"},
	{name: "COPY", snippet: "${1:src} ${2:dest}"},
	{name: "WORKDIR", snippet: "${1:/app}"},
	{name: "ENV", snippet: "${1:key}=${2:value}"},
	{name: "ARG", snippet: "${1:name}", retrigger: true},
	{name: "EXPOSE", snippet: "${1:3000}", retrigger: true},
	{name: "CMD", snippet: `["${1:executable}", "${2:param}"]`},
	{name: "ENTRYPOINT", snippet: `["${1:executable}", "${2:param}"]`},
	{name: "USER", snippet: "${1:user}"},
	{name: "ADD", snippet: "${1:src} ${2:dest}"},
	{name: "FROM", snippet: "${1:image}:${2:tag}", retrigger: true},
	{name: "LABEL", snippet: `${1:key}="${2:value}"`},
	{name: "HEALTHCHECK", snippet: "--interval=${1:30s} CMD ${2:command}", retrigger: true},
	{name: "VOLUME", snippet: `["${1:/data}"]`},
	{name: "SHELL", snippet: `["${1:/bin/sh}", "${2:-c}"]`, retrigger: true},
	{name: "STOPSIGNAL", snippet: "${1:SIGTERM}", retrigger: true},
	{name: "ONBUILD", retrigger: true},
	{name: "MAINTAINER", snippet: "${1:name}"},
}

// beforeFirstFrom is all BuildKit accepts before the first FROM.
var beforeFirstFrom = []string{"FROM", "ARG"}

// instructions completes an instruction keyword at the start of a line, or
// the trigger instruction after ONBUILD.
func (c *cursor) instructions(onbuild bool) *List {
	p := c.partial()
	for i := 0; i < len(p); i++ {
		if !isLetter(p[i]) {
			return nil
		}
	}
	if p == "" && !onbuild && !c.opts.Invoked && strings.TrimSpace(c.m.Text[c.lineStart:c.offset]) == "" && c.offset > c.lineStart {
		return nil // a space typed to indent, not a request
	}
	span := c.wordSpan(isLetter)
	// Replacing the keyword of an existing instruction keeps its arguments:
	// insert the bare keyword, no snippet.
	bare := strings.TrimSpace(c.m.Text[span.End:c.lineEnd]) != ""
	names := make([]instructionSpec, 0, len(instructionOrder))
	switch {
	case onbuild:
		for _, s := range instructionOrder {
			if s.name != "ONBUILD" && s.name != "FROM" && s.name != "MAINTAINER" {
				names = append(names, s)
			}
		}
	case c.stageIndex() < 0:
		for _, n := range beforeFirstFrom {
			for _, s := range instructionOrder {
				if s.name == n {
					names = append(names, s)
				}
			}
		}
	default:
		names = instructionOrder
	}
	l := &List{Span: span}
	for _, s := range names {
		kw := c.cased(s.name)
		it := Item{Label: kw, Kind: Keyword, Detail: detail("instruction/" + s.name), Doc: "instruction/" + s.name,
			Deprecated: s.name == "MAINTAINER"}
		switch {
		case bare:
			it.Text = kw
		case c.opts.Snippets && s.snippet != "":
			it.Text, it.Snippet = kw+" "+s.snippet, true
		default:
			it.Text, it.Retrigger = kw+" ", s.retrigger
		}
		l.Items = append(l.Items, it)
	}
	return l
}

// detail is the one-line Korean summary of a reference document.
func detail(key string) string {
	if v, ok := details.Load(key); ok {
		return v.(string)
	}
	s := summary(Documentation(key))
	details.Store(key, s)
	return s
}

// healthcheckKinds are the words after HEALTHCHECK's flags.
func (c *cursor) healthcheckKinds() *List {
	if p := c.partial(); strings.HasPrefix(p, "-") {
		return nil
	}
	l := &List{Span: c.wordSpan(isLetter)}
	l.Items = append(l.Items,
		Item{Label: c.cased("CMD"), Kind: Keyword, Text: c.cased("CMD") + " ", Doc: "instruction/HEALTHCHECK",
			Detail: "컨테이너 안에서 실행할 헬스체크 명령을 적습니다. 종료 코드 0이면 정상입니다."},
		Item{Label: c.cased("NONE"), Kind: Keyword, Text: c.cased("NONE"), Doc: "instruction/HEALTHCHECK",
			Detail: "베이스 이미지에서 물려받은 헬스체크를 끕니다."})
	return l
}

// fromAs is the AS keyword after FROM's image.
func (c *cursor) fromAs() *List {
	if p := c.partial(); p != "" && !strings.HasPrefix("as", strings.ToLower(p)) {
		return nil
	}
	as := c.cased("AS")
	return &List{Span: c.wordSpan(isLetter), Items: []Item{{Label: as, Kind: Keyword, Text: as + " ",
		Detail: "이 빌드 단계에 이름을 붙입니다. 뒤에서 `COPY --from=<이름>`으로 씁니다.", Doc: "instruction/FROM"}}}
}

package lint

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// unknownFlagRe reads BuildKit's "unknown flag: --form (did you mean from?)".
var unknownFlagRe = regexp.MustCompile(`^unknown flag: -*(\S+?)(?: \(did you mean (\S+)\?\))?$`)

// unknownFlag turns BuildKit's "unknown flag" error, which our parser
// reports as an invalid instruction on the whole line, into an UnknownFlag
// finding on the flag itself, with the closest valid flag (BuildKit's own
// suggestion) for the quick fix.
func unknownFlag(m *dockerfile.Model, p dockerfile.Problem) (Finding, bool) {
	if p.Kind != dockerfile.InvalidInstruction {
		return Finding{}, false
	}
	sm := unknownFlagRe.FindStringSubmatch(p.Detail)
	in := m.InstructionAt(p.Span.Start)
	if sm == nil || in == nil {
		return Finding{}, false
	}
	name, suggestion := sm[1], sm[2]
	span := p.Span
	for _, f := range in.Flags {
		if f.Name == name {
			span = f.NameSpan
			break
		}
	}
	msg := fmt.Sprintf("`%s` 지시문에는 `--%s` 플래그가 없습니다.", in.Name, name)
	if suggestion != "" {
		msg += fmt.Sprintf(" `--%s` 플래그를 쓰려고 하셨나요?", suggestion)
	} else if valid := docs.Flags(in.Name); len(valid) > 0 {
		msg += fmt.Sprintf(" `%s`에 쓸 수 있는 플래그는 `--%s`입니다.", in.Name, strings.Join(valid, "`, `--"))
	} else {
		msg += fmt.Sprintf(" `%s`에는 플래그가 없습니다.", in.Name)
	}
	return Finding{
		Span: span, Severity: Error, Code: "UnknownFlag", Message: msg,
		Href: docs.ReferenceURL(in.Name), args: []string{in.Name, name, suggestion},
	}, true
}

// flagNameFix is UnknownFlag's fix: the flag BuildKit suggests.
func flagNameFix(_ *dockerfile.Model, f Finding) (Fix, bool) {
	if s := f.arg(2); s != "" {
		return replace("`--"+s+"` 플래그로 바꾸기", true, f.Span, "--"+s)
	}
	return Fix{}, false
}

// Package hover answers "what is this?" for a position in a Dockerfile with
// Korean Markdown from the embedded reference. It is a pure function of the
// parsed model.
package hover

import (
	"fmt"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Result is the Markdown to show and the text it describes.
type Result struct {
	Markdown string
	Span     dockerfile.Span
}

// Hover returns the hover at offset, or nil when there is nothing to explain.
func Hover(m *dockerfile.Model, offset int) *Result {
	for _, d := range m.Directives {
		if d.Span.Contains(offset) {
			return directive(d)
		}
	}
	in := m.InstructionAt(offset)
	if in == nil || !in.KeywordSpan.Contains(offset) || !in.Known {
		return nil
	}
	md := docs.Instruction(in.Name)
	if md == "" {
		md = fmt.Sprintf("**%s**\n\n[Dockerfile 레퍼런스: %s](%s)", in.Name, in.Name, docs.ReferenceURL(in.Name))
	}
	return &Result{Markdown: md, Span: in.KeywordSpan}
}

// directive explains a parser directive line until the full reference covers them.
func directive(d dockerfile.Directive) *Result {
	var text string
	switch d.Name {
	case "syntax":
		text = "**# syntax** — 이 Dockerfile을 해석할 BuildKit 프런트엔드 이미지를 지정합니다. 빌드할 때 엔진이 이 이미지를 받아 오므로, 인터넷에 연결되지 않은 곳에서는 빌드가 실패할 수 있습니다."
	case "escape":
		text = fmt.Sprintf("**# escape** — 줄 이어 쓰기와 이스케이프에 쓰는 문자를 `%s`(으)로 바꿉니다. Windows 경로를 자주 쓰는 Dockerfile에서 `` ` ``를 씁니다.", d.Value)
	case "check":
		text = "**# check** — 빌드 검사(`docker build --check`) 규칙을 설정합니다. 예: `# check=skip=JSONArgsRecommended;error=true`"
	default:
		return nil
	}
	return &Result{Markdown: text + "\n\n[Dockerfile 레퍼런스: 파서 지시자](https://docs.docker.com/reference/dockerfile/#parser-directives)", Span: d.Span}
}

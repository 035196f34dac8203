// Package hover answers "what is this?" for a position in a Dockerfile with
// Korean Markdown: instructions, flags and mount options, parser directives,
// heredocs, variables (their value at that point), stages and base images
// (what the local engine knows). It is a pure function of the parsed model
// and an image lookup.
package hover

import (
	"context"
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Result is the Markdown to show and the text it describes.
type Result struct {
	Markdown string
	Span     dockerfile.Span
}

// Images looks up local images for the image hover. Implementations bound
// the wait (hover never waits long for the engine) and may cache.
type Images interface {
	Image(ctx context.Context, ref string) (docker.Image, error)
}

// RegistryImages describes an image on a registry from its manifest; an
// Images that also implements it lets the image hover say, for a
// reference naming a registry host, what the registry holds.
type RegistryImages interface {
	RegistryImage(ctx context.Context, ref string) (docker.RegistryImage, error)
}

// Finding is a check's finding the hover may explain: its rule and where
// it is.
type Finding struct {
	Code string
	Span dockerfile.Span
}

// Hover returns the hover at offset, or nil when there is nothing to explain.
// images may be nil (no engine, or an untrusted workspace). findings are the
// document's findings: on one under the cursor, the hover starts with its
// rule (what is wrong and how to fix it) and keeps the rest short.
func Hover(ctx context.Context, m *dockerfile.Model, offset int, images Images, findings ...Finding) *Result {
	h := hoverAt(ctx, m, offset, images)
	for _, f := range findings {
		if offset < f.Span.Start || offset > f.Span.End {
			continue
		}
		rule := ruleShort(f.Code)
		if rule == "" {
			continue
		}
		return withRule(m, offset, h, rule, f.Span)
	}
	return h
}

// withRule puts a finding's rule first: then the instruction's summary and
// syntax when the cursor is on its keyword (or has no hover of its own),
// else the hover of what is under the cursor.
func withRule(m *dockerfile.Model, offset int, h *Result, rule string, span dockerfile.Span) *Result {
	in := m.InstructionAt(offset)
	onKeyword := in != nil && in.KeywordSpan.Contains(offset)
	rest := ""
	switch {
	case h != nil && !onKeyword:
		rest = h.Markdown
	case in != nil && in.Known:
		used := ScreenLines(rule) + 1
		rest = memo(fmt.Sprintf("below a finding\x00%s\x00%d", in.Name, used), func() string {
			if md := docs.Instruction(in.Name); md != "" {
				return shortPage(md, "instructions/"+strings.ToLower(in.Name)+".md", false, used)
			}
			return ""
		})
	}
	if h != nil {
		span = h.Span
	}
	if rest == "" {
		return &Result{Markdown: rule, Span: span}
	}
	return &Result{Markdown: rule + "\n\n---\n\n" + rest, Span: span}
}

func hoverAt(ctx context.Context, m *dockerfile.Model, offset int, images Images) *Result {
	for _, d := range m.Directives {
		if d.Span.Contains(offset) {
			return directive(d)
		}
	}
	if ref, def := m.VarAt(offset); ref != nil {
		return &Result{Markdown: variableRef(ctx, m, ref, images), Span: ref.Span}
	} else if def != nil {
		return &Result{Markdown: variableDef(m, def), Span: def.NameSpan}
	}
	if sr := m.StageRefAt(offset); sr != nil && sr.Stage != nil {
		return &Result{Markdown: stage(m, sr.Stage), Span: sr.Span}
	}
	in := m.InstructionAt(offset)
	if in == nil || !in.Known {
		return nil
	}
	if in.KeywordSpan.Contains(offset) {
		return instruction(in)
	}
	for _, f := range in.Flags {
		if r := flag(m, in, f, offset); r != nil {
			return r
		}
	}
	if in.Name == "FROM" && len(m.Stages) > in.Stage && in.Stage >= 0 {
		if st := m.Stages[in.Stage]; st.Base != "" && st.BaseSpan.Contains(offset) {
			return &Result{Markdown: image(ctx, st.Base, images), Span: st.BaseSpan}
		}
	}
	for _, a := range in.Args {
		if strings.HasPrefix(a.Value, "<<") && a.Span.Contains(offset) && (in.Name == "RUN" || in.Name == "COPY" || in.Name == "ADD") {
			return &Result{Markdown: docs.Topic("heredoc"), Span: a.Span}
		}
	}
	return nil
}

func instruction(in *dockerfile.Instruction) *Result {
	md := instructionShort(in.Name)
	if md == "" {
		md = fmt.Sprintf("**%s**\n\n[Dockerfile 레퍼런스: %s](%s)", in.Name, in.Name, docs.ReferenceURL(in.Name))
	}
	return &Result{Markdown: md, Span: in.KeywordSpan}
}

// flag explains a flag's name, a --mount option, or a flag's value.
func flag(m *dockerfile.Model, in *dockerfile.Instruction, f dockerfile.Flag, offset int) *Result {
	if !f.Span.Contains(offset) {
		return nil
	}
	if strings.EqualFold(f.Name, "mount") && in.Name == "RUN" && f.ValueSpan.Contains(offset) && f.HasValue {
		typ := f.MountType()
		for _, o := range f.Options() {
			if !o.Span.Contains(offset) {
				continue
			}
			key := strings.ToLower(o.Key)
			if key == "type" {
				if md := docs.Mount(typ); md != "" {
					return &Result{Markdown: md, Span: o.Span}
				}
			} else if md := docs.MountOption(typ, key); md != "" {
				return &Result{Markdown: md, Span: o.KeySpan}
			}
			return &Result{Markdown: unknownMountOption(typ, o.Key), Span: o.KeySpan}
		}
	}
	md := docs.Flag(in.Name, f.Name)
	if md == "" {
		return &Result{Markdown: unknownFlag(in.Name, f.Name), Span: f.NameSpan}
	}
	return &Result{Markdown: md, Span: f.Span}
}

func unknownFlag(instruction, name string) string {
	known := docs.Flags(instruction)
	var b strings.Builder
	fmt.Fprintf(&b, "**`--%s`** — `%s` 지시문에는 이런 플래그가 없습니다.", name, instruction)
	if len(known) > 0 {
		b.WriteString("\n\n쓸 수 있는 플래그: ")
		for i, k := range known {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "`--%s`", k)
		}
	} else {
		b.WriteString(" 이 지시문은 플래그를 받지 않습니다.")
	}
	fmt.Fprintf(&b, "\n\n[Dockerfile 레퍼런스: %s](%s)", instruction, docs.ReferenceURL(instruction))
	return b.String()
}

func unknownMountOption(typ, key string) string {
	return fmt.Sprintf("**`%s`** — `type=%s` 마운트에는 이런 옵션이 없습니다.\n\n[Dockerfile 레퍼런스: RUN --mount](https://docs.docker.com/reference/dockerfile/#run---mount)", key, typ)
}

// directive explains a parser directive line.
func directive(d dockerfile.Directive) *Result {
	if md := docs.Directive(d.Name); md != "" {
		return &Result{Markdown: md, Span: d.Span}
	}
	return nil
}

// line is the 1-based line of a span, as people count lines.
func line(m *dockerfile.Model, s dockerfile.Span) int { return m.Mapper.Position(s.Start).Line + 1 }

// stage describes a build stage: its name, base image and where it starts.
func stage(m *dockerfile.Model, st *dockerfile.Stage) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**빌드 단계 `%s`** — %d번째 빌드 단계, %d번째 줄에서 시작합니다.\n\n", st.Name, st.Index+1, line(m, st.From.Span))
	fmt.Fprintf(&b, "- 베이스 이미지: `%s`\n", st.Base)
	fmt.Fprintf(&b, "- 지시문 %d개\n\n", len(st.Instructions))
	b.WriteString("`COPY --from=" + st.Name + "` 지시문으로 이 단계의 파일을 가져오거나, `FROM " + st.Name + "` 지시문으로 이 단계 위에 새 단계를 쌓을 수 있습니다.\n\n")
	b.WriteString("[Dockerfile 레퍼런스: 멀티 스테이지 빌드](https://docs.docker.com/build/building/multi-stage/)")
	return b.String()
}

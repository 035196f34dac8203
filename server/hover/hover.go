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
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/engine"
)

// Result is the Markdown to show and the text it describes.
type Result struct {
	Markdown string
	Span     dockerfile.Span
}

// Images looks up local images for the image hover. Implementations bound
// the wait (hover never waits long for the engine) and may cache.
type Images interface {
	Image(ctx context.Context, ref string) (engine.Image, error)
}

// Hover returns the hover at offset, or nil when there is nothing to explain.
// images may be nil (no engine, or an untrusted workspace).
func Hover(ctx context.Context, m *dockerfile.Model, offset int, images Images) *Result {
	for _, d := range m.Directives {
		if d.Span.Contains(offset) {
			return directive(d)
		}
	}
	if ref, def := m.VarAt(offset); ref != nil {
		return &Result{Markdown: variableRef(m, ref), Span: ref.Span}
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
	md := docs.Instruction(in.Name)
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

func kindText(k dockerfile.VarKind) string {
	switch k {
	case dockerfile.Env:
		return "환경 변수(`ENV`) · 이미지와 컨테이너에 남습니다"
	case dockerfile.Predefined:
		return "미리 정의된 빌드 인수"
	default:
		return "빌드 인수(`ARG`) · 빌드하는 동안에만 있습니다"
	}
}

// variableRef explains a $VAR at its place: its value there and where it came from.
func variableRef(m *dockerfile.Model, r *dockerfile.VarRef) string {
	if r.Def != nil {
		return definition(m, r.Name, r.Def)
	}
	if r.Predefined {
		if md := docs.Arg(r.Name); md != "" {
			return md
		}
		return fmt.Sprintf("**`%s`** — BuildKit이 미리 정의한 빌드 인수입니다. `ARG`로 선언하지 않아도 쓸 수 있습니다.\n\n[Dockerfile 레퍼런스: 미리 정의된 ARG](https://docs.docker.com/reference/dockerfile/#predefined-args)", r.Name)
	}
	if platform, ok := dockerfile.PredefinedArgs[r.Name]; ok && platform {
		md := fmt.Sprintf("**`%s`** — 플랫폼 빌드 인수는 전역 범위에만 있어서 이 빌드 단계에서는 빈 값입니다. `FROM` 다음 줄에 `ARG %s`를 쓰면 이 단계에서도 쓸 수 있습니다.", r.Name, r.Name)
		if doc := docs.Arg(r.Name); doc != "" {
			md += "\n\n---\n\n" + doc
		}
		return md
	}
	return fmt.Sprintf("**`%s`** — 이 위치에서는 정의되지 않은 변수입니다. 빈 문자열로 바뀝니다.\n\n먼저 `ARG %s=<기본값>`이나 `ENV %s=<값>`으로 정의하십시오. `FROM` 앞의 `ARG`는 빌드 단계 안에서 `ARG %s`로 다시 선언해야 보입니다.\n\n[Dockerfile 레퍼런스: 변수](https://docs.docker.com/reference/dockerfile/#environment-replacement)",
		r.Name, r.Name, r.Name, r.Name)
}

func variableDef(m *dockerfile.Model, d *dockerfile.VarDef) string { return definition(m, d.Name, d) }

func definition(m *dockerfile.Model, name string, d *dockerfile.VarDef) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`** — %s\n\n", name, kindText(d.Kind))
	switch {
	case d.HasValue || d.Global != nil:
		fmt.Fprintf(&b, "- 값: `%s`", d.Value)
		if d.Raw != d.Value {
			fmt.Fprintf(&b, " (쓴 그대로: `%s`)", d.Raw)
		}
		b.WriteString("\n")
	default:
		b.WriteString("- 값: 기본값이 없습니다. `docker build --build-arg " + name + "=<값>`으로 넘기지 않으면 빈 문자열입니다.\n")
	}
	fmt.Fprintf(&b, "- 정의: %d번째 줄 `%s`\n", line(m, d.NameSpan), strings.TrimSpace(m.Mapper.Line(m.Mapper.Position(d.NameSpan.Start).Line)))
	if d.Global != nil {
		fmt.Fprintf(&b, "- %d번째 줄의 전역 `ARG`를 이 빌드 단계에서 다시 선언했습니다.\n", line(m, d.Global.NameSpan))
	} else if d.Stage < 0 {
		b.WriteString("- `FROM` 앞의 전역 `ARG`입니다. `FROM` 줄에서 쓸 수 있고, 빌드 단계 안에서는 다시 선언해야 합니다.\n")
	}
	if d.Kind == dockerfile.Env {
		b.WriteString("\n[Dockerfile 레퍼런스: ENV](https://docs.docker.com/reference/dockerfile/#env)")
	} else {
		b.WriteString("\n[Dockerfile 레퍼런스: ARG](https://docs.docker.com/reference/dockerfile/#arg)")
	}
	return b.String()
}

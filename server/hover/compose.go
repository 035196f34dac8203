package hover

import (
	"context"
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/compose"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"gopkg.in/yaml.v3"
)

// Compose answers a hover in a Compose file: on a key, its Korean page
// (the schema's English description where dockerlab has none); on a
// service, volume, network, secret or config name, its definition as
// Compose reads it (anchors and merge keys resolved); on a service's
// image, what the local engine knows. nil when there is nothing to say.
func Compose(ctx context.Context, f *compose.File, offset int, images Images) *Result {
	if o, ok := f.At(offset); ok && !o.Anchor {
		return composeName(f, o)
	}
	loc := compose.Locate(f.Text, offset)
	path := loc.Path()
	switch {
	case loc.Key != "" && loc.OnKey:
		if md := composeKey(path); md != "" {
			return &Result{Markdown: md, Span: span(loc.KeySpan)}
		}
	case loc.InValue && loc.Key == "image" && len(path) == 3 && path[0] == "services" && loc.Value != "":
		return &Result{Markdown: composeImage(ctx, loc.Value, images), Span: span(loc.ValueSpan)}
	}
	return nil
}

func span(s compose.Span) dockerfile.Span { return dockerfile.Span{Start: s.Start, End: s.End} }

// composeKey is the page about the key at path: dockerlab's Korean page,
// else the schema's English description.
func composeKey(path []string) string {
	doc, ok := compose.DocPath(path)
	if !ok {
		return ""
	}
	if md := docs.Compose(doc); md != "" {
		return md
	}
	return compose.SchemaPage(path)
}

// composeName shows what a name stands for: its definition, resolved.
func composeName(f *compose.File, o compose.Occurrence) *Result {
	what := o.Kind.Noun()
	def, ok := f.Def(o.Kind, o.Name)
	var b strings.Builder
	fmt.Fprintf(&b, "**%s `%s`**\n\n", what, o.Name)
	if !ok {
		fmt.Fprintf(&b, "이 파일에는 정의가 없습니다. 최상위 키(`%s`)에 정의하거나, `include`나 다른 Compose 파일에서 가져옵니다.\n", o.Kind.Section())
		return &Result{Markdown: b.String(), Span: span(o.Span)}
	}
	if !o.Def {
		fmt.Fprintf(&b, "%d번째 줄에 정의되어 있습니다.\n\n", lineOf(f.Text, def.Span.Start))
	}
	if y := resolved(f, def); y != "" {
		b.WriteString("```yaml\n" + y + "```\n")
	}
	if o.Kind == compose.KindService {
		users := 0
		for _, r := range f.Refs {
			if r.Kind == compose.KindService && r.Name == o.Name {
				users++
			}
		}
		if users > 0 {
			fmt.Fprintf(&b, "\n이 파일에서 %d곳이 이 서비스를 가리킵니다(`depends_on`, `links`, `extends` 등).\n", users)
		}
		b.WriteString("\n같은 네트워크의 다른 컨테이너는 서비스 이름(`" + o.Name + "`)으로 이 서비스에 접속합니다.\n")
	}
	return &Result{Markdown: b.String(), Span: span(o.Span)}
}

// resolved is a definition as Compose reads it: anchors and merge keys
// (`<<`) applied, at most 40 lines; the text as written when the file
// cannot be decoded.
func resolved(f *compose.File, def compose.Symbol) string {
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(f.Text), &doc); err == nil {
		if sec, ok := doc[def.Kind.Section()].(map[string]any); ok {
			var b strings.Builder
			enc := yaml.NewEncoder(&b)
			enc.SetIndent(2)
			if enc.Encode(map[string]any{def.Name: sec[def.Name]}) == nil && enc.Close() == nil {
				return clip(b.String())
			}
		}
	}
	return clip(f.Text[def.Block.Start:def.Block.End] + "\n")
}

func clip(s string) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > 40 {
		return strings.Join(lines[:40], "") + "# …\n"
	}
	return s
}

func lineOf(text string, offset int) int { return strings.Count(text[:offset], "\n") + 1 }

// composeImage describes a service's image: what the local engine knows,
// or that Compose will pull it (or build it, when the service builds).
func composeImage(ctx context.Context, ref string, images Images) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**이미지 `%s`**\n\n", ref)
	switch {
	case strings.Contains(ref, "$"):
		b.WriteString("변수가 들어 있어 `docker compose`가 실행할 때 값이 정해집니다.\n")
	default:
		writeEngineFacts(ctx, &b, ref, images, "이 이미지는 아직 로컬 엔진에 없습니다. 서비스에 `build`가 없으면 `docker compose up`이 레지스트리에서 받아 오고(pull), 있으면 빌드해서 이 이름을 붙입니다.\n")
	}
	b.WriteString("\n[Compose 파일 레퍼런스: image](" + compose.Reference + "services/#image)")
	return b.String()
}

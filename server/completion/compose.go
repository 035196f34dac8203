package completion

import (
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/compose"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// ComposeOptions are what Compose completion needs besides the file.
type ComposeOptions struct {
	Options
	// Stages lists the named build stages of a Dockerfile (a path relative
	// to the Compose file's folder, or absolute), for `build.target`; nil
	// proposes none.
	Stages func(dockerfile string) []string
}

// Compose returns what can be written at offset in a Compose file: the
// keys the Compose Specification allows there (with their Korean pages),
// enumerated and boolean values, the services, volumes, networks, secrets
// and configs the file defines where one is referred to, a Dockerfile's
// stages after `target:`, and local images after `image:`. nil when
// nothing fits.
func Compose(f *compose.File, offset int, opts ComposeOptions) *List {
	if offset < 0 || offset > len(f.Text) {
		return nil
	}
	loc := compose.Locate(f.Text, offset)
	if inComment(f.Text, offset) {
		return nil
	}
	l := &List{Span: dockerfile.Span{Start: offset - len(loc.Word), End: offset}}
	var keys []Item
	if loc.OnKey {
		keys = composeKeys(f, loc, opts.Snippets)
		if loc.Key != "" {
			l.Span = dockerfile.Span{Start: loc.KeySpan.Start, End: max(offset, loc.KeySpan.End)}
		}
	}
	if loc.InValue || loc.Item {
		if !loc.OnKey {
			// The value's first word: a name ends at `:` (`todo-data:/data`).
			end := offset
			for end < loc.ValueSpan.End && isNameByte(f.Text[end]) {
				end++
			}
			l.Span = dockerfile.Span{Start: loc.ValueSpan.Start, End: end}
			if offset < loc.ValueSpan.Start {
				l.Span = dockerfile.Span{Start: offset, End: offset}
			}
		}
		items, incomplete := composeValues(f, loc, opts)
		if vs := loc.ValueSpan.Start; vs > 0 && vs <= len(f.Text) && (f.Text[vs-1] == '"' || f.Text[vs-1] == '\'') {
			for i := range items {
				items[i].Text = strings.Trim(items[i].Text, `"`) // already inside quotes
			}
		}
		l.Items = append(l.Items, items...)
		l.Incomplete = incomplete
	}
	l.Items = append(l.Items, keys...) // a value is likelier than a key of a list item's mapping
	if len(l.Items) == 0 && !l.Incomplete {
		return nil
	}
	return l
}

// inComment reports a position after a `#` that starts a comment.
func inComment(text string, offset int) bool {
	ls := strings.LastIndexByte(text[:offset], '\n') + 1
	line := text[ls:offset]
	t := strings.TrimLeft(line, " -")
	return strings.HasPrefix(t, "#") || strings.Contains(line, " #")
}

// composeKeys are the keys allowed in the mapping at loc.Parent, or the
// names that key a mapping of references (`depends_on:` with conditions,
// a service's `networks:`).
func composeKeys(f *compose.File, loc compose.Location, snippets bool) []Item {
	parent := loc.Parent
	if n := len(parent); n == 3 && parent[0] == "services" {
		switch parent[2] {
		case "depends_on":
			return names(f, compose.KindService, parent[1], ":\n")
		case "networks":
			return names(f, compose.KindNetwork, "", ":")
		}
	}
	var out []Item
	for _, k := range compose.Keys(parent) {
		path := append(append([]string(nil), parent...), k.Name)
		doc, _ := compose.DocPath(path)
		it := Item{Label: k.Name, Kind: Flag, Text: k.Name + ": ", Deprecated: k.Deprecated}
		if md := docs.Compose(doc); md != "" {
			it.Doc = "compose/" + doc
			it.Detail = summaryLine(md)
		} else {
			it.Markdown = compose.SchemaPage(path)
			it.Detail = firstSentence(k.Description)
		}
		if snippets {
			it.Snippet = true
			switch {
			case k.Object && !k.List:
				it.Text = k.Name + ":\n\t$0"
			case k.List && !k.Object:
				it.Text = k.Name + ":\n\t- $0"
			default:
				it.Text = k.Name + ": $0"
			}
		}
		out = append(out, it)
	}
	return out
}

// summaryLine is a page's first line without its bold name: "— …".
func summaryLine(md string) string {
	first, _, _ := strings.Cut(md, "\n")
	if _, after, ok := strings.Cut(first, "— "); ok {
		return after
	}
	return first
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}

// names are the names of a kind the file defines, but skip.
func names(f *compose.File, k compose.Kind, skip, suffix string) []Item {
	what := k.Noun()
	var out []Item
	for _, d := range f.Defined(k) {
		if d.Name == skip {
			continue
		}
		line := strings.Count(f.Text[:d.Span.Start], "\n") + 1
		out = append(out, Item{Label: d.Name, Kind: Stage, Text: d.Name + suffix,
			Detail:   fmt.Sprintf("이 파일의 %s · %d번째 줄", what, line),
			Markdown: fmt.Sprintf("**%s `%s`** — 이 파일의 %d번째 줄에 정의되어 있습니다.\n\n```yaml\n%s\n```", what, d.Name, line, f.Text[d.Block.Start:d.Block.End])})
	}
	return out
}

// composeValues are the values for the key or list item at loc.
func composeValues(f *compose.File, loc compose.Location, opts ComposeOptions) (items []Item, incomplete bool) {
	path := loc.Path()
	var svc, key string
	if len(path) >= 2 && path[0] == "services" {
		svc = path[1]
	}
	rest := path
	if svc != "" {
		rest = path[2:]
	}
	key = strings.Join(rest, "/")
	switch {
	case svc != "" && key == "image":
		imgs, inc := (&cursor{opts: opts.Options}).images()
		for i := range imgs {
			imgs[i].Markdown = strings.Replace(imgs[i].Markdown, "베이스 이미지", "이미지", 1)
			imgs[i].Markdown = strings.Replace(imgs[i].Markdown, "빌드할 때 레지스트리에서 내려받지 않습니다.", "`docker compose up`이 내려받지 않고 씁니다.", 1)
			imgs[i].Markdown = strings.Replace(imgs[i].Markdown, "[Dockerfile 레퍼런스: FROM](https://docs.docker.com/reference/dockerfile/#from)", "[Compose 파일 레퍼런스: image](https://docs.docker.com/reference/compose-file/services/#image)", 1)
		}
		return imgs, inc
	case svc != "" && (key == "depends_on/[]" || key == "links/[]" || key == "extends" || key == "extends/service" || key == "volumes_from/[]"):
		return names(f, compose.KindService, svc, ""), false
	case svc != "" && key == "networks/[]":
		return names(f, compose.KindNetwork, "", ""), false
	case svc != "" && key == "volumes/[]" && !strings.Contains(loc.Word, ":"):
		suffix := ":"
		if strings.Contains(loc.Value, ":") {
			suffix = "" // the target is written already
		}
		return names(f, compose.KindVolume, "", suffix), false
	case svc != "" && key == "volumes/[]/source":
		return names(f, compose.KindVolume, "", ""), false
	case svc != "" && (key == "secrets/[]" || key == "secrets/[]/source" || key == "build/secrets/[]"):
		return names(f, compose.KindSecret, "", ""), false
	case svc != "" && (key == "configs/[]" || key == "configs/[]/source"):
		return names(f, compose.KindConfig, "", ""), false
	case svc != "" && key == "build/target" && opts.Stages != nil:
		if df, ok := f.DockerfileOf(svc); ok {
			for _, st := range opts.Stages(df) {
				items = append(items, Item{Label: st, Kind: Stage, Text: st, Detail: fmt.Sprintf("`%s`의 빌드 단계", df),
					Markdown: fmt.Sprintf("**빌드 단계 `%s`** — `%s`의 `FROM … AS %s`입니다. `target`으로 정하면 이 단계까지만 빌드합니다.", st, df, st)})
			}
		}
		return items, false
	}
	doc, _ := compose.DocPath(path)
	page := compose.SchemaPage(path)
	for _, v := range compose.Values(path) {
		it := Item{Label: v, Kind: Value, Text: v, Markdown: page}
		if docs.Compose(doc) != "" {
			it.Doc, it.Markdown = "compose/"+doc, ""
		}
		items = append(items, it)
	}
	return items, false
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
}

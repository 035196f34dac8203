package completion

import (
	"slices"
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/k8s"
)

// Manifest returns what can be written at offset in a Kubernetes
// manifest: the fields the API allows in the mapping there (required
// ones first, with dockerlab's Korean summary or the API's description),
// the values the API lists for the field (kinds, apiVersions, enumerated
// strings, booleans), and local images after a container's `image:`.
// nil when nothing fits.
func Manifest(text string, offset int, opts Options) *List {
	if offset < 0 || offset > len(text) || inComment(text, offset) {
		return nil
	}
	a, err := k8s.Load()
	if err != nil {
		return nil
	}
	pl := k8s.Locate(text, offset)
	loc := pl.Loc
	av := pl.APIVersion
	if vs := a.VersionsOf(pl.Kind); av == "" && len(vs) == 1 {
		av = vs[0]
	}
	l := &List{Span: dockerfile.Span{Start: offset - len(loc.Word), End: offset}}
	var keys []Item
	if loc.OnKey {
		keys = manifestKeys(a, av, pl.Kind, loc.Parent, opts.Snippets)
		if loc.Key != "" {
			l.Span = dockerfile.Span{Start: loc.KeySpan.Start, End: max(offset, loc.KeySpan.End)}
		}
	}
	if loc.InValue || loc.Item {
		if !loc.OnKey {
			l.Span = dockerfile.Span{Start: loc.ValueSpan.Start, End: max(offset, loc.ValueSpan.End)}
			if offset < loc.ValueSpan.Start {
				l.Span = dockerfile.Span{Start: offset, End: offset}
			}
		}
		items, incomplete := manifestValues(a, av, pl, opts)
		l.Items = append(l.Items, items...)
		l.Incomplete = incomplete
	}
	l.Items = append(l.Items, keys...)
	if len(l.Items) == 0 && !l.Incomplete {
		return nil
	}
	return l
}

// manifestKeys are the fields of the mapping at parent. Before the object
// names its kind, only apiVersion and kind.
func manifestKeys(a *k8s.API, av, kind string, parent []string, snippets bool) []Item {
	var keys []k8s.Key
	if kind == "" || av == "" {
		if len(parent) > 0 {
			return nil
		}
		keys = []k8s.Key{{Name: "apiVersion", Type: "string", Required: true}, {Name: "kind", Type: "string", Required: true}}
	} else {
		keys = a.Keys(av, kind, parent)
	}
	out := make([]Item, 0, len(keys))
	for _, k := range keys {
		path := append(append([]string(nil), parent...), k.Name)
		it := Item{Label: k.Name, Kind: Flag, Text: k.Name + ": "}
		if doc := k8s.DocPath(kind, path); docs.K8s(doc) != "" {
			it.Doc = "k8s/" + doc
			it.Detail = summaryLine(docs.K8s(doc))
		} else {
			it.Detail = k.Type
			if s := firstSentence(k.Desc); s != "" {
				it.Detail += " · " + s
			}
			if kind != "" && av != "" {
				it.Markdown = a.SchemaPage(av, kind, path)
			}
		}
		if k.Required {
			it.Detail = "필수 · " + it.Detail
		}
		if snippets {
			it.Snippet = true
			switch {
			case k.List:
				it.Text = k.Name + ":\n\t- $0"
			case k.Object:
				it.Text = k.Name + ":\n\t$0"
			default:
				it.Text = k.Name + ": $0"
			}
		}
		out = append(out, it)
	}
	// Required fields, then the ones a learner meets (with a Korean page), then the rest.
	rank := func(it Item) int {
		switch {
		case strings.HasPrefix(it.Detail, "필수"):
			return 0
		case it.Doc != "":
			return 1
		}
		return 2
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// manifestValues are the values of the field at pl.
func manifestValues(a *k8s.API, av string, pl k8s.Place, opts Options) (items []Item, incomplete bool) {
	path := pl.Loc.Path()
	if pl.Loc.Key == "image" && k8s.DocPath(pl.Kind, path) == "container/image" {
		imgs, inc := (&cursor{opts: opts}).images()
		for i := range imgs {
			imgs[i].Markdown = manifestImageDoc(imgs[i])
		}
		return imgs, inc
	}
	doc := k8s.DocPath(pl.Kind, path)
	for _, v := range a.Values(av, pl.Kind, path) {
		it := Item{Label: v, Kind: Value, Text: v}
		switch {
		case len(path) == 1 && path[0] == "kind":
			if d := strings.ToLower(v); docs.K8s(d) != "" {
				it.Doc = "k8s/" + d
			} else if vs := a.VersionsOf(v); len(vs) > 0 {
				kav := vs[0]
				if slices.Contains(vs, av) {
					kav = av
				}
				it.Markdown = a.SchemaPage(kav, v, nil)
			}
		case len(path) == 1 && path[0] == "apiVersion":
			it.Markdown = docs.K8s("common/apiversion")
		case docs.K8s(doc) != "":
			it.Doc = "k8s/" + doc
		default:
			it.Markdown = a.SchemaPage(av, pl.Kind, path)
		}
		items = append(items, it)
	}
	return items, false
}

// manifestImageDoc rewrites a local image's documentation for a manifest:
// the cluster's nodes do not see the local engine.
func manifestImageDoc(it Item) string {
	md := it.Markdown
	_, facts, _ := strings.Cut(md, "\n\n")
	facts, _, _ = strings.Cut(facts, "\n[")
	return "**이미지 `" + it.Label + "`** — 로컬 Docker 엔진에 있는 이미지입니다. 클러스터의 노드는 이 엔진의 이미지를 보지 못하므로, kind 클러스터라면 `kind load docker-image` 명령으로 노드에 넣고 다른 클러스터라면 레지스트리에 올립니다(push).\n\n" +
		facts + "\n[Kubernetes 문서: 이미지](https://kubernetes.io/docs/concepts/containers/images/)"
}

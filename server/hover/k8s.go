package hover

import (
	"context"
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/k8s"
	"github.com/dockerlab/dockerlab/server/yamlspan"
)

// Manifest answers a hover in a Kubernetes manifest: on a field's key,
// dockerlab's Korean page (the API's English description, type and
// `kubectl explain` line where there is none); on the value of `kind`,
// the kind's page; on a container's image, what the local engine knows
// and how a cluster's nodes get it. nil when there is nothing to say
// (a kind the pinned API does not define, a field it does not know).
func Manifest(ctx context.Context, text string, offset int, images Images) *Result {
	pl := k8s.Locate(text, offset)
	loc := pl.Loc
	if loc.Key == "" {
		return nil
	}
	a, err := k8s.Load()
	if err != nil {
		return nil
	}
	path := loc.Path()
	switch {
	case loc.OnKey:
		if md := manifestField(a, pl, path); md != "" {
			return &Result{Markdown: md, Span: yspan(loc.KeySpan)}
		}
	case loc.InValue && len(path) == 1 && loc.Key == "kind" && loc.Value != "":
		if md := manifestField(a, pl, nil); md != "" {
			return &Result{Markdown: md, Span: yspan(loc.ValueSpan)}
		}
	case loc.InValue && loc.Key == "image" && loc.Value != "" && k8s.DocPath(pl.Kind, path) == "container/image":
		if _, ok := a.Field(pl.APIVersion, pl.Kind, path); ok {
			return &Result{Markdown: manifestImage(ctx, loc.Value, images), Span: yspan(loc.ValueSpan)}
		}
	}
	return nil
}

func yspan(s yamlspan.Span) dockerfile.Span { return dockerfile.Span{Start: s.Start, End: s.End} }

// manifestField is the page about the field at path (nil: the object's
// kind): the Korean page, else the API's description.
func manifestField(a *k8s.API, pl k8s.Place, path []string) string {
	if _, ok := a.Field(pl.APIVersion, pl.Kind, path); !ok && !(len(path) == 1 && (path[0] == "apiVersion" || path[0] == "kind")) {
		return ""
	}
	if md := docs.K8s(k8s.DocPath(pl.Kind, path)); md != "" {
		return md
	}
	return a.SchemaPage(pl.APIVersion, pl.Kind, path)
}

// manifestImage describes a container's image: what the local engine
// knows, and that a cluster's nodes do not see the local engine's images.
func manifestImage(ctx context.Context, ref string, images Images) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**이미지 `%s`**\n\n", ref)
	writeEngineFacts(ctx, &b, ref, images, "로컬 Docker 엔진에는 이 이미지가 없습니다.\n")
	b.WriteString("\n클러스터의 노드는 로컬 Docker 엔진의 이미지를 보지 못합니다. 직접 빌드한 이미지는 kind 클러스터라면 `kind load docker-image` 명령으로 노드에 넣고, 다른 클러스터라면 레지스트리에 올립니다(push).\n")
	b.WriteString("\n[Kubernetes 문서: 이미지](https://kubernetes.io/docs/concepts/containers/images/)")
	return b.String()
}

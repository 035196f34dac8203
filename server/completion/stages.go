package completion

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// stages completes the build stages defined before the cursor's
// instruction, the nearest first. FROM accepts only names; COPY --from and
// --mount from= also accept an unnamed stage's index.
func (c *cursor) stages(span dockerfile.Span, namesOnly bool) *List {
	l := &List{Span: span}
	l.Items = c.stageItems(namesOnly)
	return l
}

func (c *cursor) stageItems(namesOnly bool) []Item {
	var items []Item
	for _, st := range c.earlierStages() {
		label, what := st.Name, "빌드 단계"
		if label == "" {
			if namesOnly {
				continue
			}
			label, what = strconv.Itoa(st.Index), "이름 없는 빌드 단계"
		}
		line := c.m.Mapper.Position(st.From.Span.Start).Line + 1
		d := fmt.Sprintf("%s · %d번째 줄", what, line)
		if st.Base != "" {
			d += " · " + st.Base
		}
		items = append(items, Item{Label: label, Kind: Stage, Text: label, Detail: d,
			Markdown: fmt.Sprintf("**빌드 단계 `%s`** — %d번째 줄에서 시작하는 %d번째 빌드 단계입니다. 베이스 이미지는 `%s`입니다.\n\n"+
				"[Dockerfile 레퍼런스: 멀티 스테이지 빌드](https://docs.docker.com/build/building/multi-stage/)",
				label, line, st.Index+1, st.Base)})
	}
	return items
}

// fromBase completes FROM's image: earlier stages, then the engine's local
// images (the most recent first), then scratch.
func (c *cursor) fromBase() *List {
	l := &List{Span: c.wordSpan(isWordChar)}
	if items, incomplete, ok := c.registryItems(l.Span); ok {
		// `FROM 127.0.0.1:5000/…`: what that registry holds.
		l.Items, l.Incomplete = items, incomplete
		return l
	}
	l.Items = c.stageItems(true)
	imgs, incomplete := c.images()
	l.Items = append(l.Items, imgs...)
	l.Incomplete = incomplete
	l.Items = append(l.Items, Item{Label: "scratch", Kind: Image, Text: "scratch", Doc: "instruction/FROM",
		Detail: "아무 파일도 없는 빈 이미지입니다. 정적 바이너리 하나만 담을 때 씁니다."})
	return l
}

// images are the local images as items. incomplete is true while the
// first listing is still under way.
func (c *cursor) images() (items []Item, incomplete bool) {
	if c.opts.Images == nil {
		return nil, false
	}
	imgs, ready := c.opts.Images.List()
	seen := map[string]bool{}
	for _, img := range imgs {
		for _, tag := range img.Tags {
			if seen[tag] || strings.EqualFold(tag, "scratch") {
				continue
			}
			seen[tag] = true
			items = append(items, imageItem(tag, img, c.opts.Now))
		}
	}
	return items, !ready
}

func imageItem(tag string, img docker.Image, now time.Time) Item {
	age := formatAge(now, img.Created)
	var md strings.Builder
	fmt.Fprintf(&md, "**베이스 이미지 `%s`** — 로컬 엔진에 있는 이미지입니다. 빌드할 때 레지스트리에서 내려받지 않습니다.\n\n", tag)
	fmt.Fprintf(&md, "- ID: `%s`\n- 크기: %s\n", shortID(img.ID), docker.FormatSize(img.Size))
	if !img.Created.IsZero() {
		fmt.Fprintf(&md, "- 만든 때: %s UTC (%s)\n", img.Created.UTC().Format("2006-01-02 15:04"), age)
	}
	md.WriteString("\n[Dockerfile 레퍼런스: FROM](https://docs.docker.com/reference/dockerfile/#from)")
	return Item{Label: tag, Kind: Image, Text: tag,
		Detail:   fmt.Sprintf("로컬 이미지 · %s · %s", docker.FormatSize(img.Size), age),
		Markdown: md.String()}
}

func shortID(id string) string {
	id = strings.TrimPrefix(id, "sha256:")
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// registryItems completes an image on a registry host (a first part with
// a '.' or a ':', or localhost, before a '/'): the registry's repositories,
// or after a ':' in the repository part, its tags. ok is false when the
// word names no registry host.
func (c *cursor) registryItems(span dockerfile.Span) (items []Item, incomplete, ok bool) {
	if c.opts.Registry == nil || c.offset < span.Start {
		return nil, false, false
	}
	typed := c.m.Text[span.Start:c.offset]
	host, rest, found := strings.Cut(typed, "/")
	if !found || host == "" || strings.Contains(host, "$") || !(strings.ContainsAny(host, ".:") || host == "localhost") {
		return nil, false, false
	}
	if repo, _, tagging := strings.Cut(rest, ":"); tagging {
		tags, ready := c.opts.Registry.Tags(host, repo)
		for _, t := range tags {
			ref := host + "/" + repo + ":" + t
			items = append(items, Item{Label: ref, Kind: Image, Text: ref, Detail: "레지스트리의 태그 · " + host,
				Markdown: fmt.Sprintf("**`%s`** — 레지스트리(`%s`)에 있는 태그입니다(`/v2/%s/tags/list`). 빌드할 때 엔진이 이 이미지를 내려받습니다(pull).\n\n"+
					"[Dockerfile 레퍼런스: FROM](https://docs.docker.com/reference/dockerfile/#from)", ref, host, repo)})
		}
		return items, !ready, true
	}
	repos, ready := c.opts.Registry.Repositories(host)
	for _, r := range repos {
		ref := host + "/" + r
		items = append(items, Item{Label: ref, Kind: Image, Text: ref, Detail: "레지스트리의 저장소 · " + host,
			Markdown: fmt.Sprintf("**`%s`** — 레지스트리(`%s`)에 있는 저장소입니다(`/v2/_catalog`). 뒤에 콜론(`:`)을 적으면 태그를 고를 수 있습니다.\n\n"+
				"[Dockerfile 레퍼런스: FROM](https://docs.docker.com/reference/dockerfile/#from)", ref, host)})
	}
	return items, !ready, true
}

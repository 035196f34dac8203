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

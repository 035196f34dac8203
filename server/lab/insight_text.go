package lab

import (
	"fmt"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
)

// CacheDocs is the official page on the build cache, linked from every
// explanation of a cache miss.
const CacheDocs = "https://docs.docker.com/build/cache/"

// Hint is one inlay hint of build insight, placed in the document's
// current text.
type Hint struct {
	Line    int    // zero-based line of the current text; the hint goes at its end
	Label   string // e.g. "0.8초 · 12.3MB", "캐시 사용", "설정만 바뀜 (레이어 없음)"
	Tooltip string // Markdown: the same as the hover's "마지막 빌드" section
	Stale   bool   // the instruction or a line above it changed since the build
}

// lineMap maps lines of the built text to the current text: the lines
// before the first changed line keep their place; the lines after the last
// changed one move with the edit; a line inside the changed region keeps
// its number only when the edit kept the line count. first is the first
// changed line of the built text (its line count when nothing changed).
type lineMap struct {
	first, lastOld, shift int
	sameCount             bool
}

func newLineMap(built, current string) lineMap {
	a, b := strings.Split(built, "\n"), strings.Split(current, "\n")
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	if p == len(a) && p == len(b) {
		return lineMap{first: len(a), lastOld: len(a), sameCount: true}
	}
	return lineMap{first: p, lastOld: len(a) - s, shift: len(b) - len(a), sameCount: len(a) == len(b)}
}

// place is line's number in the current text and whether it is stale; ok
// is false for a line the edit replaced.
func (lm lineMap) place(line int) (cur int, stale, ok bool) {
	switch {
	case line < lm.first:
		return line, false, true
	case line >= lm.lastOld:
		return line + lm.shift, true, true
	case lm.sameCount:
		return line, true, true
	}
	return 0, false, false
}

// Hints are the insight's hints placed in current, the document's text now.
func (in *Insight) Hints(current string) []Hint {
	lm := newLineMap(in.Text, current)
	out := make([]Hint, 0, len(in.Lines))
	for _, li := range in.Lines {
		cur, stale, ok := lm.place(li.HintLine)
		if !ok {
			continue
		}
		label := in.label(li)
		if stale {
			label += " (수정됨)"
		}
		out = append(out, Hint{Line: cur, Label: label, Tooltip: in.section(li, stale), Stale: stale})
	}
	return out
}

// At is the insight of the instruction whose first line is line of the
// current text, with whether it is stale; ok is false when the build had
// none there.
func (in *Insight) At(current string, line int) (li LineInsight, stale, ok bool) {
	lm := newLineMap(in.Text, current)
	for _, l := range in.Lines {
		if cur, st, placed := lm.place(l.Line); placed && cur == line {
			return l, st, true
		}
	}
	return LineInsight{}, false, false
}

// label is the hint's text: time or cache, layer size or configuration.
func (in *Insight) label(li LineInsight) string {
	var parts []string
	switch {
	case li.Step && li.Cached:
		parts = append(parts, "캐시 사용")
	case li.Step && li.Duration > 0:
		parts = append(parts, Seconds(li.Duration))
	}
	switch {
	case li.BaseSize > 0:
		parts = append(parts, "베이스 이미지 "+docker.FormatSize(li.BaseSize))
	case configOnly[li.Keyword]:
		parts = append(parts, "설정만 바뀜 (레이어 없음)")
	case li.Layer:
		parts = append(parts, docker.FormatSize(li.Size))
	}
	if in.Miss != nil && in.Miss.Line == li.Line {
		parts = append(parts, "캐시가 끊긴 곳")
	}
	if len(parts) == 0 {
		return "빌드함"
	}
	return strings.Join(parts, " · ")
}

// Seconds writes a step's time the way the lab's output does: "0.1초 미만",
// "0.8초", "12.3초", "1분 5초".
func Seconds(d time.Duration) string {
	if d < 50*time.Millisecond {
		return "0.1초 미만"
	}
	if d < time.Minute {
		return fmt.Sprintf("%.1f초", d.Seconds())
	}
	return fmt.Sprintf("%d분 %d초", int(d.Minutes()), int(d.Seconds())%60)
}

// Section is the hover's "마지막 빌드" section for the instruction at line
// of the current text, "" when the last build did nothing there.
func (in *Insight) Section(current string, line int) string {
	li, stale, ok := in.At(current, line)
	if !ok {
		return ""
	}
	return in.section(li, stale)
}

func (in *Insight) section(li LineInsight, stale bool) string {
	var b strings.Builder
	builder := "예전 빌더"
	if in.BuildKit {
		builder = "BuildKit"
	}
	fmt.Fprintf(&b, "**마지막 빌드** (`%s`, %s)\n\n", in.Tag, builder)
	switch {
	case li.Step && li.Cached:
		b.WriteString("- 스텝: 캐시를 썼습니다.\n")
	case li.Step && li.Duration > 0:
		fmt.Fprintf(&b, "- 스텝: %s 동안 실행했습니다.\n", Seconds(li.Duration))
	case li.Step:
		b.WriteString("- 스텝: 실행했습니다.\n")
	case configOnly[li.Keyword]:
		b.WriteString("- 스텝: 이미지 설정만 바꿨습니다.\n")
	}
	switch {
	case li.BaseSize > 0:
		fmt.Fprintf(&b, "- 베이스 이미지의 레이어: %s\n", docker.FormatSize(li.BaseSize))
	case li.Layer && li.Size > 0:
		fmt.Fprintf(&b, "- 레이어: %s\n", docker.FormatSize(li.Size))
	case configOnly[li.Keyword]:
		b.WriteString("- 레이어: 없음 (설정만 바뀜)\n")
	case li.Layer:
		b.WriteString("- 레이어: 0B (파일 시스템이 바뀌지 않았습니다)\n")
	}
	if li.CreatedBy != "" {
		fmt.Fprintf(&b, "- `docker history` 행: `%s` · %s\n", historyCell(li.CreatedBy), docker.FormatSize(li.Size))
	}
	if in.Miss != nil && in.Miss.Line == li.Line {
		b.WriteString("\n" + in.Miss.Explain() + "\n")
	}
	if stale {
		b.WriteString("\n이 지시문이나 그 위의 줄을 고친 뒤로 다시 빌드하지 않았습니다. 다음 빌드에서 새로 잽니다.\n")
	}
	return b.String()
}

// historyCell shortens a history row's text for one line of Markdown.
func historyCell(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "`", "'")), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}

// Explain is the Korean explanation of a cache miss: what broke the
// cache, that every step below ran again, and the classic fix when it
// applies.
func (c *CacheMiss) Explain() string { return "**캐시가 끊긴 곳**: " + c.explain() }

func (c *CacheMiss) explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "이번 빌드에서 처음으로 캐시를 쓰지 못한 `%s` 지시문입니다. ", c.Keyword)
	switch c.Why {
	case TextChanged:
		b.WriteString("지난 빌드 뒤에 이 지시문의 내용이 바뀌었습니다. ")
	case FilesChanged:
		names := make([]string, len(c.Files))
		for i, f := range c.Files {
			names[i] = "`" + f + "`"
		}
		fmt.Fprintf(&b, "이 지시문이 복사하는 파일이 지난 빌드 뒤에 바뀌었습니다: %s", strings.Join(names, ", "))
		if c.More > 0 {
			fmt.Fprintf(&b, " 외 %d개", c.More)
		}
		b.WriteString(". ")
	default:
		b.WriteString("지시문과 복사하는 파일은 지난 빌드와 같아 보입니다. 빌드 캐시를 지웠거나 빌드 인수가 달라졌을 수 있습니다. ")
	}
	b.WriteString("캐시는 위에서부터 차례로 쓰므로 이 아래의 스텝도 모두 다시 실행했습니다.")
	if c.Fix != "" {
		b.WriteString(" " + c.Fix)
	}
	fmt.Fprintf(&b, " [빌드 캐시](%s)", CacheDocs)
	return b.String()
}

// Summary is what the output channel prints after a build: time, steps from
// the cache, image size, the biggest layers, the build context and where
// the cache broke.
func (in *Insight) Summary() string {
	var b strings.Builder
	b.WriteString("\n빌드 요약\n")
	if in.Total > 0 {
		fmt.Fprintf(&b, "  걸린 시간: %s\n", Seconds(in.Total))
	}
	if in.Steps > 0 {
		fmt.Fprintf(&b, "  캐시를 쓴 스텝: %d개 중 %d개\n", in.Steps, in.Cached)
	}
	if in.ImageSize > 0 {
		fmt.Fprintf(&b, "  이미지 크기: %s\n", docker.FormatSize(in.ImageSize))
	}
	if len(in.Biggest) > 0 {
		b.WriteString("  가장 큰 레이어:\n")
		for _, li := range in.Biggest {
			fmt.Fprintf(&b, "    %8s  %d번째 줄 %s\n", docker.FormatSize(li.Size), li.Line+1, li.Text)
		}
	}
	if c := in.Context; c.Files > 0 {
		fmt.Fprintf(&b, "  빌드 컨텍스트: 파일 %d개, %s를 보냈습니다.\n", c.Files, docker.FormatSize(c.Bytes))
		if len(c.Biggest) > 0 {
			var parts []string
			for _, e := range c.Biggest {
				parts = append(parts, fmt.Sprintf("%s %s", e.Path, docker.FormatSize(e.Bytes)))
			}
			fmt.Fprintf(&b, "    큰 항목: %s\n", strings.Join(parts, ", "))
		}
		if len(c.Excluded) > 0 {
			shown := c.Excluded
			if len(shown) > 5 {
				shown = shown[:5]
			}
			fmt.Fprintf(&b, "    .dockerignore로 뺀 항목: %s", strings.Join(shown, ", "))
			if len(c.Excluded) > 5 {
				fmt.Fprintf(&b, " 외 %d개", len(c.Excluded)-5)
			}
			b.WriteString("\n")
		}
		for _, tip := range in.contextTips() {
			fmt.Fprintf(&b, "    %s\n", tip)
		}
	}
	if in.Miss != nil {
		fmt.Fprintf(&b, "  캐시가 끊긴 곳(%d번째 줄): %s\n", in.Miss.Line+1, plainMarkdown(in.Miss.explain()))
	}
	return b.String()
}

// contextTips are the hints about a large build context: directories that
// `.dockerignore` could leave out, said only where that is safe to say.
func (in *Insight) contextTips() []string {
	const big = 1_000_000
	var tips []string
	for _, e := range in.Context.Biggest {
		switch {
		case e.Path == "node_modules/" && e.Bytes >= big && in.installsDependencies():
			tips = append(tips, fmt.Sprintf("`node_modules`가 빌드 컨텍스트에 들어 있습니다(%s). 의존성은 이미지 안에서 설치하므로 `.dockerignore`에 `node_modules`를 적어 빼면 보내는 양이 줄어 빌드가 빨라집니다.", docker.FormatSize(e.Bytes)))
		case e.Path == ".git/" && e.Bytes >= big:
			tips = append(tips, fmt.Sprintf("`.git`이 빌드 컨텍스트에 들어 있습니다(%s). 이미지에 필요 없다면 `.dockerignore`에 `.git`을 적어 빼십시오.", docker.FormatSize(e.Bytes)))
		case buildOutputs[e.Path] && e.Bytes >= big && in.buildsInside():
			name := strings.TrimSuffix(e.Path, "/")
			tips = append(tips, fmt.Sprintf("빌드 컨텍스트에 든 `%s` 디렉터리(%s)는 빌드 결과물입니다. 이미지 안에서 다시 빌드하므로 `.dockerignore`에 그 디렉터리를 적어 빼면 보내는 양이 줄어듭니다.", name, docker.FormatSize(e.Bytes)))
		}
	}
	return tips
}

// buildOutputs are the usual directories of local build results.
var buildOutputs = map[string]bool{"dist/": true, "build/": true, "target/": true, "out/": true}

// buildBuilds are RUN commands that build the project inside the image.
var buildCommands = []string{"npm run build", "yarn build", "yarn run build", "pnpm build", "pnpm run build", "go build", "mvn package", "gradle build", "cargo build"}

// buildsInside reports whether a RUN of the built text builds the project
// (then a local build output is not needed in the context).
func (in *Insight) buildsInside() bool {
	for _, li := range in.Lines {
		if li.Keyword != "RUN" {
			continue
		}
		for _, c := range buildCommands {
			if strings.Contains(li.Text, c) {
				return true
			}
		}
	}
	return false
}

// installsDependencies reports whether the built text installs Node
// dependencies with a RUN (then a copied node_modules is not needed).
func (in *Insight) installsDependencies() bool {
	for _, li := range in.Lines {
		if li.Keyword != "RUN" {
			continue
		}
		for _, i := range installs {
			if strings.Contains(i.copy, "package.json") && strings.Contains(li.Text, i.run) {
				return true
			}
		}
	}
	return false
}

// plainMarkdown drops Markdown links and bold marks for the output channel.
func plainMarkdown(s string) string {
	s = strings.ReplaceAll(s, "**", "")
	if i := strings.Index(s, " [빌드 캐시]("); i >= 0 {
		s = s[:i] + " (" + CacheDocs + ")"
	}
	return s
}

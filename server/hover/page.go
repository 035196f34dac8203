package hover

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dockerlab/dockerlab/docs"
)

// fullPageBase is where the full Korean pages (docs/ in the repository)
// are published; a short hover links the rest of its page there.
const fullPageBase = "https://github.com/dockerlab/dockerlab/blob/main/docs/"

// page is a reference page of docs/ cut at its structure: every page starts
// with a title line `**NAME** — summary`, may go on with paragraphs, has
// `#### heading` sections, and ends with links to the official reference.
type page struct {
	title    string
	sections map[string]string // heading -> its Markdown, trimmed
	links    []string          // the closing `[…](…)` lines
}

// parsePage cuts a page of docs/ at its title, `####` sections and closing
// links.
func parsePage(md string) page {
	p := page{sections: map[string]string{}}
	lines := strings.Split(strings.TrimSpace(md), "\n")
	if len(lines) == 0 {
		return p
	}
	p.title = strings.TrimSpace(lines[0])
	lines = lines[1:]
	for len(lines) > 0 {
		last := strings.TrimSpace(lines[len(lines)-1])
		if last == "" {
			lines = lines[:len(lines)-1]
			continue
		}
		if !strings.HasPrefix(last, "[") || !strings.Contains(last, "](") {
			break
		}
		p.links = append([]string{last}, p.links...)
		lines = lines[:len(lines)-1]
	}
	heading := ""
	var body []string
	flush := func() {
		if heading != "" {
			p.sections[heading] = strings.TrimSpace(strings.Join(body, "\n"))
		}
	}
	inCode := false
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			inCode = !inCode
		}
		if !inCode && strings.HasPrefix(l, "#### ") {
			flush()
			heading, body = strings.TrimSpace(strings.TrimPrefix(l, "#### ")), nil
			continue
		}
		body = append(body, l)
	}
	flush()
	return p
}

// blocks splits Markdown into its blocks: paragraphs, list items and
// fenced code blocks, in order.
func blocks(md string) []string {
	var out []string
	var cur []string
	inCode := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, l := range strings.Split(md, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "```"):
			if !inCode {
				flush()
			}
			cur = append(cur, l)
			if inCode {
				flush()
			}
			inCode = !inCode
		case inCode:
			cur = append(cur, l)
		case t == "":
			flush()
		case strings.HasPrefix(t, "- "):
			flush()
			cur = append(cur, l)
		default:
			cur = append(cur, l)
		}
	}
	flush()
	return out
}

// firstCode is the first fenced code block of md, or "".
func firstCode(md string) string {
	for _, b := range blocks(md) {
		if strings.HasPrefix(strings.TrimSpace(b), "```") {
			return b
		}
	}
	return ""
}

// bullets are the first n list items of md.
func bullets(md string, n int) []string {
	var out []string
	for _, b := range blocks(md) {
		if strings.HasPrefix(strings.TrimSpace(b), "- ") && len(out) < n {
			out = append(out, b)
		}
	}
	return out
}

// linkLine joins the link to the full Korean page with the page's own
// closing links.
func linkLine(path string, links []string) string {
	parts := []string{"[전체 설명](" + fullPageBase + path + ")"}
	return strings.Join(append(parts, links...), " · ")
}

// Instruction page sections, as docs/instructions/*.md name them.
const (
	secSyntax   = "문법"
	secExample  = "예시"
	secPitfalls = "주의할 점"
	secFix      = "고치는 방법"
)

// maxPitfalls is how many pitfalls an instruction hover shows; the pages
// list the most important first.
const maxPitfalls = 2

// instructionShort is the hover of an instruction keyword: the page's
// summary, syntax, example and first pitfalls, linking the full page.
func instructionShort(name string) string {
	return memo("instruction\x00"+name, func() string {
		md := docs.Instruction(name)
		if md == "" {
			return ""
		}
		return shortPage(md, "instructions/"+strings.ToLower(name)+".md", true, 0, topicLinks[strings.ToUpper(name)]...)
	})
}

// shortPages keeps the short pages made so far: each depends only on the
// embedded docs, and cutting one to fit a screen costs more than the rest
// of a hover.
var shortPages sync.Map // key → string

// memo returns build()'s page for key, built once.
func memo(key string, build func() string) string {
	if v, ok := shortPages.Load(key); ok {
		return v.(string)
	}
	v, _ := shortPages.LoadOrStore(key, build())
	return v.(string)
}

// topicLinks are the topic pages (docs/topics) an instruction's hover links
// besides its own page: the instructions whose text may be in shell form or
// exec form, and COPY/ADD, whose sources .dockerignore filters.
var topicLinks = map[string][]string{
	"RUN":         {"[셸 형식과 exec 형식](" + fullPageBase + "topics/shell-exec-form.md)"},
	"CMD":         {"[셸 형식과 exec 형식](" + fullPageBase + "topics/shell-exec-form.md)"},
	"ENTRYPOINT":  {"[셸 형식과 exec 형식](" + fullPageBase + "topics/shell-exec-form.md)"},
	"SHELL":       {"[셸 형식과 exec 형식](" + fullPageBase + "topics/shell-exec-form.md)"},
	"HEALTHCHECK": {"[셸 형식과 exec 형식](" + fullPageBase + "topics/shell-exec-form.md)"},
	"COPY":        {"[`.dockerignore`](" + fullPageBase + "topics/dockerignore.md)"},
	"ADD":         {"[`.dockerignore`](" + fullPageBase + "topics/dockerignore.md)"},
}

// shortPage is a page of docs/ cut to fit a screen next to used lines
// already taken (extraLinks go before the page's own closing links): the title, the syntax, (when full) the example and the
// first pitfalls, and the links. When that is too long, the syntax keeps
// only its forms (the lines starting with the keyword), then the pitfalls
// and the example go, in that order.
func shortPage(md, path string, full bool, used int, extraLinks ...string) string {
	p := parsePage(md)
	links := append(append([]string(nil), extraLinks...), p.links...)
	syntax := firstCode(p.sections[secSyntax])
	example, pitfalls := "", []string(nil)
	if full {
		example = firstCode(p.sections[secExample])
		pitfalls = bullets(p.sections[secPitfalls], maxPitfalls)
	}
	build := func(syntax, example string, pitfalls []string) string {
		parts := []string{p.title}
		if syntax != "" {
			parts = append(parts, "**"+secSyntax+"**\n"+syntax)
		}
		if example != "" {
			parts = append(parts, "**"+secExample+"**\n"+example)
		}
		if len(pitfalls) > 0 {
			parts = append(parts, "**"+secPitfalls+"**\n\n"+strings.Join(pitfalls, "\n"))
		}
		return strings.Join(append(parts, linkLine(path, links)), "\n\n")
	}
	forms := syntaxForms(syntax, p.title)
	tries := []string{
		build(syntax, example, pitfalls),
		build(forms, example, pitfalls),
	}
	for n := len(pitfalls) - 1; n >= 0; n-- {
		tries = append(tries, build(forms, example, pitfalls[:n]))
	}
	tries = append(tries, build(forms, "", nil))
	for _, md := range tries {
		if used+ScreenLines(md) <= MaxScreenLines {
			return md
		}
	}
	return tries[len(tries)-1]
}

// syntaxForms keeps of a syntax block only its forms: the lines that start
// with the page's keyword (the bold word of its title).
func syntaxForms(code, title string) string {
	kw := strings.TrimPrefix(title, "**")
	if i := strings.Index(kw, "**"); i > 0 {
		kw = kw[:i]
	}
	var keep []string
	for _, l := range strings.Split(code, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || (kw != "" && strings.HasPrefix(t, kw+" ")) {
			keep = append(keep, l)
		}
	}
	if len(keep) <= 2 { // fences only
		return code
	}
	return strings.Join(keep, "\n")
}

// Screen size of a hover.
const (
	// MaxScreenLines is the most lines a hover may take on screen.
	MaxScreenLines = 25
	// screenColumns is a hover's width in columns of a Latin letter (a
	// Hangul syllable takes two): VS Code's hover is at most 500 px wide,
	// some 80 columns of the editor's font.
	screenColumns = 80
)

var mdLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

// ScreenLines estimates the lines Markdown takes in a hover: every
// non-blank line but code fences, a long line wrapped at screenColumns
// (link targets and emphasis marks are not shown).
func ScreenLines(md string) int {
	n := 0
	for _, l := range strings.Split(md, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "```") {
			continue
		}
		t = mdLink.ReplaceAllString(t, "$1")
		t = strings.NewReplacer("**", "", "`", "").Replace(t)
		width := 0
		for _, r := range t {
			if utf8.RuneLen(r) >= 3 { // Hangul and other wide characters
				width += 2
			} else {
				width++
			}
		}
		n += (width + screenColumns - 1) / screenColumns
	}
	return n
}

// ruleShort is the hover of a finding: the rule's one-line explanation, how
// to fix it and the good example, linking the full page.
func ruleShort(rule string) string {
	return memo("rule\x00"+rule, func() string { return ruleShortPage(rule) })
}

func ruleShortPage(rule string) string {
	md := docs.Rule(rule)
	if md == "" {
		return ""
	}
	p := parsePage(md)
	parts := []string{p.title}
	fix := blocks(p.sections[secFix])
	if len(fix) > 0 && !strings.HasPrefix(strings.TrimSpace(fix[0]), "```") {
		parts = append(parts, fix[0])
	}
	// The good example: the code block after the last "…:" label, which
	// the pages write as 나쁜 예: then 좋은 예:.
	var good string
	for i, b := range fix {
		if strings.HasPrefix(strings.TrimSpace(b), "```") && i > 0 && strings.HasPrefix(strings.TrimSpace(fix[i-1]), "좋은 예") {
			good = b
		}
	}
	if good != "" {
		parts = append(parts, "**좋은 예**\n"+good)
	}
	parts = append(parts, linkLine("rules/"+rule+".md", p.links))
	return strings.Join(parts, "\n\n")
}

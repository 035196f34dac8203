package hover

import (
	"context"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// A minimal line of every instruction, to hover its keyword.
var instructionLines = map[string]string{
	"FROM": "FROM alpine:3.20", "RUN": "RUN true", "CMD": `CMD ["true"]`, "LABEL": "LABEL a=b",
	"MAINTAINER": "MAINTAINER me", "EXPOSE": "EXPOSE 80", "ENV": "ENV A=b", "ADD": "ADD a /b",
	"COPY": "COPY a /b", "ENTRYPOINT": `ENTRYPOINT ["true"]`, "VOLUME": "VOLUME /v", "USER": "USER u",
	"WORKDIR": "WORKDIR /w", "ARG": "ARG A", "ONBUILD": "ONBUILD RUN true", "STOPSIGNAL": "STOPSIGNAL SIGTERM",
	"HEALTHCHECK": "HEALTHCHECK CMD true", "SHELL": `SHELL ["/bin/sh", "-c"]`,
}

// Every instruction hover and every rule hover (alone, and on a line of
// each instruction, the rule first) fits on a screen, and each links its
// full page.
func TestHoversFitOnAScreen(t *testing.T) {
	ctx := context.Background()
	for _, name := range dockerfile.Known {
		line, ok := instructionLines[name]
		if !ok {
			t.Fatalf("no sample line for %s", name)
		}
		text := "FROM alpine:3.20\n" + line + "\n"
		m := dockerfile.Parse(text)
		h := Hover(ctx, m, strings.LastIndex(text, line), nil)
		if h == nil {
			t.Errorf("%s: no hover", name)
			continue
		}
		if n := ScreenLines(h.Markdown); n > MaxScreenLines {
			t.Errorf("%s: the hover takes %d lines, more than %d:\n%s", name, n, MaxScreenLines, h.Markdown)
		}
		if !strings.Contains(h.Markdown, "[전체 설명]("+fullPageBase+"instructions/"+strings.ToLower(name)+".md)") {
			t.Errorf("%s: the hover does not link its full page:\n%s", name, h.Markdown)
		}
		for _, rule := range ruleNames(t) {
			f := Finding{Code: rule, Span: m.Instructions[1].Span}
			h := Hover(ctx, m, strings.LastIndex(text, line), nil, f)
			if n := ScreenLines(h.Markdown); n > MaxScreenLines {
				t.Errorf("%s on %s: the hover takes %d lines, more than %d:\n%s", rule, name, n, MaxScreenLines, h.Markdown)
			}
			if !strings.HasPrefix(h.Markdown, "**"+rule+"**") || !strings.Contains(h.Markdown, "[전체 설명]("+fullPageBase+"rules/"+rule+".md)") {
				t.Errorf("%s on %s: the rule does not come first or lacks the link to its page:\n%s", rule, name, h.Markdown)
			}
		}
	}
}

// ruleNames are the rules with a page in docs/rules.
func ruleNames(t *testing.T) []string {
	var out []string
	for name := range docs.RuleMessages() {
		if docs.Rule(name) != "" {
			out = append(out, name)
		}
	}
	if len(out) < 30 {
		t.Fatalf("only %d rule pages", len(out))
	}
	return out
}

// ScreenLines counts what a hover shows: no blank lines or code fences,
// links by their text, a long line wrapped (a Hangul syllable is two
// columns wide).
func TestScreenLines(t *testing.T) {
	long := strings.Repeat("가", 41) // 82 columns: two lines
	md := "**A** — x\n\n```dockerfile\nRUN a\n```\n\n[글](https://example.com/" + strings.Repeat("x", 200) + ")\n\n" + long
	if got := ScreenLines(md); got != 5 {
		t.Errorf("ScreenLines = %d, want 5", got)
	}
}

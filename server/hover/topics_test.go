package hover

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// topicLinkRe finds links to the topic pages of docs/.
var topicLinkRe = regexp.MustCompile(regexp.QuoteMeta(fullPageBase) + `topics/([a-z-]+)\.md`)

// The topic pages are reached from the hovers where a learner needs them:
// shell vs exec form from RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK and from a
// variable the shell expands, variable substitution from a variable BuildKit
// substitutes, .dockerignore from COPY/ADD; and every linked page exists.
func TestHoversLinkTopicPages(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		text, at, topic string
	}{
		{"FROM alpine:3.20\nRUN echo hi\n", "RUN", "shell-exec-form"},
		{"FROM alpine:3.20\nCMD [\"node\"]\n", "CMD", "shell-exec-form"},
		{"FROM alpine:3.20\nENTRYPOINT [\"node\"]\n", "ENTRYPOINT", "shell-exec-form"},
		{"FROM alpine:3.20\nSHELL [\"/bin/bash\", \"-c\"]\n", "SHELL", "shell-exec-form"},
		{"FROM alpine:3.20\nHEALTHCHECK CMD true\n", "HEALTHCHECK", "shell-exec-form"},
		{"FROM alpine:3.20\nCOPY . /app\n", "COPY", "dockerignore"},
		{"FROM alpine:3.20\nADD a.tar /app\n", "ADD", "dockerignore"},
		{"FROM alpine:3.20\nARG V=1\nRUN echo $V\n", "$V", "shell-exec-form"},
		{"FROM alpine:3.20\nARG V=1\nWORKDIR /app/$V\n", "$V", "variables"},
	}
	for _, tc := range cases {
		m := dockerfile.Parse(tc.text)
		h := Hover(ctx, m, strings.LastIndex(tc.text, tc.at)+1, nil)
		if h == nil {
			t.Errorf("%q at %s: no hover", tc.text, tc.at)
			continue
		}
		var linked []string
		for _, l := range topicLinkRe.FindAllStringSubmatch(h.Markdown, -1) {
			linked = append(linked, l[1])
			if docs.Topic(l[1]) == "" {
				t.Errorf("%q at %s links topics/%s.md, which docs/ does not have", tc.text, tc.at, l[1])
			}
		}
		if !strings.Contains(strings.Join(linked, " "), tc.topic) {
			t.Errorf("%q at %s links topics %v, want %s:\n%s", tc.text, tc.at, linked, tc.topic, h.Markdown)
		}
	}
}

package completion

import (
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/compose"
	"github.com/dockerlab/dockerlab/server/docker"
)

// at completes text at its `|`.
func composeAt(t *testing.T, text string, opts ComposeOptions) (*List, string) {
	t.Helper()
	off := strings.Index(text, "|")
	text = text[:off] + text[off+1:]
	return Compose(compose.Parse(text), off, opts), text
}

func composeLabels(l *List) string {
	if l == nil {
		return ""
	}
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Label)
	}
	return strings.Join(out, ",")
}

// After `target:` the stages of the service's Dockerfile, read through
// Stages with the path the service builds from.
func TestComposeTargetStages(t *testing.T) {
	var asked string
	opts := ComposeOptions{Stages: func(p string) []string { asked = p; return []string{"build", "dev"} }}
	l, _ := composeAt(t, "services:\n  app:\n    build:\n      context: ./app\n      dockerfile: dev.Dockerfile\n      target: |\n", opts)
	if composeLabels(l) != "build,dev" || asked != "app/dev.Dockerfile" {
		t.Errorf("stages %q, asked for %q", composeLabels(l), asked)
	}
	for _, it := range l.Items {
		if it.Markdown == "" || !strings.Contains(it.Detail, "app/dev.Dockerfile") {
			t.Errorf("item %+v: documented and naming the Dockerfile", it)
		}
	}
}

// After `image:` the local images, described as a Compose image (not a base image).
func TestComposeImages(t *testing.T) {
	imgs := &fakeImages{ready: true, imgs: []docker.Image{{ID: "sha256:" + strings.Repeat("a", 64), Tags: []string{"node:lts-alpine"}, Size: 1 << 20, Created: time.Now()}}}
	l, text := composeAt(t, "services:\n  app:\n    image: no|\n", ComposeOptions{Options: Options{Images: imgs, Now: time.Now()}})
	if composeLabels(l) != "node:lts-alpine" {
		t.Fatalf("images %q", composeLabels(l))
	}
	it := l.Items[0]
	if text[l.Span.Start:l.Span.End] != "no" || strings.Contains(it.Markdown, "베이스 이미지") || !strings.Contains(it.Markdown, "compose-file/services/#image") {
		t.Errorf("span %q, markdown %q", text[l.Span.Start:l.Span.End], it.Markdown)
	}
	// Not in a comment.
	if l, _ := composeAt(t, "services:\n  app:\n    # image: no|\n", ComposeOptions{Options: Options{Images: imgs}}); l != nil {
		t.Errorf("completion in a comment: %q", composeLabels(l))
	}
}

// Keys on a half-written line (not YAML yet): the schema's keys, with the
// Korean page where dockerlab has one and a snippet for a list.
func TestComposeKeysOnHalfWrittenFile(t *testing.T) {
	l, _ := composeAt(t, "services:\n  app:\n    por|\n  db:\n    image: x\n", ComposeOptions{Options: Options{Snippets: true}})
	var ports *Item
	for i := range l.Items {
		if l.Items[i].Label == "ports" {
			ports = &l.Items[i]
		}
	}
	if ports == nil || ports.Doc != "compose/services/ports" || ports.Text != "ports:\n\t- $0" || !ports.Snippet {
		t.Fatalf("ports item %+v in %q", ports, composeLabels(l))
	}
	if Documentation(ports.Doc) == "" {
		t.Error("no Korean page behind the ports item")
	}
}

// `no` is offered quoted, as the reference writes it, and without its
// quotes inside quotes the learner already typed.
func TestComposeRestartNoQuoted(t *testing.T) {
	l, _ := composeAt(t, "services:\n  app:\n    restart: |\n", ComposeOptions{})
	if l == nil || l.Items[0].Text != `"no"` {
		t.Fatalf("restart values %+v", l)
	}
	l, _ = composeAt(t, "services:\n  app:\n    restart: \"|\"\n", ComposeOptions{})
	if l == nil || l.Items[0].Text != "no" {
		t.Fatalf("inside quotes %+v", l)
	}
}

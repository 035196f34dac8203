package lsp

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"go.lsp.dev/protocol"
)

// TestCompletionImagesOnRealEngine imports two tiny images into the real
// dockerd (the engine API's import, as `docker import` does; nothing is
// pulled), and checks that completion after FROM proposes them with their
// size and age, the most recent first. A missing engine fails the test:
// engine tests never skip.
func TestCompletionImagesOnRealEngine(t *testing.T) {
	ctx := enginetest.Timeout(t, 2*time.Minute)
	api := enginetest.API(t)
	suffix := fmt.Sprintf("t%d", time.Now().UnixNano())
	older := "dockerlab-test/completion-older:" + suffix
	newer := "dockerlab-test/completion-newer:" + suffix
	for i, ref := range []string{older, newer} {
		enginetest.ImportImage(t, ctx, api, ref, fmt.Sprintf("dockerlab completion test %d\n", i), "LABEL dockerlab.test=completion")
	}

	cli, _ := enginetest.Connect(t, engine.New)
	e := startServer(t, Options{Engine: cli, Images: cli})
	e.initialize(map[string]any{"trusted": true})
	const uri = "file:///lab/completion/Dockerfile"
	e.open(uri, "FROM \n", 1)

	var list *protocol.CompletionList
	deadline := time.After(waitTimeout)
	for {
		list = completeAt(t, e, uri, 0, 5, " ")
		labels := completionLabels(list)
		if !list.IsIncomplete && contains(labels, older) && contains(labels, newer) {
			break
		}
		select {
		case <-deadline:
			t.Fatalf("imported images never proposed: %v incomplete=%v", labels, list.IsIncomplete)
		case <-time.After(20 * time.Millisecond):
		}
	}

	// The engine's own list tells each tag's creation time.
	imgs, err := cli.Images(ctx)
	if err != nil {
		t.Fatal(err)
	}
	created := map[string]time.Time{}
	for _, img := range imgs {
		for _, tag := range img.Tags {
			created[tag] = img.Created
		}
	}
	detailRe := regexp.MustCompile(`^로컬 이미지 · [0-9.]+(B|kB|MB|GB|TB) · (방금 전|[0-9]+(분|시간|일|주|개월|년) 전)$`)
	var prev time.Time
	var prevLabel string
	pos := map[string]int{}
	for i, it := range list.Items {
		if it.Kind != protocol.CompletionItemKindModule || it.Label == "scratch" {
			continue
		}
		pos[it.Label] = i
		if !detailRe.MatchString(it.Detail) {
			t.Errorf("%s: detail %q has no size and age", it.Label, it.Detail)
		}
		c, ok := created[it.Label]
		if !ok {
			continue // made or removed by another test meanwhile
		}
		if !prev.IsZero() && c.After(prev) {
			t.Errorf("%s (%s) comes after the older %s (%s)", it.Label, c, prevLabel, prev)
		}
		prev, prevLabel = c, it.Label
	}
	for _, ref := range []string{older, newer} {
		t.Logf("%s: %s", ref, list.Items[pos[ref]].Detail)
		if d := list.Items[pos[ref]].Detail; !strings.HasSuffix(d, "방금 전") && !strings.HasSuffix(d, "1분 전") {
			t.Errorf("%s: detail %q, want an age of about now", ref, d)
		}
	}
	if created[newer].After(created[older]) && pos[newer] > pos[older] {
		t.Errorf("%s was made later but comes after %s", newer, older)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

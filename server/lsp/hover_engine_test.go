package lsp

import (
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"go.lsp.dev/protocol"
)

// The base-image hover shows what the local engine knows (an image made by
// `docker import`, never pulled) and says a missing image will be pulled.
func TestImageHoverFromEngine(t *testing.T) {
	_, opts := connectReal(t)
	api := enginetest.API(t)
	ctx := enginetest.Timeout(t, time.Minute)
	enginetest.ImportImage(t, ctx, api, "dockerlab-test/hover:1.0", "hello from the hover test", "LABEL dockerlab.test=completion")

	e := startServer(t, opts)
	e.initialize(map[string]any{"trusted": true})
	const uri = "file:///x/Dockerfile"
	text := "FROM dockerlab-test/hover:1.0\nFROM dockerlab-test/not-here:9\n"
	e.open(uri, text, 1)
	hoverAt := func(line uint32) string {
		var h *protocol.Hover
		if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": line, "character": 8}}, &h); err != nil || h == nil {
			t.Fatalf("hover: %v %v", h, err)
		}
		return h.Contents.Value
	}
	// The first hover may answer before the engine does (it waits at most
	// 300 ms); the look-up finishes in the background and the next hover
	// reads it from the cache.
	var local string
	waitFor(t, func() bool { local = hoverAt(0); return strings.Contains(local, "로컬 엔진에 있는 이미지") })
	for _, want := range []string{"| 크기 |", "linux/amd64", "`dockerlab-test/hover:1.0`", "| ID |"} {
		if !strings.Contains(local, want) {
			t.Errorf("local image hover lacks %q:\n%s", want, local)
		}
	}
	var missing string
	waitFor(t, func() bool { missing = hoverAt(1); return strings.Contains(missing, "받아 옵니다") })
}

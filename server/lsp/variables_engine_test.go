package lsp

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/enginetest"

	"go.lsp.dev/protocol"
)

// A variable of the base image's environment, on an image the local engine
// has (the lab's node:lts-alpine, made by make-lab-image.sh with
// NODE_VERSION and YARN_VERSION in its environment like the official node
// images): the hover reads its value from the engine's image config, and
// BuildKit's UndefinedVar, fed the same config, stays quiet about it while
// still reporting a variable the image does not define.
func TestBaseImageVariablesFromEngine(t *testing.T) {
	cli, opts := connectReal(t)
	ctx := enginetest.Timeout(t, time.Minute)
	img, err := cli.ImageInspect(ctx, labBaseImage)
	if err != nil {
		t.Fatalf("the engine has no %s (run scripts/make-lab-image.sh): %v", labBaseImage, err)
	}
	env := map[string]string{}
	for _, kv := range img.Env {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	if env["NODE_VERSION"] == "" || env["YARN_VERSION"] == "" {
		t.Fatalf("%s lacks NODE_VERSION or YARN_VERSION in its environment: %v", labBaseImage, img.Env)
	}

	e := startServer(t, opts)
	e.initialize(map[string]any{"trusted": true})
	const uri = "file:///base-env/Dockerfile"
	text := "FROM " + labBaseImage + "\nRUN echo $NODE_VERSION\nLABEL yarn=\"$YARN_VERSION\" nope=\"$NOPE_NOT_IN_IMAGE\"\n"
	e.open(uri, text, 1)
	hoverAt := func(line, char uint32) string {
		var h *protocol.Hover
		if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
			"position": map[string]any{"line": line, "character": char}}, &h); err != nil || h == nil {
			t.Fatalf("hover: %v %v", h, err)
		}
		return h.Contents.Value
	}
	// The first hover may answer before the engine does; the look-up ends
	// in the background and a later hover reads it from the cache.
	want := "베이스 이미지 `" + labBaseImage + "`에 정의된 값: `" + env["NODE_VERSION"] + "`"
	var got string
	waitFor(t, func() bool { got = hoverAt(1, uint32(len("RUN echo $"))); return strings.Contains(got, want) })
	if strings.Contains(got, "정의되지 않은") || strings.Contains(got, "빈 문자열") || !strings.Contains(got, "셸이") {
		t.Errorf("the hover of $NODE_VERSION in RUN:\n%s", got)
	}
	got = hoverAt(2, uint32(len("LABEL yarn=\"$")))
	if !strings.Contains(got, "`"+env["YARN_VERSION"]+"`") {
		t.Errorf("the hover of $YARN_VERSION in LABEL lacks the image's value %s:\n%s", env["YARN_VERSION"], got)
	}
	got = hoverAt(2, uint32(strings.Index(text[strings.LastIndex(text, "LABEL"):], "NOPE_NOT")))
	if !strings.Contains(got, "정의되지 않은") || !strings.Contains(got, "베이스 이미지 `"+labBaseImage+"`의 환경 변수에도 없습니다") {
		t.Errorf("the hover of a variable the known image lacks:\n%s", got)
	}

	// Diagnostics are computed again once the engine has answered: then
	// UndefinedVar is certain, and names only the variable the image lacks.
	raw := e.waitNote("textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		return strings.Contains(string(p), "NOPE_NOT_IN_IMAGE")
	})
	var d protocol.PublishDiagnosticsParams
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	for _, diag := range d.Diagnostics {
		if diag.Code == "UndefinedVar" && (strings.Contains(diag.Message, "NODE_VERSION") || strings.Contains(diag.Message, "YARN_VERSION")) {
			t.Errorf("UndefinedVar on a variable of the base image: %s", diag.Message)
		}
	}
}

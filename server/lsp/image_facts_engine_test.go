package lsp

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/moby/moby/client"
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

// A base image the local engine has for another platform (an arm64 image
// loaded from an archive made here, never pulled) is reported by
// BuildKit's InvalidBaseImagePlatform once the engine has answered.
func TestInvalidBaseImagePlatformFromEngine(t *testing.T) {
	_, opts := connectReal(t)
	api := enginetest.API(t)
	ctx := enginetest.Timeout(t, time.Minute)
	ref := enginetest.Name("dockerlab-test/arm") + ":1" // its own name: other runs load the same archive
	// dockerd 20.10 ignores the platform of an import, so load an image
	// archive (the `docker save` format) whose config says arm64.
	res, err := api.ImageLoad(ctx, bytes.NewReader(armImageArchive(t, ref)))
	if err != nil {
		t.Fatalf("loading %s: %v", ref, err)
	}
	out, _ := io.ReadAll(res)
	res.Close()
	if bytes.Contains(out, []byte(`"error"`)) {
		t.Fatalf("loading %s: %s", ref, out)
	}
	t.Cleanup(func() {
		cctx, ccancel := context.WithTimeout(context.Background(), time.Minute)
		defer ccancel()
		_, _ = api.ImageRemove(cctx, ref, client.ImageRemoveOptions{Force: true})
	})

	e := startServer(t, opts)
	e.initialize(map[string]any{"trusted": true})
	const uri = "file:///platform/Dockerfile"
	e.open(uri, "FROM "+ref+"\nCMD [\"/hello\"]\n", 1)
	raw := e.waitNote("textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		return strings.Contains(string(p), "InvalidBaseImagePlatform")
	})
	if !strings.Contains(string(raw), "arm64") {
		t.Fatalf("diagnostic does not name the image's platform: %s", raw)
	}
}

// armImageArchive makes a one-layer linux/arm64 image in the archive format
// of `docker save`, tagged ref.
func armImageArchive(t *testing.T, ref string) []byte {
	tarOf := func(files map[string][]byte, order []string) []byte {
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		for _, name := range order {
			if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(files[name])), ModTime: time.Unix(0, 0)}); err != nil {
				t.Fatal(err)
			}
			if _, err := tw.Write(files[name]); err != nil {
				t.Fatal(err)
			}
		}
		if err := tw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	layer := tarOf(map[string][]byte{"hello": []byte("hi\n")}, []string{"hello"})
	sum := sha256.Sum256(layer)
	diffID := "sha256:" + hex.EncodeToString(sum[:])
	config, _ := json.Marshal(map[string]any{
		"architecture": "arm64", "os": "linux",
		"rootfs": map[string]any{"type": "layers", "diff_ids": []string{diffID}},
		"config": map[string]any{"Cmd": []string{"/hello"}},
	})
	csum := sha256.Sum256(config)
	configName := hex.EncodeToString(csum[:]) + ".json"
	layerName := hex.EncodeToString(sum[:]) + "/layer.tar"
	manifest, _ := json.Marshal([]map[string]any{{"Config": configName, "RepoTags": []string{ref}, "Layers": []string{layerName}}})
	return tarOf(map[string][]byte{"manifest.json": manifest, configName: config, layerName: layer},
		[]string{configName, layerName, "manifest.json"})
}

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

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
)

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

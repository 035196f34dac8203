package engine

import (
	"archive/tar"
	"bytes"
	"context"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/moby/moby/client"
)

// ImageInspect reports the config a build FROM the image starts with: its
// environment, working directory and user (an image imported here with
// those set, never pulled).
func TestImageInspectConfig(t *testing.T) {
	c, _ := newTestClient(t)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	ref := uniqueName("dockerlab-engine-test-config") + ":1"
	var layer bytes.Buffer
	tw := tar.NewWriter(&layer)
	if err := tw.WriteHeader(&tar.Header{Name: "hello.txt", Mode: 0o644, Size: 3, ModTime: time.Unix(0, 0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(tw, "hi\n"); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	cleanupImage(t, c, ref)
	res, err := c.api.ImageImport(ctx, client.ImageImportSource{Source: &layer, SourceName: "-"}, ref,
		client.ImageImportOptions{Changes: []string{"ENV TOOL_VERSION=1.2.3", "WORKDIR /work", "USER 1000", "LABEL " + testLabel + "=1"}})
	if err != nil {
		t.Fatalf("importing %s: %v", ref, err)
	}
	out, err := io.ReadAll(res)
	res.Close()
	if err != nil || bytes.Contains(out, []byte(`"error"`)) {
		t.Fatalf("importing %s: %v %s", ref, err, out)
	}

	img, err := c.ImageInspect(ctx, ref)
	if err != nil {
		t.Fatalf("ImageInspect: %v", err)
	}
	if !slices.Contains(img.Env, "TOOL_VERSION=1.2.3") || img.WorkingDir != "/work" || img.User != "1000" || img.OS == "" {
		t.Errorf("ImageInspect = %+v, want Env with TOOL_VERSION=1.2.3, WorkingDir /work, User 1000 and an OS", img)
	}
}

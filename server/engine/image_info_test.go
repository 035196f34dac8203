package engine

import (
	"slices"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/enginetest"
)

// ImageInspect reports the config a build FROM the image starts with: its
// environment, working directory and user (an image imported here with
// those set, never pulled).
func TestImageInspectConfig(t *testing.T) {
	c, _ := enginetest.Connect(t, New)
	ctx := enginetest.Timeout(t, time.Minute)
	ref := enginetest.Name("dockerlab-engine-test-config") + ":1"
	enginetest.ImportImage(t, ctx, c.api, ref, "hi\n", "ENV TOOL_VERSION=1.2.3", "WORKDIR /work", "USER 1000", "LABEL "+testLabel+"=1")

	img, err := c.ImageInspect(ctx, ref)
	if err != nil {
		t.Fatalf("ImageInspect: %v", err)
	}
	if !slices.Contains(img.Env, "TOOL_VERSION=1.2.3") || img.WorkingDir != "/work" || img.User != "1000" || img.OS == "" {
		t.Errorf("ImageInspect = %+v, want Env with TOOL_VERSION=1.2.3, WorkingDir /work, User 1000 and an OS", img)
	}
}

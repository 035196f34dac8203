package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/internal/testfs"
	"github.com/moby/moby/api/types/build"
)

// record makes TestRecordInsight record the build insight fixtures again
// from the engine of DOCKER_HOST (else the default socket):
//
//	go test ./server/engine -run TestRecordInsight -record
//	DOCKER_HOST=unix://... go test ./server/engine -run TestRecordInsight -record
//
// A person reviews the new files before committing them.
var record = flag.Bool("record", false, "record testdata/insight/<engine> from the engine")

// insightDir holds the recorded build insight fixtures, one directory per
// engine ("20.10", "29.8"), each with, per builder ("classic",
// "buildkit"): <builder>-build.jsonl, the raw /build message stream of a
// --no-cache build of testdata/lab; <builder>-rebuild.jsonl, the stream of
// the same build again (every step cached); <builder>-change.jsonl, the
// build of a copy with src/static/js/app.js changed (COPY . . and the
// steps after it run again); <builder>-history.json, the
// built image's history as the engine's history API returned it (newest
// first).
const insightDir = "testdata/insight"

// labDir is the lab's app, the build every learner starts with.
const labDir = "../../testdata/lab"

// engineDirRe takes an engine version's major and minor ("20.10" of
// "20.10.24+dfsg1").
var engineDirRe = regexp.MustCompile(`^\d+\.\d+`)

// TestRecordInsight records the fixtures with -record; without it there is
// nothing to do (the fixtures' own tests replay them, see
// insight_fixture_test.go).
func TestRecordInsight(t *testing.T) {
	if !*record {
		t.Skip("records the fixtures only with -record")
	}
	c, info := enginetest.Connect(t, New)
	dir := filepath.Join(insightDir, engineDirRe.FindString(info.Version))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	lab, err := filepath.Abs(labDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range buildersOf(t, info) {
		// The lab builds without labels, so the fixtures do too.
		tag := enginetest.Name("dockerlab-insight-record") + ":latest"
		cleanupImage(t, c, tag)
		req := docker.BuildRequest{ContextDir: lab, Dockerfile: "Dockerfile", Tag: tag, Builder: b, NoCache: true}
		recordBuild(t, c, req, filepath.Join(dir, b.String()+"-build.jsonl"))
		req.NoCache = false
		recordBuild(t, c, req, filepath.Join(dir, b.String()+"-rebuild.jsonl"))
		// A copy with one file under src/ changed: COPY . . misses the
		// cache and every step after it runs again.
		changed := t.TempDir()
		testfs.Copy(t, lab, changed)
		testfs.Write(t, changed, map[string]string{"src/static/js/app.js": "// changed by TestRecordInsight\n"})
		changedTag := enginetest.Name("dockerlab-insight-record") + ":latest"
		cleanupImage(t, c, changedTag)
		recordBuild(t, c, docker.BuildRequest{ContextDir: changed, Dockerfile: "Dockerfile", Tag: changedTag, Builder: b},
			filepath.Join(dir, b.String()+"-change.jsonl"))
		h, err := c.api.ImageHistory(t.Context(), tag)
		if err != nil {
			t.Fatal(err)
		}
		js, err := json.MarshalIndent(h.Items, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, b.String()+"-history.json"), append(js, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// recordBuild runs req as Build does and writes the engine's raw message
// stream to file.
func recordBuild(t *testing.T, c *Client, req docker.BuildRequest, file string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	version := build.BuilderV1
	if req.Builder == docker.BuilderBuildKit {
		version = build.BuilderBuildKit
	}
	pr, pw := io.Pipe()
	go func() {
		_, err := writeContextTar(pw, req.ContextDir, req.Dockerfile)
		pw.CloseWithError(err)
	}()
	defer pr.Close()
	res, err := c.api.ImageBuild(ctx, pr, buildOptions(req, req.Dockerfile, version))
	if err != nil {
		t.Fatalf("ImageBuild: %v", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	s := newBuildStream(io.Discard, version == build.BuilderBuildKit)
	if err := s.read(bytes.NewReader(raw)); err != nil || s.errMsg != "" {
		t.Fatalf("recorded build failed: %v %s\n%s", err, s.errMsg, raw)
	}
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("recorded %s (%d bytes)\n", file, len(raw))
}

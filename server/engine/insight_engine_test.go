package engine

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/internal/testfs"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// labBaseImage is the lab's base image, made offline by
// scripts/make-lab-image.sh (nothing is pulled).
const labBaseImage = "node:lts-alpine"

// labRun is the lab Dockerfile's RUN instruction.
const labRun = "RUN yarn install --production"

// TestBuildInsight builds testdata/lab with each builder the engine has,
// without the cache and then again: the insight names the steps, times
// the RUN, finds its layer and the configuration-only CMD in the image's
// history, counts the context .dockerignore keeps, and on the rebuild
// reports the RUN from the cache in the same image.
func TestBuildInsight(t *testing.T) {
	c, info := enginetest.Connect(t, New)
	if _, err := c.api.ImageInspect(t.Context(), labBaseImage); err != nil {
		t.Fatalf("the engine lacks %s (run scripts/make-lab-image.sh): %v", labBaseImage, err)
	}
	lab, err := filepath.Abs(labDir)
	if err != nil {
		t.Fatal(err)
	}
	want := labContext(t, lab)
	for _, b := range buildersOf(t, info) {
		t.Run(b.String(), func(t *testing.T) { testBuildInsight(t, c, b, lab, want) })
	}
}

func testBuildInsight(t *testing.T, c *Client, b docker.Builder, lab string, want map[string]int64) {
	ctx := enginetest.Timeout(t, 5*time.Minute)
	tag := enginetest.Name("dockerlab-engine-test-insight") + ":latest"
	cleanupImage(t, c, tag)
	req := docker.BuildRequest{ContextDir: lab, Tag: tag, Builder: b, NoCache: true, Labels: map[string]string{testLabel: "1"}}
	// No RemoveIntermediates: the classic builder's output names the base
	// image's ID too, and on Engine 29 nothing would keep it from removal.
	// Removing the tag (cleanupImage) prunes this build's own layers.
	var out enginetest.Buffer
	res, err := c.Build(ctx, req, &out)
	if err != nil {
		t.Fatalf("Build: %v\n%s", err, out.String())
	}
	in := res.Insight
	if in.Started.IsZero() || !in.Finished.After(in.Started) {
		t.Errorf("build ran %v → %v", in.Started, in.Finished)
	}
	run := insightRun(t, b, in.Steps)
	if run.Cached || run.Duration() <= 0 || run.Error != "" || run.Started.Before(in.Started) || run.Completed.After(in.Finished) {
		t.Errorf("RUN step %+v (%v) in a --no-cache build %v → %v", run, run.Duration(), in.Started, in.Finished)
	}

	// History: oldest first, the lab's own rows newest (the test's label
	// adds a LABEL row with the classic builder).
	h := in.History
	if len(h) < 6 || h[0].Size == 0 {
		t.Fatalf("history %+v, want the base image first and a row per instruction", h)
	}
	newest := h[len(h)-6:]
	runRow := slices.IndexFunc(newest, func(e docker.HistoryEntry) bool { return strings.Contains(e.CreatedBy, "yarn install --production") })
	cmdRow := slices.IndexFunc(newest, func(e docker.HistoryEntry) bool { return strings.Contains(e.CreatedBy, `CMD ["node" "src/index.js"]`) })
	if runRow < 0 || cmdRow < 0 || newest[runRow].Size <= 0 || newest[cmdRow].Size != 0 || cmdRow < runRow {
		t.Errorf("newest history rows %+v: want the RUN with a layer, then the CMD without", newest)
	}
	var layers int64
	for _, e := range h {
		layers += e.Size
	}
	if in.ImageSize != layers || runRow >= 0 && in.ImageSize < h[0].Size+newest[runRow].Size {
		t.Errorf("image size %d; the layers add up to %d, the base's to %d", in.ImageSize, layers, h[0].Size)
	}

	// Context: what .dockerignore keeps, with each file's digest.
	checkLabContext(t, in.Context, lab, want)

	// Unchanged rebuild: the RUN comes from the cache.
	req.NoCache = false
	again, err := c.Build(ctx, req, &out)
	if err != nil {
		t.Fatalf("rebuild: %v\n%s", err, out.String())
	}
	if run := insightRun(t, b, again.Insight.Steps); !run.Cached {
		t.Errorf("rebuild's RUN step %+v, want it from the cache", run)
	}
	// The same image again: its facts are the ones asked after the first
	// build (remembered by ID).
	if again.ImageID != res.ImageID || !slices.Equal(again.Insight.History, h) || again.Insight.ImageSize != in.ImageSize {
		t.Errorf("rebuild made %s (history of %d rows, %d bytes), want %s as before", again.ImageID, len(again.Insight.History), again.Insight.ImageSize, res.ImageID)
	}
	if !maps.Equal(again.Insight.Context.Digests, in.Context.Digests) {
		t.Errorf("the unchanged context's digests changed:\n%v\n%v", in.Context.Digests, again.Insight.Context.Digests)
	}
	t.Logf("build %v (rebuild %v), %d steps, %d history rows, image %d bytes, context %d files %d bytes",
		in.Finished.Sub(in.Started), again.Insight.Finished.Sub(again.Insight.Started), len(in.Steps), len(h), in.ImageSize, in.Context.Files, in.Context.Bytes)
}

// BenchmarkBuildInsight measures what build insight adds to a build: each
// round builds a copy of testdata/lab with one file under src/ changed (COPY
// and RUN run again), then unchanged (every step cached), with each builder
// the engine has. Insight adds to a build only the wait, after the engine's
// stream ends, for the image's history (the steps and the context's digests
// are taken while the build runs); it reports that wait as a share of the
// builds' time (goal < 5%) and the mean build. Needs the lab's
// node:lts-alpine image (scripts/make-lab-image.sh).
//
//	go test ./server/engine -run '^$' -bench BuildInsight -benchtime 5x
func BenchmarkBuildInsight(b *testing.B) {
	c, info := enginetest.Connect(b, New)
	dir := b.TempDir()
	testfs.Copy(b, labDir, dir)
	for _, builder := range buildersOf(b, info) {
		b.Run(builder.String(), func(b *testing.B) {
			var total, wait time.Duration
			builds := 0
			build := func(tag string) {
				start := time.Now()
				res, err := c.Build(b.Context(), docker.BuildRequest{ContextDir: dir, Tag: tag, Builder: builder, Labels: map[string]string{testLabel: "1"}}, nil)
				end := time.Now()
				if err != nil {
					b.Fatalf("Build: %v", err)
				}
				total += end.Sub(start)
				wait += end.Sub(res.Insight.Finished)
				builds++
			}
			for i := 0; b.Loop(); i++ {
				// A tag per round, removed with the round: Engine 29 leaves
				// the classic builder's intermediate images behind when
				// several builds that share a parent are removed later.
				tag := enginetest.Name("dockerlab-engine-bench-insight") + ":latest"
				cleanupImage(b, c, tag)
				testfs.Write(b, dir, map[string]string{"src/static/js/app.js": fmt.Sprintf("// round %d of %s\n", i, tag)})
				build(tag)
				build(tag)
				if err := c.ImageRemove(b.Context(), tag); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(100*float64(wait)/float64(total), "insight-%")
			b.ReportMetric(float64(total.Milliseconds())/float64(builds), "build-ms")
		})
	}
}

// insightRun finds the lab's RUN among a build's steps: BuildKit's vertex
// "[4/4] RUN …", the classic builder's "Step 4/6 : RUN …".
func insightRun(t *testing.T, b docker.Builder, steps []docker.BuildStep) docker.BuildStep {
	t.Helper()
	i := slices.IndexFunc(steps, func(s docker.BuildStep) bool {
		if b == docker.BuilderBuildKit {
			return strings.HasSuffix(s.Vertex, "] "+labRun)
		}
		return s.Text == labRun && s.Step == 4
	})
	if i < 0 {
		t.Fatalf("no %q step in %s", labRun, dumpSteps(steps))
	}
	return steps[i]
}

// labContext lists the files of dir that its .dockerignore keeps, with
// their sizes, by asking the pattern matcher about each file (unlike
// writeContextTar, which skips excluded folders).
func labContext(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, dockerignoreName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]int64{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if excluded, err := pm.MatchesOrParentMatches(rel); err != nil || excluded {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		files[rel] = fi.Size()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := files["package.json"]; !ok {
		t.Fatalf("%s has no package.json: %v", dir, files)
	}
	return files
}

// checkLabContext compares the context a build reported with the files
// that should have been sent.
func checkLabContext(t *testing.T, got docker.BuildContext, dir string, want map[string]int64) {
	t.Helper()
	var bytes int64
	for _, n := range want {
		bytes += n
	}
	if got.Files != len(want) || got.Bytes != bytes {
		t.Errorf("context %d files, %d bytes; want %d, %d", got.Files, got.Bytes, len(want), bytes)
	}
	if keys := slices.Sorted(maps.Keys(got.Digests)); !slices.Equal(keys, slices.Sorted(maps.Keys(want))) {
		t.Errorf("digests of %q, want %q", keys, slices.Sorted(maps.Keys(want)))
	}
	pkg, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Digests["package.json"] != sha(string(pkg)) {
		t.Errorf("package.json digest %q, want %q", got.Digests["package.json"], sha(string(pkg)))
	}
	if len(got.Biggest) == 0 || got.Biggest[0].Bytes <= 0 {
		t.Errorf("biggest entries %+v", got.Biggest)
	}
}

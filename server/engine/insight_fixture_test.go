package engine

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/api/types/image"
)

// insightEngines are the engines whose recorded builds must all be there:
// Debian's dockerd and Docker Engine 29 (see TestRecordInsight).
var insightEngines = []string{"20.10", "29.8"}

// labInstructions are testdata/lab/Dockerfile's instructions, as the
// classic builder prints them after "Step n/6 : ".
var labInstructions = []string{
	"FROM node:lts-alpine",
	"WORKDIR /app",
	"COPY . .",
	"RUN yarn install --production",
	`CMD ["node", "src/index.js"]`,
	"EXPOSE 3000",
}

// labVertexRe matches BuildKit's names of the lab's four steps that run
// ("[3/4] COPY . ."): CMD and EXPOSE only set the image's configuration.
var labVertexRe = regexp.MustCompile(`^\[(\d)/4\] `)

// replay reads a recorded /build stream through the stream reader, with a
// fake clock, and returns the steps.
func replay(t *testing.T, file string) []docker.BuildStep {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := newBuildStream(io.Discard, strings.HasPrefix(filepath.Base(file), "buildkit-"))
	s.now = fakeClock()
	if err := s.read(f); err != nil || s.errMsg != "" {
		t.Fatalf("%s: %v %s", file, err, s.errMsg)
	}
	if s.imageID == "" {
		t.Errorf("%s: no image ID", file)
	}
	return s.steps()
}

// cachedOf lists the Cached flag of each step.
func cachedOf(steps []docker.BuildStep) []bool {
	out := make([]bool, len(steps))
	for i, s := range steps {
		out[i] = s.Cached
	}
	return out
}

// TestInsightClassicFixtures replays the classic builds of testdata/lab
// recorded on each engine: six steps with the Dockerfile's text; every
// step after FROM from the cache on the rebuild; after a change under
// src/, WORKDIR alone from the cache.
func TestInsightClassicFixtures(t *testing.T) {
	for _, engine := range insightEngines {
		t.Run(engine, func(t *testing.T) {
			dir := filepath.Join(insightDir, engine)
			for file, wantCached := range map[string][]bool{
				"classic-build.jsonl":   {false, false, false, false, false, false},
				"classic-rebuild.jsonl": {false, true, true, true, true, true},
				"classic-change.jsonl":  {false, true, false, false, false, false},
			} {
				steps := replay(t, filepath.Join(dir, file))
				var texts []string
				for i, s := range steps {
					texts = append(texts, s.Text)
					if s.Step != i+1 || s.Vertex != "" {
						t.Errorf("%s: step %d is %+v", file, i+1, s)
					}
					// The fake clock ticks once per reading: each step
					// lasts from its Step line to the next one.
					if s.Duration() <= 0 || (i > 0 && !steps[i-1].Completed.Equal(s.Started)) {
						t.Errorf("%s: step %d runs %v→%v after %v", file, i+1, s.Started, s.Completed, steps[max(i-1, 0)].Completed)
					}
				}
				if !slices.Equal(texts, labInstructions) {
					t.Errorf("%s: texts %q, want %q", file, texts, labInstructions)
				}
				if got := cachedOf(steps); !slices.Equal(got, wantCached) {
					t.Errorf("%s: cached %v, want %v", file, got, wantCached)
				}
			}
		})
	}
}

// TestInsightBuildKitFixtures replays the BuildKit builds of testdata/lab
// recorded on each engine: BuildKit's internal steps first (loading the
// context and the base image's metadata), the four steps that run in
// Dockerfile order, the image export last; the RUN took real time; on the
// rebuild WORKDIR, COPY and RUN come from the cache, after a change under
// src/ only WORKDIR does.
func TestInsightBuildKitFixtures(t *testing.T) {
	for _, engine := range insightEngines {
		t.Run(engine, func(t *testing.T) {
			dir := filepath.Join(insightDir, engine)
			for file, wantCached := range map[string][]bool{
				"buildkit-build.jsonl":   {false, false, false, false},
				"buildkit-rebuild.jsonl": {false, true, true, true},
				"buildkit-change.jsonl":  {false, true, false, false},
			} {
				steps := replay(t, filepath.Join(dir, file))
				var lab []docker.BuildStep
				for i, s := range steps {
					if i > 0 && s.Started.Before(steps[i-1].Started) {
						t.Errorf("%s: %q started before %q", file, s.Vertex, steps[i-1].Vertex)
					}
					if s.Step != 0 || s.Text != "" || s.Error != "" || s.Started.IsZero() || s.Completed.IsZero() {
						t.Errorf("%s: step %+v", file, s)
					}
					if labVertexRe.MatchString(s.Vertex) {
						lab = append(lab, s)
					}
				}
				if len(steps) < 6 || !strings.HasPrefix(steps[0].Vertex, "[internal] load ") || steps[len(steps)-1].Vertex != "exporting to image" {
					t.Errorf("%s: steps:\n%s", file, dumpSteps(steps))
				}
				var names []string
				for _, s := range lab {
					names = append(names, labVertexRe.ReplaceAllString(s.Vertex, ""))
				}
				// FROM names the image as BuildKit resolved it
				// ("docker.io/library/node:lts-alpine", with "@sha256:…"
				// on Engine 29).
				if len(names) != 4 || !strings.HasPrefix(names[0], "FROM docker.io/library/node:lts-alpine") ||
					!slices.Equal(names[1:], labInstructions[1:4]) {
					t.Fatalf("%s: the lab's steps are %q", file, names)
				}
				got := cachedOf(lab)
				if file == "buildkit-build.jsonl" {
					// BuildKit 0.8 (dockerd 20.10) may take WORKDIR from
					// its cache even in a --no-cache build: it did in the
					// recording. COPY and RUN ran.
					got[1] = false
				}
				if !slices.Equal(got, wantCached) {
					t.Errorf("%s: cached %v, want %v", file, got, wantCached)
				}
				if run := lab[3]; !run.Cached && run.Duration().Seconds() < 0.2 {
					t.Errorf("%s: yarn install ran for %v", file, run.Duration())
				}
			}
		})
	}
}

// TestInsightHistoryFixtures reads the recorded history of each build of
// testdata/lab: oldest first, the base image's row, then one row per
// instruction after FROM, each naming its instruction; the RUN added bytes,
// CMD and EXPOSE none.
func TestInsightHistoryFixtures(t *testing.T) {
	// What each row's CreatedBy holds, from the oldest row after the base
	// image's, by builder.
	want := map[string][]string{
		"classic":  {"#(nop) WORKDIR /app", "#(nop) COPY dir:", "/bin/sh -c yarn install --production", `#(nop)  CMD ["node" "src/index.js"]`, "#(nop)  EXPOSE 3000"},
		"buildkit": {"WORKDIR /app", "COPY . . # buildkit", "RUN /bin/sh -c yarn install --production # buildkit", `CMD ["node" "src/index.js"]`, "EXPOSE "},
	}
	for _, engine := range insightEngines {
		for _, builder := range []string{"classic", "buildkit"} {
			t.Run(engine+"/"+builder, func(t *testing.T) {
				h := recordedHistory(t, engine, builder)
				if len(h) != 6 || h[0].Comment != "Imported from -" || h[0].Size == 0 {
					t.Fatalf("history %+v, want the base image's row and five more", h)
				}
				for i, w := range want[builder] {
					e := h[i+1]
					if !strings.Contains(e.CreatedBy, w) {
						t.Errorf("row %d CreatedBy %q, want %q", i+1, e.CreatedBy, w)
					}
					if (builder == "buildkit") != (e.Comment == "buildkit.dockerfile.v0") {
						t.Errorf("row %d comment %q from %s", i+1, e.Comment, builder)
					}
					// BuildKit's rows have no image of their own but the
					// newest; the classic builder's have one each.
					if (e.ID == "") != (builder == "buildkit" && i < 4) || e.Created.IsZero() {
						t.Errorf("row %d ID %q, created %v", i+1, e.ID, e.Created)
					}
				}
				if run, cmd, expose := h[3], h[4], h[5]; run.Size <= 0 || cmd.Size != 0 || expose.Size != 0 {
					t.Errorf("sizes RUN %d, CMD %d, EXPOSE %d: want the RUN's layer only", run.Size, cmd.Size, expose.Size)
				}
			})
		}
	}
}

// recordedHistory is the recorded history of the lab's image built by
// builder on engine, as Build reports it.
func recordedHistory(t *testing.T, engine, builder string) []docker.HistoryEntry {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(insightDir, engine, builder+"-history.json"))
	if err != nil {
		t.Fatal(err)
	}
	var items []image.HistoryResponseItem
	if err := json.Unmarshal(raw, &items); err != nil {
		t.Fatal(err)
	}
	return historyEntries(items)
}

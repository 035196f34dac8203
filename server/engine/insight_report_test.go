package engine

import (
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/testfs"
)

var updateReports = flag.Bool("update-insight-reports", false, "rewrite testdata/insight/<engine>/<builder>-<case>.json at the repository root")

// reportDir is where the reports this package makes of the recorded builds
// live, for package lab to map to the Dockerfile (it cannot replay
// streams: it compiles without the engine's SDK).
const reportDir = "../../testdata/insight"

// TestInsightReports turns each recorded build of testdata/lab (see
// TestRecordInsight) into the docker.BuildResult that Build returns —
// steps from the stream, the builder's recorded history, the context
// written for the same files (for the change: src/static/js/app.js as the
// recording changed it) — and checks it against the report package lab's
// tests read. -update-insight-reports writes them.
func TestInsightReports(t *testing.T) {
	lab := "../../testdata/lab"
	changed := t.TempDir()
	testfs.Copy(t, lab, changed)
	testfs.Write(t, changed, map[string]string{"src/static/js/app.js": "// changed by TestRecordInsight\n"})
	contexts := map[string]docker.BuildContext{}
	for name, dir := range map[string]string{"build": lab, "rebuild": lab, "change": changed} {
		c, err := writeContextTar(io.Discard, dir, "Dockerfile")
		if err != nil {
			t.Fatal(err)
		}
		contexts[name] = c
	}
	for _, engine := range insightEngines {
		for _, builder := range []string{"classic", "buildkit"} {
			history := recordedHistory(t, engine, builder)
			for _, c := range []string{"build", "rebuild", "change"} {
				steps := replay(t, filepath.Join(insightDir, engine, builder+"-"+c+".jsonl"))
				res := docker.BuildResult{BuildKit: builder == "buildkit", Insight: docker.BuildInsight{
					Started: steps[0].Started, Finished: steps[len(steps)-1].Completed,
					Steps: steps, History: history, ImageSize: sumSizes(history), Context: contexts[c]}}
				got, err := json.MarshalIndent(res, "", " ")
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(reportDir, engine, builder+"-"+c+".json")
				if *updateReports {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./server/engine -run TestInsightReports -update-insight-reports)", err)
				}
				if string(want) != string(got)+"\n" {
					t.Errorf("%s is not what Build makes of the recording now; run go test ./server/engine -run TestInsightReports -update-insight-reports and review the change", path)
				}
			}
		}
	}
}

func sumSizes(h []docker.HistoryEntry) int64 {
	var n int64
	for _, e := range h {
		n += e.Size
	}
	return n
}

package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/protocol"
)

// hintsByLine asks for the inlay hints of the whole document and returns
// their labels by 1-based line.
func hintsByLine(t *testing.T, e *fakeEditor, uri string) map[int]string {
	t.Helper()
	var hints []inlayHint
	if err := e.call("textDocument/inlayHint", map[string]any{"textDocument": map[string]any{"uri": uri},
		"range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 100, "character": 0}}}, &hints); err != nil {
		t.Fatalf("inlayHint: %v", err)
	}
	out := map[int]string{}
	for _, h := range hints {
		out[int(h.Position.Line)+1] = h.Label
	}
	return out
}

var sizeRe = regexp.MustCompile(`\d(\.\d+)?[kMG]?B`)

// TestBuildInsight is build insight on a real engine with both builders:
// build the lab → every instruction line gets a hint, the RUN its time or
// cache use and its layer's size; rebuild unchanged → every step from the
// cache; change a file under src/ and rebuild → `COPY . .` is where the
// cache broke, its hover names the file, WORKDIR stays cached and RUN ran
// again; a failing build leaves no hints.
func TestBuildInsight(t *testing.T) {
	cli, opts := connectReal(t)
	for _, builder := range []string{"buildkit", "classic"} {
		t.Run(builder, func(t *testing.T) {
			r := newLabRun(t)
			dir := copyLab(t)
			path := filepath.Join(dir, "Dockerfile")
			uri := "file://" + path
			var built []string
			cleanupLab(t, cli, path, func() []string { return append([]string{r.Tag}, built...) })
			enginetest.Timeout(t, 4*time.Minute)
			e := startServer(t, opts)
			o := r.options()
			o["settings"].(map[string]any)["build"].(map[string]any)["builder"] = builder
			e.initialize(o)
			text, _ := os.ReadFile(path)
			e.open(uri, string(text), 1)
			build := func() error {
				t.Helper()
				var res lab.Result
				err := e.call("workspace/executeCommand", map[string]any{"command": lab.CommandBuild,
					"arguments": []any{map[string]any{"uri": uri}}}, &res)
				if res.ImageID != "" {
					built = append(built, res.ImageID)
				}
				return err
			}

			if got := hintsByLine(t, e, uri); len(got) != 0 {
				t.Fatalf("hints before any build: %v", got)
			}
			if err := build(); err != nil {
				t.Fatalf("build: %v\n%s", err, buildOutput(e))
			}
			e.waitNote("workspace/inlayHint/refresh", nil)
			first := hintsByLine(t, e, uri)
			for line := 2; line <= 6; line++ {
				if first[line] == "" {
					t.Errorf("line %d has no hint after the build: %v", line, first)
				}
			}
			if !sizeRe.MatchString(first[4]) || !(strings.Contains(first[4], "초") || strings.Contains(first[4], "캐시 사용")) {
				t.Errorf("the RUN's hint %q should give its time or cache use and its layer's size", first[4])
			}
			if !strings.Contains(first[5], "설정만 바뀜") {
				t.Errorf("CMD only sets the configuration: hint %q", first[5])
			}

			if err := build(); err != nil {
				t.Fatalf("rebuild: %v", err)
			}
			again := hintsByLine(t, e, uri)
			for _, line := range []int{2, 3, 4} {
				if !strings.Contains(again[line], "캐시 사용") {
					t.Errorf("unchanged rebuild: line %d should come from the cache, hint %q", line, again[line])
				}
			}

			app := filepath.Join(dir, "src", "static", "js", "app.js")
			js, err := os.ReadFile(app)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(app, append(js, []byte("\n// edited by the test\n")...), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := build(); err != nil {
				t.Fatalf("rebuild after an edit: %v\n%s", err, buildOutput(e))
			}
			third := hintsByLine(t, e, uri)
			if !strings.Contains(third[2], "캐시 사용") || !strings.Contains(third[3], "캐시가 끊긴 곳") || strings.Contains(third[4], "캐시 사용") {
				t.Errorf("after editing app.js: WORKDIR cached, COPY the miss, RUN ran again; got %v", third)
			}
			var h protocol.Hover
			if err := e.call("textDocument/hover", at(uri, 2, 1), &h); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(h.Contents.Value, "마지막 빌드") || !strings.Contains(h.Contents.Value, "`src/static/js/app.js`") {
				t.Errorf("the COPY's hover should name the changed file:\n%s", h.Contents.Value)
			}
			out := buildOutput(e)
			if !strings.Contains(out, "빌드 요약") || !strings.Contains(out, "캐시가 끊긴 곳(3번째 줄)") || !strings.Contains(out, "빌드 컨텍스트: 파일") {
				t.Errorf("the output channel lacks the summary:\n%s", out)
			}

			// A .dockerignore change shows in the context summary.
			ignore := filepath.Join(dir, ".dockerignore")
			rules, err := os.ReadFile(ignore)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(ignore, append(rules, []byte("\nsrc/static\n")...), 0o644); err != nil {
				t.Fatal(err)
			}
			e.clearNotes()
			if err := build(); err != nil {
				t.Fatalf("rebuild after a .dockerignore change: %v\n%s", err, buildOutput(e))
			}
			if out := buildOutput(e); !regexp.MustCompile(`\.dockerignore로 뺀 항목: [^\n]*src/static/`).MatchString(out) {
				t.Errorf("the summary should name src/static/ as excluded:\n%s", out)
			}

			bad := strings.Replace(string(text), "RUN yarn install --production", "RUN exit 3", 1)
			if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
				t.Fatal(err)
			}
			e.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
				"contentChanges": []any{map[string]any{"text": bad}}})
			if err := build(); err == nil {
				t.Fatal("a failing RUN built")
			}
			if got := hintsByLine(t, e, uri); len(got) != 0 {
				t.Errorf("a failed build must leave no hints, got %v", got)
			}
		})
	}
}

// buildOutput is everything the server sent to the build output channel.
func buildOutput(e *fakeEditor) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var b strings.Builder
	for _, n := range e.notes {
		if n.method == "dockerlab/buildOutput" {
			var p struct {
				Text string `json:"text"`
			}
			_ = json.Unmarshal(n.params, &p)
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/composeproc"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/protocol"
)

var (
	helperOnce sync.Once
	helperBin  string
	helperErr  error
)

// composeHelper builds dockerlab-compose once for this package's tests.
func composeHelper(t *testing.T) composeproc.Helper {
	t.Helper()
	helperOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dockerlab-lsp-compose")
		if err != nil {
			helperErr = err
			return
		}
		helperBin = filepath.Join(dir, composeproc.HelperName())
		out, err := exec.Command("go", "build", "-o", helperBin, "../cmd/dockerlab-compose").CombinedOutput()
		if err != nil {
			helperErr = fmt.Errorf("building dockerlab-compose: %v\n%s", err, out)
		}
	})
	if helperErr != nil {
		t.Fatal(helperErr)
	}
	return composeproc.Helper{Path: helperBin}
}

// TestComposeLabThroughTheServer is the Compose lab from the editor on a
// real engine: the app runs from the Dockerfile (▶ 빌드 후 실행) on the
// port the Compose file publishes too; ▶ 모두 실행 asks about it, the
// first answer stops and removes it, both services start; the lenses show
// them running with their ports; the app and stats answer; composePs and
// composeDown answer JSON with the project and its containers; nothing of
// the project is left.
func TestComposeLabThroughTheServer(t *testing.T) {
	cli, opts := connectReal(t)
	opts.Compose = composeHelper(t)
	r := newLabRun(t)
	dir := copyLab(t)
	dockerfile := filepath.Join(dir, "Dockerfile")
	cleanupLab(t, cli, dockerfile, func() []string { return []string{r.Tag} })
	project := enginetest.Name("dltest")
	statsPort := enginetest.FreePort(t)
	composeFile := filepath.Join(dir, "compose.yaml")
	text, err := os.ReadFile(composeFile)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(text), "services:", "name: "+project+"\nservices:", 1)
	s = strings.Replace(s, "    image: getting-started\n", "", 1)
	s = strings.Replace(s, "127.0.0.1:3000:3000", fmt.Sprintf("127.0.0.1:%d:3000", r.Port), 1)
	s = strings.Replace(s, "127.0.0.1:3001:8080", fmt.Sprintf("127.0.0.1:%d:8080", statsPort), 1)
	if err := os.WriteFile(composeFile, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		_, _ = opts.Compose.Run(ctx, docker.ComposeRequest{Op: docker.ComposeDown, File: composeFile, Volumes: true}, nil)
		for _, img := range []string{project + "-app", project + "-stats"} {
			_ = cli.ImageRemove(ctx, img)
		}
	})

	e := startServer(t, opts)
	var asked []string
	var mu sync.Mutex
	e.answer = func(method string, params json.RawMessage) any {
		if method != "window/showMessageRequest" {
			return nil
		}
		var p protocol.ShowMessageRequestParams
		_ = json.Unmarshal(params, &p)
		mu.Lock()
		asked = append(asked, p.Message)
		mu.Unlock()
		return p.Actions[0]
	}
	e.initialize(r.options())
	dockerURI, composeURI := "file://"+dockerfile, "file://"+composeFile
	e.open(dockerURI, mustRead(t, dockerfile), 1)
	e.openAs(composeURI, "dockercompose", s, 1)

	do := func(command, uri string, extra map[string]any) lab.Result {
		t.Helper()
		args := map[string]any{"uri": uri}
		for k, v := range extra {
			args[k] = v
		}
		var res lab.Result
		if err := e.call("workspace/executeCommand", map[string]any{"command": command, "arguments": []any{args}}, &res); err != nil {
			t.Fatalf("%s: %v", command, err)
		}
		return res
	}
	do(lab.CommandBuildAndRun, dockerURI, nil)

	up := do(lab.CommandComposeUp, composeURI, nil)
	mu.Lock()
	if len(asked) != 1 || !strings.Contains(asked[0], fmt.Sprintf("호스트 포트 %d번", r.Port)) {
		t.Errorf("questions %q: the Dockerfile's container holds the app's port", asked)
	}
	mu.Unlock()
	if up.Project != project || len(up.Containers) != 2 || up.Containers[0].Service != "app" || up.Containers[0].State != "running" ||
		up.Containers[0].Ports[0].HostPort != r.Port || !strings.Contains(up.Message, "서비스 2개를 실행했습니다") {
		t.Fatalf("composeUp: %+v", up)
	}
	// Compose built app from the lab's Dockerfile: its build insight is that
	// Dockerfile's, summed up in the output and hinted on its lines.
	e.waitNote("dockerlab/buildOutput", func(p json.RawMessage) bool {
		var out buildOutputParams
		return json.Unmarshal(p, &out) == nil && strings.Contains(out.Text, "빌드 요약: 서비스 `app`")
	})
	if hints := hintsByLine(t, e, dockerURI); len(hints) < 3 {
		t.Errorf("build insight hints on the Dockerfile after compose up: %v", hints)
	}
	if left, _ := cli.Containers(context.Background(), lab.LabelDockerfile, dockerfile, true); len(left) != 0 {
		t.Errorf("the Dockerfile's container is still there: %+v", left)
	}
	ctx := enginetest.Timeout(t, 2*time.Minute)
	if body, err := enginetest.Get(ctx, r.url()+"items"); err != nil || body != "[]" {
		t.Errorf("app: %q %v", body, err)
	}
	if body, err := enginetest.Get(ctx, fmt.Sprintf("http://127.0.0.1:%d/", statsPort)); err != nil || !strings.Contains(body, `"from":"http://app:3000"`) {
		t.Errorf("stats: %q %v", body, err)
	}

	// The lenses show both services running, with their ports.
	want := []string{fmt.Sprintf("● 실행 중 127.0.0.1:%d→3000", r.Port), fmt.Sprintf("● 실행 중 127.0.0.1:%d→8080", statsPort), "중지 및 삭제 (compose down)"}
	waitLenses(t, e, composeURI, want)

	ps := do(lab.CommandComposePs, composeURI, nil)
	if ps.Project != project || len(ps.Containers) != 2 {
		t.Errorf("composePs: %+v", ps)
	}
	down := do(lab.CommandComposeDown, composeURI, nil)
	if down.Project != project || len(down.Containers) != 0 || !strings.Contains(down.Message, "'todo-data'") {
		t.Errorf("composeDown: %+v", down)
	}
	if cs, _ := cli.Containers(context.Background(), lab.LabelComposeProject, project, true); len(cs) != 0 {
		t.Errorf("containers left after down: %+v", cs)
	}
	waitLenses(t, e, composeURI, []string{"▶ 모두 실행 (compose up -d)", "▶ 실행"})
}

// waitLenses asks for the document's lenses until every title in want is
// among them (the server refreshes its container state in the background).
func waitLenses(t *testing.T, e *fakeEditor, uri string, want []string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var titles []string
	for time.Now().Before(deadline) {
		var lenses []protocol.CodeLens
		if err := e.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": uri}}, &lenses); err != nil {
			t.Fatal(err)
		}
		titles = titles[:0]
		for _, l := range lenses {
			titles = append(titles, l.Command.Title)
		}
		all := true
		for _, w := range want {
			found := false
			for _, got := range titles {
				found = found || got == w
			}
			all = all && found
		}
		if all {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("lenses %q, want among them %q", titles, want)
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Compose's own loader (in the helper) judges the saved file in a trusted
// workspace: what only it can tell (a required variable without a value,
// an `extends` file that is not there) becomes a diagnostic naming its
// words; once the file loads, the diagnostic goes.
func TestComposeLoadDiagnostic(t *testing.T) {
	opts := Options{Engine: refusingEngine{}, Compose: composeHelper(t)}
	e := startServer(t, opts)
	e.initialize(map[string]any{"trusted": true})
	dir := t.TempDir()
	path := filepath.Join(dir, "compose.yaml")
	text := "services:\n  app:\n    image: alpine\n    ports:\n      - \"127.0.0.1:${APP_PORT:?APP_PORT를 정하십시오}:80\"\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	u := "file://" + path
	e.openAs(u, "dockercompose", text, 1)
	deadline := time.Now().Add(30 * time.Second)
	var got []protocol.Diagnostic
	for time.Now().Before(deadline) {
		got = lastDiagnostics(e, u, 1)
		if len(got) == 1 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if len(got) != 1 || got[0].Code != "ComposeLoad" || !strings.Contains(got[0].Message, "APP_PORT") || got[0].Range.Start.Line != 0 {
		t.Fatalf("diagnostics %+v", got)
	}
	// Fixed and saved: Compose loads it, the diagnostic goes.
	fixed := strings.Replace(text, "${APP_PORT:?APP_PORT를 정하십시오}", "8080", 1)
	if err := os.WriteFile(path, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	e.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": u, "version": 2},
		"contentChanges": []any{map[string]any{"text": fixed}}})
	e.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": u}})
	deadline = time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if got = lastDiagnostics(e, u, 2); got != nil && len(got) == 0 {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("after the fix: %+v", got)
}

// lastDiagnostics is the newest published diagnostics of uri at version
// (nil before the first).
func lastDiagnostics(e *fakeEditor, uri string, version int32) []protocol.Diagnostic {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []protocol.Diagnostic
	for _, n := range e.notes {
		var d protocol.PublishDiagnosticsParams
		if n.method == "textDocument/publishDiagnostics" && json.Unmarshal(n.params, &d) == nil && string(d.URI) == uri && int32(d.Version) == version {
			out = append([]protocol.Diagnostic{}, d.Diagnostics...)
		}
	}
	return out
}

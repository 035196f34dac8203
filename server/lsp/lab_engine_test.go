package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/internal/testfs"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/protocol"
)

// connectReal connects to the local dockerd the way `dockerlab lsp` does;
// the test fails (never skips) when no engine answers.
func connectReal(t *testing.T) (*engine.Client, Options) {
	t.Helper()
	host := engine.ResolveHost("")
	cli, _ := enginetest.Connect(t, func() (*engine.Client, error) { return engine.NewForHost(host) })
	return cli, Options{Engine: cli, Images: cli, Ping: cli.Ping, Host: host}
}

// labRun is what one engine test owns: an image tag no other run uses and a
// host port it reserved, handed to the server as the dockerlab.build.tag and
// dockerlab.run.ports settings (the lab's own `getting-started` and 3000
// would collide with other tests, other packages and a learner's lab).
type labRun struct {
	Tag  string
	Port int
}

func newLabRun(t *testing.T) labRun {
	return labRun{Tag: enginetest.Name("dockerlab-test-lab"), Port: enginetest.FreePort(t)}
}

// options are the initializationOptions of a trusted server using r.
func (r labRun) options() map[string]any {
	return map[string]any{"trusted": true, "settings": map[string]any{
		"build": map[string]any{"tag": r.Tag},
		"run":   map[string]any{"ports": map[string]any{"3000": r.Port}},
	}}
}

// url is the app's address on the reserved host port.
func (r labRun) url() string { return "http://127.0.0.1:" + strconv.Itoa(r.Port) + "/" }

// copyLab copies testdata/lab into a fresh folder named getting-started,
// plus a file naming the test: BuildKit gives identical content identical
// image IDs, so without it two tests' images would be one.
func copyLab(t *testing.T) string {
	dst := filepath.Join(t.TempDir(), "getting-started")
	testfs.Copy(t, "../../testdata/lab", dst)
	testfs.Write(t, dst, map[string]string{"test-id.txt": enginetest.Name(t.Name()) + "\n"})
	return dst
}

// cleanupLab removes, when the test ends, every container the lab made for
// the Dockerfile at path, then the images (tags or IDs) images names by
// then; an image already gone with its tag, or untagged by a rebuild, is
// passed over.
func cleanupLab(t *testing.T, cli *engine.Client, path string, images func() []string) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cs, _ := cli.Containers(ctx, lab.LabelDockerfile, path, true)
		for _, c := range cs {
			if err := cli.Remove(ctx, c.ID); err != nil && docker.KindOf(err) != docker.NotFound {
				t.Errorf("cleanup: removing container %s: %v", c.ID, err)
			}
		}
		for _, ref := range images() {
			_ = cli.ImageRemove(ctx, ref)
		}
	})
}

// TestLabWalkthrough is the seed's 실습 #1–#2 through the server on a real
// dockerd: build testdata/lab, run it on 127.0.0.1 (a reserved port through
// dockerlab.run.ports, as a learner would map 3000), GET it, edit the app,
// build and run again, meet the port conflict, take the first action, see
// the new text, stop and remove, and leave nothing of ours behind.
func TestLabWalkthrough(t *testing.T) {
	cli, opts := connectReal(t)
	r := newLabRun(t)
	dir := copyLab(t)
	path := filepath.Join(dir, "Dockerfile")
	uri := "file://" + path
	ctx := enginetest.Timeout(t, 4*time.Minute)
	var built []string // image IDs, in build order
	// The first build's image loses its tag to the second: it goes by ID.
	cleanupLab(t, cli, path, func() []string { return append([]string{r.Tag}, built...) })

	var mu sync.Mutex
	var questions []string
	e := startServer(t, opts)
	e.answer = func(method string, params json.RawMessage) any {
		if method != "window/showMessageRequest" {
			return nil
		}
		var p protocol.ShowMessageRequestParams
		_ = json.Unmarshal(params, &p)
		mu.Lock()
		questions = append(questions, p.Message)
		mu.Unlock()
		return p.Actions[0] // the first action: stop and remove the holder, then run
	}
	e.initialize(r.options())
	text, _ := os.ReadFile(path)
	e.open(uri, string(text), 1)

	run := func() lab.Result {
		t.Helper()
		var res lab.Result
		if err := e.call("workspace/executeCommand", map[string]any{"command": lab.CommandBuildAndRun,
			"arguments": []any{map[string]any{"uri": uri}}}, &res); err != nil {
			t.Fatalf("buildAndRun: %v", err)
		}
		built = append(built, res.ImageID)
		return res
	}
	first := run()
	if first.Image != r.Tag || len(first.Containers) != 1 || first.Containers[0].Ports[0].HostPort != r.Port ||
		first.Containers[0].Ports[0].ContainerPort != 3000 || first.Containers[0].Ports[0].HostIP != "127.0.0.1" {
		t.Fatalf("first run: %+v", first)
	}
	if body := getWithRetry(t, ctx, r.url()); !strings.Contains(body, "Todo App") {
		t.Fatalf("first page: %q", body)
	}

	// Follow its logs (the follower ends when the container goes, later).
	if err := e.call("workspace/executeCommand", map[string]any{"command": lab.CommandLogs,
		"arguments": []any{map[string]any{"uri": uri, "containerId": first.Containers[0].ID[:12]}}}, nil); err != nil {
		t.Fatalf("logs: %v", err)
	}
	e.waitNote("dockerlab/logOutput", func(p json.RawMessage) bool { return strings.Contains(string(p), "3000") })

	// The lens shows the running container.
	lenses := lensTitles(t, e, uri)
	if !strings.Contains(lenses, fmt.Sprintf("● 실행 중 127.0.0.1:%d→3000", r.Port)) {
		t.Fatalf("lenses after run: %s", lenses)
	}

	// Edit the app and run again: the old container still holds the port.
	index := filepath.Join(dir, "src", "static", "index.html")
	html, _ := os.ReadFile(index)
	if err := os.WriteFile(index, []byte(strings.Replace(string(html), "<h1>Todo App</h1>", "<h1>할 일 앱 v2</h1>", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	second := run()
	mu.Lock()
	asked := strings.Join(questions, "\n")
	mu.Unlock()
	if !strings.Contains(asked, fmt.Sprintf("호스트 포트 %d번", r.Port)) || !strings.Contains(asked, "port is already allocated") {
		t.Fatalf("conflict question: %q", asked)
	}
	if second.Containers[0].ID == first.Containers[0].ID || second.Containers[0].Ports[0].HostPort != r.Port {
		t.Fatalf("second run: %+v", second)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		body := getWithRetry(t, ctx, r.url())
		if strings.Contains(body, "할 일 앱 v2") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the new text is not served: %q", body)
		}
	}

	// A container stopped outside the editor changes the lens (engine events).
	if err := cli.Stop(ctx, second.Containers[0].ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return strings.Contains(lensTitles(t, e, uri), "○ 중지됨") })

	var res lab.Result
	if err := e.call("workspace/executeCommand", map[string]any{"command": lab.CommandStopAndRemove,
		"arguments": []any{map[string]any{"uri": uri}}}, &res); err != nil {
		t.Fatalf("stopAndRemove: %v", err)
	}
	left, err := cli.Containers(ctx, lab.LabelDockerfile, path, true)
	if err != nil || len(left) != 0 {
		t.Fatalf("left behind: %+v %v", left, err)
	}
	// The log follower saw its container go; the server is still here.
	if got := lensTitles(t, e, uri); strings.Contains(got, "실행 중") {
		t.Fatalf("lenses after stop and remove: %s", got)
	}
	for _, want := range []string{"docker build -t " + r.Tag + " .", fmt.Sprintf("docker run -d -p 127.0.0.1:%d:3000 %s", r.Port, r.Tag), "docker stop ", "docker rm "} {
		e.waitNote("dockerlab/buildOutput", func(p json.RawMessage) bool { return strings.Contains(string(p), want) })
	}
}

func lensTitles(t *testing.T, e *fakeEditor, uri string) string {
	t.Helper()
	var lenses []protocol.CodeLens
	if err := e.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": uri}}, &lenses); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, l := range lenses {
		titles = append(titles, l.Command.Title)
	}
	return strings.Join(titles, " | ")
}

// waitFor polls a condition until it holds (deadline waitTimeout).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A failing RUN step becomes a diagnostic on its line, and the next good
// build clears it.
func TestBuildFailureBecomesDiagnostic(t *testing.T) {
	cli, opts := connectReal(t)
	bad := "FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\nRUN exit 3\nCMD [\"node\", \"src/index.js\"]\n"
	e, uri := labWithDockerfile(t, cli, opts, bad)
	err := e.call("workspace/executeCommand", map[string]any{"command": lab.CommandBuild,
		"arguments": []any{map[string]any{"uri": uri}}}, nil)
	if err == nil || !strings.Contains(err.Error(), "빌드") {
		t.Fatalf("build of a failing RUN: %v", err)
	}
	raw := e.waitNote("textDocument/publishDiagnostics", func(p json.RawMessage) bool { return strings.Contains(string(p), "BuildFailed") })
	var d protocol.PublishDiagnosticsParams
	_ = json.Unmarshal(raw, &d)
	var found bool
	for _, diag := range d.Diagnostics {
		if diag.Code == "BuildFailed" {
			found = diag.Range.Start.Line == 3
		}
	}
	if !found {
		t.Fatalf("no BuildFailed diagnostic on line 4: %+v", d.Diagnostics)
	}
}

// With DOCKER_HOST pointing nowhere, a command fails within the engine
// timeout with a Korean message naming the address it tried.
func TestNoEngineAnswersQuickly(t *testing.T) {
	host := engine.Host{Address: "unix://" + filepath.Join(t.TempDir(), "nobody.sock"), Source: "DOCKER_HOST"}
	cli, err := engine.NewForHost(host)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	e := startServer(t, Options{Engine: cli, Images: cli, Ping: cli.Ping, Host: host})
	e.initialize(map[string]any{"trusted": true})
	dir := copyLab(t)
	uri := "file://" + filepath.Join(dir, "Dockerfile")
	text, _ := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	e.open(uri, string(text), 1)
	err = e.call("workspace/executeCommand", map[string]any{"command": lab.CommandBuild,
		"arguments": []any{map[string]any{"uri": uri}}}, nil)
	if err == nil || !strings.Contains(err.Error(), "nobody.sock") || !strings.Contains(err.Error(), "DOCKER_HOST") {
		t.Fatalf("no engine: %v", err)
	}
	raw := e.waitNote("dockerlab/engineStatus", nil)
	if !strings.Contains(string(raw), `"available":false`) {
		t.Fatalf("engine status: %s", raw)
	}
}

// On an engine whose builder predates heredocs (Debian's dockerd 20.10,
// API 1.41), building a Dockerfile with one is refused before the build,
// in Korean, with a diagnostic on its line; a newer engine builds it.
func TestOldBuilderFeatures(t *testing.T) {
	cli, opts := connectReal(t)
	ctx := enginetest.Timeout(t, 2*time.Minute)
	info, err := cli.Ping(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e, uri := labWithDockerfile(t, cli, opts, "FROM node:lts-alpine\nRUN <<EOF\necho hello\nEOF\n")
	err = e.call("workspace/executeCommand", map[string]any{"command": lab.CommandBuild,
		"arguments": []any{map[string]any{"uri": uri}}}, nil)
	if v, _ := strconv.ParseFloat(info.APIVersion, 64); v >= 1.42 {
		if err != nil {
			t.Fatalf("engine API %s should build heredocs: %v", info.APIVersion, err)
		}
		return
	}
	if err == nil || !strings.Contains(err.Error(), "히어독") || !strings.Contains(err.Error(), info.APIVersion) {
		t.Fatalf("old builder: %v", err)
	}
	raw := e.waitNote("textDocument/publishDiagnostics", func(p json.RawMessage) bool { return strings.Contains(string(p), "BuildFailed") })
	if !strings.Contains(string(raw), `"line":1`) {
		t.Fatalf("the diagnostic is not on the RUN line: %s", raw)
	}
}

// labWithDockerfile copies the lab with text as its Dockerfile, opens it in
// a trusted server on the real engine and removes the image the test builds.
func labWithDockerfile(t *testing.T, cli *engine.Client, opts Options, text string) (*fakeEditor, string) {
	t.Helper()
	path := filepath.Join(copyLab(t), "Dockerfile")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	r := newLabRun(t)
	cleanupLab(t, cli, path, func() []string { return []string{r.Tag} })
	e := startServer(t, opts)
	e.initialize(r.options())
	uri := "file://" + path
	e.open(uri, text, 1)
	return e, uri
}

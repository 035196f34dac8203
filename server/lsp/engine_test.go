package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/lab"
)

// TestLabCommandsOnRealEngine is the acceptance test of the lab's commands:
// the server, in process, builds a FROM scratch image of a static Go web
// server through a real dockerd, runs it publishing on 127.0.0.1, and stops
// and removes it, all through workspace/executeCommand as the editor does.
// A missing engine fails the test: acceptance tests never skip.
func TestLabCommandsOnRealEngine(t *testing.T) {
	cli, _ := enginetest.Connect(t, engine.New)
	ctx := enginetest.Timeout(t, 3*time.Minute)

	port := enginetest.FreePort(t)
	dir := filepath.Join(t.TempDir(), fmt.Sprintf("DockerLab-LSP-%d", port))
	tag := strings.ToLower(filepath.Base(dir))
	writeStaticServer(t, dir)
	dockerfile := fmt.Sprintf("FROM scratch\nCOPY server /server\nENV PORT=%d\nEXPOSE %d\nCMD [\"/server\"]\n", port, port)
	path := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(path, []byte(dockerfile), 0o644); err != nil {
		t.Fatal(err)
	}
	cleanupLab(t, cli, path, func() []string { return []string{tag} })

	e := startServer(t, Options{Engine: cli})
	e.initialize(map[string]any{"trusted": true})
	uri := "file://" + path
	e.open(uri, dockerfile, 1)

	var res lab.Result
	if err := e.call("workspace/executeCommand", map[string]any{"command": lab.CommandBuildAndRun,
		"arguments": []any{map[string]any{"uri": uri}}}, &res); err != nil {
		t.Fatalf("buildAndRun: %v", err)
	}
	if res.Image != tag || len(res.Containers) != 1 || len(res.Containers[0].Ports) != 1 {
		t.Fatalf("result = %+v", res)
	}
	p := res.Containers[0].Ports[0]
	if p.HostIP != "127.0.0.1" || p.HostPort != port || p.ContainerPort != port {
		t.Fatalf("published port = %+v, want 127.0.0.1:%d->%d", p, port, port)
	}
	e.waitNote("dockerlab/buildOutput", func(raw json.RawMessage) bool {
		return strings.Contains(string(raw), fmt.Sprintf("docker run -d -p 127.0.0.1:%d:%d %s", port, port, tag))
	})
	body := getWithRetry(t, ctx, fmt.Sprintf("http://127.0.0.1:%d/", port))
	if !strings.Contains(body, "hello from dockerlab") {
		t.Fatalf("app answered %q", body)
	}

	if err := e.call("workspace/executeCommand", map[string]any{"command": lab.CommandStopAndRemove,
		"arguments": []any{map[string]any{"uri": uri}}}, &res); err != nil {
		t.Fatalf("stopAndRemove: %v", err)
	}
	if len(res.Containers) != 1 {
		t.Fatalf("stopAndRemove removed %+v", res.Containers)
	}
	left, err := cli.Containers(ctx, lab.LabelDockerfile, path, true)
	if err != nil || len(left) != 0 {
		t.Fatalf("containers left behind: %+v %v", left, err)
	}
}

// staticServer is a tiny web server for a FROM scratch image: it answers
// "hello from dockerlab" on $PORT.
const staticServer = `package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "hello from dockerlab") })
	http.ListenAndServe(":"+os.Getenv("PORT"), nil)
}
`

// writeStaticServer compiles staticServer into dir/server.
func writeStaticServer(t *testing.T, dir string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "server"), enginetest.StaticProgram(t, staticServer), 0o755); err != nil {
		t.Fatal(err)
	}
}

// getWithRetry GETs url until it answers or ctx ends: the container's
// process needs a moment to listen after the engine reports it started.
func getWithRetry(t *testing.T, ctx context.Context, url string) string {
	t.Helper()
	body, err := enginetest.Get(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// publishLab is one engine test's copy of testdata/lab with `EXPOSE 3000`
// deleted, served by an in-process server with the given dockerlab.run.ports
// (nil: none), building under a tag no other run uses. Everything it
// creates — containers, the tagged image and any image a rebuild untagged —
// is removed in t.Cleanup.
type publishLab struct {
	cli  *engine.Client
	e    *fakeEditor
	uri  string
	path string
	tag  string
	ids  *[]string // image IDs the runs built
}

func newPublishLab(t *testing.T, ports map[string]any) publishLab {
	t.Helper()
	cli, opts := connectReal(t)
	dir := copyLab(t)
	path := filepath.Join(dir, "Dockerfile")
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	without := strings.Replace(string(text), "EXPOSE 3000\n", "", 1)
	if without == string(text) || strings.Contains(without, "EXPOSE") {
		t.Fatalf("testdata/lab/Dockerfile has no single `EXPOSE 3000` line to delete:\n%s", text)
	}
	if err := os.WriteFile(path, []byte(without), 0o644); err != nil {
		t.Fatal(err)
	}
	l := publishLab{cli: cli, path: path, uri: "file://" + path, tag: enginetest.Name("dockerlab-test-publish"), ids: new([]string)}
	cleanupLab(t, cli, path, func() []string { return append([]string{l.tag}, *l.ids...) })
	run := map[string]any{}
	if ports != nil {
		run["ports"] = ports
	}
	l.e = startServer(t, opts)
	l.e.initialize(map[string]any{"trusted": true, "settings": map[string]any{
		"build": map[string]any{"tag": l.tag},
		"run":   run,
	}})
	l.e.open(l.uri, without, 1)
	return l
}

// buildAndRun runs the lab's `▶ 빌드 후 실행` and remembers the image.
func (l publishLab) buildAndRun(t *testing.T) lab.Result {
	t.Helper()
	var res lab.Result
	if err := l.e.call("workspace/executeCommand", map[string]any{"command": lab.CommandBuildAndRun,
		"arguments": []any{map[string]any{"uri": l.uri}}}, &res); err != nil {
		t.Fatalf("buildAndRun: %v", err)
	}
	if res.ImageID != "" {
		*l.ids = append(*l.ids, res.ImageID)
	}
	return res
}

// waitOutput waits until the build output channel has received want.
func (l publishLab) waitOutput(want string) {
	l.e.waitNote("dockerlab/buildOutput", func(p json.RawMessage) bool {
		var out buildOutputParams
		return json.Unmarshal(p, &out) == nil && out.URI == l.uri && strings.Contains(out.Text, want)
	})
}

// `-p` works without EXPOSE: with `EXPOSE 3000` deleted and
// dockerlab.run.ports {"3000": N} (N a free port, never 3000), the lab
// publishes 127.0.0.1:N → 3000, the app answers there, the lens offers
// 브라우저에서 열기, the `docker run` line in the output is the one that
// was done, and the image itself exposes nothing.
func TestPublishWithoutExposeOnRealEngine(t *testing.T) {
	port := enginetest.FreePort(t)
	if port == 3000 {
		port = enginetest.FreePort(t)
	}
	l := newPublishLab(t, map[string]any{"3000": port})
	ctx := enginetest.Timeout(t, 4*time.Minute)

	res := l.buildAndRun(t)
	if len(res.Containers) != 1 {
		t.Fatalf("result: %+v", res)
	}
	var published []string
	for _, p := range res.Containers[0].Ports {
		published = append(published, fmt.Sprintf("%s:%d→%d/%s", p.HostIP, p.HostPort, p.ContainerPort, p.Protocol))
	}
	if want := fmt.Sprintf("127.0.0.1:%d→3000/tcp", port); strings.Join(published, ",") != want {
		t.Fatalf("published %q, want %q", published, want)
	}
	if want := fmt.Sprintf("'%s' 컨테이너가 http://127.0.0.1:%d 에서 실행 중입니다.", res.Containers[0].Name, port); res.Message != want {
		t.Errorf("message = %q, want %q", res.Message, want)
	}
	if body := getWithRetry(t, ctx, fmt.Sprintf("http://127.0.0.1:%d/", port)); !strings.Contains(body, "Todo App") {
		t.Fatalf("GET on the published port: %q", body)
	}
	img, err := l.cli.ImageInspect(ctx, l.tag)
	if err != nil || len(img.ExposedPorts) != 0 {
		t.Errorf("the image should expose nothing (EXPOSE was deleted): %+v %v", img.ExposedPorts, err)
	}
	lenses := lensTitles(t, l.e, l.uri)
	for _, want := range []string{fmt.Sprintf("● 실행 중 127.0.0.1:%d→3000", port), "브라우저에서 열기"} {
		if !strings.Contains(lenses, want) {
			t.Errorf("lenses lack %q: %s", want, lenses)
		}
	}
	l.waitOutput(fmt.Sprintf("$ docker run -d -p 127.0.0.1:%d:3000 %s    #", port, l.tag))
	l.waitOutput(fmt.Sprintf("컨테이너 포트 3000/tcp → 127.0.0.1:%d (`dockerlab.run.ports` 설정)", port))
}

// No EXPOSE and no dockerlab.run.ports: the run succeeds and the container
// runs, nothing is published, and the notification, the output channel and
// the lens say why and what to do.
func TestNothingPublishedOnRealEngine(t *testing.T) {
	l := newPublishLab(t, nil)
	ctx := enginetest.Timeout(t, 4*time.Minute)

	res := l.buildAndRun(t)
	if len(res.Containers) != 1 || len(res.Containers[0].Ports) != 0 {
		t.Fatalf("result: %+v", res)
	}
	want := fmt.Sprintf("'%s' 컨테이너를 실행했지만 게시한 포트가 없어 호스트의 포트로는 앱에 접속할 수 없습니다. ", res.Containers[0].Name) +
		"이 Dockerfile에는 'EXPOSE' 지시문이 없고 'dockerlab.run.ports' 설정도 비어 있습니다. " +
		"앱이 3000번 포트를 쓴다면 'dockerlab.run.ports' 설정에 '{\"3000\": 3000}'을 적고 다시 실행하십시오('docker run -p 127.0.0.1:3000:3000'과 같습니다). " +
		"'EXPOSE'만으로는 포트가 게시되지 않습니다."
	if res.Message != want {
		t.Errorf("message\n got %s\nwant %s", res.Message, want)
	}
	running, err := l.cli.Containers(ctx, lab.LabelDockerfile, l.path, false)
	if err != nil || len(running) != 1 || running[0].State != "running" {
		t.Fatalf("the container should be running: %+v %v", running, err)
	}
	for _, p := range running[0].Ports {
		if p.HostPort != 0 {
			t.Errorf("the engine publishes %+v", p)
		}
	}
	lenses := lensTitles(t, l.e, l.uri)
	if !strings.Contains(lenses, "● 실행 중 (게시한 포트 없음)") || strings.Contains(lenses, "브라우저에서 열기") {
		t.Errorf("lenses: %s", lenses)
	}
	for _, line := range []string{
		fmt.Sprintf("$ docker run -d %s    #", l.tag),
		"# 게시한 포트가 없습니다.",
		fmt.Sprintf("같은 일을 하는 명령은 `docker run -d -p 127.0.0.1:3000:3000 %s`입니다.", l.tag),
		"`-p`는 `EXPOSE` 없이도 포트를 게시하고, `EXPOSE`만으로는 아무 포트도 게시되지 않습니다.",
		"`0.0.0.0`에서 연결을 기다려야 합니다",
	} {
		l.waitOutput(line)
	}

	var removed lab.Result
	if err := l.e.call("workspace/executeCommand", map[string]any{"command": lab.CommandStopAndRemove,
		"arguments": []any{map[string]any{"uri": l.uri}}}, &removed); err != nil || len(removed.Containers) != 1 {
		t.Fatalf("stopAndRemove: %+v %v", removed, err)
	}
}

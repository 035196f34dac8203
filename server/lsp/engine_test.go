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

package lsp

import (
	"encoding/json"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"
)

// TestLabProgressFromATerminalOnRealEngine does 실습 #1–#2 as a learner in
// a terminal would, never through the editor: `docker build`, `docker run`
// (no dockerlab label), an edit, a rebuild, a `docker run` that fails with
// `port is already allocated` and leaves its container created, `docker
// stop` + `docker rm`, `docker run` again. After each, the server's
// dockerlab/labProgress says the fact, read from the engine's real state;
// a notification never repeats the one before it.
func TestLabProgressFromATerminalOnRealEngine(t *testing.T) {
	cli, opts := connectReal(t)
	api := enginetest.API(t)
	ctx := enginetest.Timeout(t, 5*time.Minute)
	r := newLabRun(t)
	dir := copyLab(t)
	path := filepath.Join(dir, "Dockerfile")
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var containers, images []string
	t.Cleanup(func() {
		cctx := enginetest.Timeout(t, time.Minute)
		for _, id := range containers {
			_, _ = api.ContainerRemove(cctx, id, client.ContainerRemoveOptions{Force: true})
		}
		for _, ref := range append([]string{r.Tag}, images...) {
			_ = cli.ImageRemove(cctx, ref)
		}
	})

	e := startServer(t, opts)
	e.initialize(r.options())
	uri := "file://" + path
	e.open(uri, string(text), 1)
	progress := func(what string, want func(p contract.LabProgressParams) bool) {
		t.Helper()
		t.Logf("waiting for the facts after %s", what)
		e.waitNote(contract.MethodLabProgress, func(raw json.RawMessage) bool {
			var p contract.LabProgressParams
			return json.Unmarshal(raw, &p) == nil && p.URI == uri && p.Tag == r.Tag && p.DockerfileOpened && want(p)
		})
	}
	progress("opening the Dockerfile", func(p contract.LabProgressParams) bool { return !p.ImageBuilt && !p.Running })
	lensTitles(t, e, uri) // the editor asks for lenses: the server follows the engine's container events

	build := func() {
		t.Helper()
		res, err := cli.Build(ctx, docker.BuildRequest{ContextDir: dir, Tag: r.Tag}, io.Discard)
		if err != nil {
			t.Fatalf("docker build: %v", err)
		}
		images = append(images, res.ImageID)
	}
	// run is `docker run -d -p 127.0.0.1:<port>:3000 <tag>`: the CLI keeps a
	// container whose start failed, so the SDK is called as the CLI does.
	run := func() (string, error) {
		t.Helper()
		port, _ := network.PortFrom(3000, network.TCP)
		created, err := api.ContainerCreate(ctx, client.ContainerCreateOptions{
			Config:     &container.Config{Image: r.Tag, ExposedPorts: network.PortSet{port: {}}},
			HostConfig: &container.HostConfig{PortBindings: network.PortMap{port: {{HostIP: netip.MustParseAddr("127.0.0.1"), HostPort: strconv.Itoa(r.Port)}}}},
		})
		if err != nil {
			t.Fatalf("docker run (create): %v", err)
		}
		containers = append(containers, created.ID)
		_, err = api.ContainerStart(ctx, created.ID, client.ContainerStartOptions{})
		return created.ID, err
	}

	build()
	progress("docker build", func(p contract.LabProgressParams) bool { return p.ImageBuilt && !p.Running && !p.SourceEdited })
	old, err := run()
	if err != nil {
		t.Fatalf("docker run: %v", err)
	}
	progress("docker run", func(p contract.LabProgressParams) bool { return p.Running && !p.Rebuilt })

	app := filepath.Join(dir, "src", "static", "js", "app.js")
	js, err := os.ReadFile(app)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(app, []byte(strings.Replace(string(js), "'삭제'", "'지우기'", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	progress("the edit of app.js", func(p contract.LabProgressParams) bool { return p.SourceEdited && !p.Rebuilt })

	build()
	progress("the rebuild", func(p contract.LabProgressParams) bool {
		return p.Rebuilt && !p.SourceEdited && p.Running && !p.ConflictSeen && !p.UpdatedRunning
	})
	if _, err := run(); err == nil || !strings.Contains(err.Error(), "port is already allocated") {
		t.Fatalf("docker run of the new image beside the old one: %v, want port is already allocated", err)
	}
	progress("the run that met the port", func(p contract.LabProgressParams) bool { return p.ConflictSeen && !p.OldRemoved && p.Running })

	if err := cli.Stop(ctx, old); err != nil {
		t.Fatalf("docker stop: %v", err)
	}
	if err := cli.Remove(ctx, old); err != nil {
		t.Fatalf("docker rm: %v", err)
	}
	progress("docker stop and docker rm", func(p contract.LabProgressParams) bool { return p.OldRemoved && !p.Running && !p.UpdatedRunning })

	if _, err := run(); err != nil {
		t.Fatalf("docker run again: %v", err)
	}
	progress("docker run again", func(p contract.LabProgressParams) bool {
		return p.Running && p.Rebuilt && p.ConflictSeen && p.OldRemoved && p.UpdatedRunning
	})

	e.mu.Lock()
	defer e.mu.Unlock()
	var last string
	for _, n := range e.notes {
		if n.method == contract.MethodLabProgress {
			if string(n.params) == last {
				t.Errorf("the same facts were sent twice in a row: %s", last)
			}
			last = string(n.params)
		}
	}
}

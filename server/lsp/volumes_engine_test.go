package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/protocol"
)

// volumeLab is one engine test's lab folder served by a trusted server on
// the real engine, with its own tag and reserved host port; every
// container, the image and the volume it names are removed when the test
// ends.
type volumeLab struct {
	cli    *engine.Client
	e      *fakeEditor
	r      labRun
	uri    string
	path   string
	dir    string
	volume string
}

func newVolumeLab(t *testing.T) volumeLab {
	t.Helper()
	cli, opts := connectReal(t)
	l := volumeLab{cli: cli, r: newLabRun(t), dir: copyLab(t), volume: enginetest.Name("dockerlab-test-todo")}
	l.path = filepath.Join(l.dir, "Dockerfile")
	l.uri = "file://" + l.path
	cleanupLab(t, cli, l.path, func() []string { return []string{l.r.Tag} })
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := cli.VolumeRemove(ctx, l.volume, true); err != nil && docker.KindOf(err) != docker.NotFound {
			t.Errorf("cleanup: removing volume %s: %v", l.volume, err)
		}
	})
	l.e = startServer(t, opts)
	l.e.answer = func(method string, params json.RawMessage) any {
		if method != "window/showMessageRequest" {
			return nil
		}
		var p protocol.ShowMessageRequestParams
		_ = json.Unmarshal(params, &p)
		return p.Actions[0] // stop and remove the holder; remove the volume
	}
	l.e.initialize(l.r.options())
	text, _ := os.ReadFile(l.path)
	l.e.open(l.uri, string(text), 1)
	return l
}

// do runs a lab command on the lab's Dockerfile with extra arguments.
func (l volumeLab) do(t *testing.T, command string, extra map[string]any) (lab.Result, error) {
	t.Helper()
	args := map[string]any{"uri": l.uri}
	for k, v := range extra {
		args[k] = v
	}
	var res lab.Result
	err := l.e.call("workspace/executeCommand", map[string]any{"command": command, "arguments": []any{args}}, &res)
	return res, err
}

func (l volumeLab) must(t *testing.T, command string, extra map[string]any) lab.Result {
	t.Helper()
	res, err := l.do(t, command, extra)
	if err != nil {
		t.Fatalf("%s: %v", command, err)
	}
	return res
}

// items is the app's todo list, read over HTTP once it answers.
func (l volumeLab) items(t *testing.T, ctx context.Context) string {
	t.Helper()
	return getWithRetry(t, ctx, l.r.url()+"items")
}

func (l volumeLab) addItem(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	l.items(t, ctx) // the app listens
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, l.r.url()+"items", bytes.NewBufferString(fmt.Sprintf(`{"name":%q}`, name)))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("adding an item: %s", res.Status)
	}
}

// The workshop's persistence lesson on the real engine: without a volume
// the items vanish when the container is replaced; with a named volume
// they stay, the stop/remove step says the volume stayed, the volume list
// shows where its data lives and who uses it, and it is removed only when
// no container uses it.
func TestVolumeKeepsItemsAcrossContainers(t *testing.T) {
	l := newVolumeLab(t)
	ctx := enginetest.Timeout(t, 4*time.Minute)

	l.must(t, lab.CommandBuildAndRun, nil)
	l.addItem(t, ctx, "볼륨 없이")
	if got := l.items(t, ctx); !strings.Contains(got, "볼륨 없이") {
		t.Fatalf("items = %s", got)
	}
	l.must(t, lab.CommandStopAndRemove, nil)
	l.must(t, lab.CommandRun, nil)
	if got := l.items(t, ctx); got != "[]" {
		t.Fatalf("a new container without a volume has items: %s", got)
	}
	l.must(t, lab.CommandStopAndRemove, nil)

	spec := l.volume + ":/etc/todos"
	l.must(t, lab.CommandRunWithVolume, map[string]any{"volume": spec})
	l.addItem(t, ctx, "볼륨에 남는 항목")
	if lenses := lensTitles(t, l.e, l.uri); !strings.Contains(lenses, "볼륨 "+l.volume) {
		t.Errorf("lenses do not name the volume: %s", lenses)
	}
	removed := l.must(t, lab.CommandStopAndRemove, nil)
	if !strings.Contains(removed.Message, l.volume) || !strings.Contains(removed.Message, "의 데이터는 지우지 않고 남겨 두었습니다") {
		t.Errorf("stop and remove does not say the volume stayed: %q", removed.Message)
	}
	l.must(t, lab.CommandRunWithVolume, map[string]any{"volume": spec})
	if got := l.items(t, ctx); !strings.Contains(got, "볼륨에 남는 항목") {
		t.Fatalf("the item did not survive the new container: %s", got)
	}

	var list lab.VolumeListResult
	if err := l.e.call("workspace/executeCommand", map[string]any{"command": lab.CommandVolumes}, &list); err != nil {
		t.Fatal(err)
	}
	var row *lab.VolumeRow
	for i := range list.Volumes {
		if list.Volumes[i].Name == l.volume {
			row = &list.Volumes[i]
		}
	}
	if row == nil || !strings.HasPrefix(row.Mountpoint, "/") || len(row.UsedBy) != 1 || row.Anonymous {
		t.Fatalf("volume list: %+v", list)
	}
	if _, err := l.do(t, lab.CommandRemoveVolume, map[string]any{"name": l.volume}); err == nil || !strings.Contains(err.Error(), row.UsedBy[0]) {
		t.Fatalf("removing a volume in use: %v, want a refusal naming %s", err, row.UsedBy[0])
	}
	l.must(t, lab.CommandStopAndRemove, nil)
	l.must(t, lab.CommandRemoveVolume, map[string]any{"name": l.volume})
	vols, err := l.cli.Volumes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vols {
		if v.Name == l.volume {
			t.Fatalf("volume %s is still there", l.volume)
		}
	}
	for _, want := range []string{"-v " + spec, "docker volume rm " + l.volume, "docker volume inspect " + l.volume} {
		l.e.waitNote("dockerlab/buildOutput", func(p json.RawMessage) bool { return strings.Contains(string(p), want) })
	}
}

// Development mode on the real engine: no image is built, the project is
// bind-mounted at WORKDIR, and an edit of a static file is served at once.
func TestDevModeServesEditsWithoutBuild(t *testing.T) {
	l := newVolumeLab(t)
	ctx := enginetest.Timeout(t, 3*time.Minute)
	res := l.must(t, lab.CommandRunDev, nil)
	if len(res.Containers) != 1 || !strings.Contains(res.Message, "개발 모드로") {
		t.Fatalf("runDev: %+v", res)
	}
	if _, err := l.cli.ImageInspect(ctx, l.r.Tag); docker.KindOf(err) != docker.NotFound {
		t.Errorf("development mode built or found the image %s: %v", l.r.Tag, err)
	}
	if lenses := lensTitles(t, l.e, l.uri); !strings.Contains(lenses, fmt.Sprintf("● 개발 모드 127.0.0.1:%d→3000", l.r.Port)) {
		t.Errorf("lenses: %s", lenses)
	}
	appJS := filepath.Join(l.dir, "src", "static", "js", "app.js")
	if body := getWithRetry(t, ctx, l.r.url()+"js/app.js"); strings.Contains(body, "dockerlab-dev-edit") {
		t.Fatalf("the marker is there before the edit")
	}
	old, err := os.ReadFile(appJS)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(appJS, append(old, []byte("\n// dockerlab-dev-edit\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if body := getWithRetry(t, ctx, l.r.url()+"js/app.js"); !strings.Contains(body, "dockerlab-dev-edit") {
		t.Fatalf("the edit is not served without a build")
	}
	l.e.waitNote("dockerlab/buildOutput", func(p json.RawMessage) bool {
		return strings.Contains(string(p), "--mount type=bind,src="+l.dir+",target=/app") && strings.Contains(string(p), "node --watch src/index.js")
	})
}

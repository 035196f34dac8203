package lab

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

func TestPlannedMounts(t *testing.T) {
	mounts, ignored := plannedMounts(map[string]string{
		"todo-db":        "/etc/todos",
		"/srv/data":      "/data/",
		`C:\data`:        "/win",
		"bad name":       "/x",
		"relative":       "etc/todos",
		"./src":          "/app",
		"logs":           "/",
		"a":              "/too-short-name", // one character: not a volume name
		"cache.v1_final": "/cache",
	})
	want := []docker.Mount{
		{Type: docker.MountBind, Source: "/srv/data", Target: "/data"},
		{Type: docker.MountBind, Source: `C:\data`, Target: "/win"},
		{Type: docker.MountVolume, Source: "cache.v1_final", Target: "/cache"},
		{Type: docker.MountVolume, Source: "todo-db", Target: "/etc/todos"},
	}
	if !reflect.DeepEqual(mounts, want) {
		t.Errorf("mounts = %+v\nwant %+v", mounts, want)
	}
	if len(ignored) != 5 {
		t.Errorf("ignored = %q, want the five unusable entries", ignored)
	}
}

func TestParseVolumeSpec(t *testing.T) {
	for spec, want := range map[string]docker.Mount{
		"todo-db:/etc/todos":    {Type: docker.MountVolume, Source: "todo-db", Target: "/etc/todos"},
		"/home/me/app:/app":     {Type: docker.MountBind, Source: "/home/me/app", Target: "/app"},
		`C:\Users\me\app:/app`:  {Type: docker.MountBind, Source: `C:\Users\me\app`, Target: "/app"},
		" todo-db:/etc/todos/ ": {Type: docker.MountVolume, Source: "todo-db", Target: "/etc/todos"},
	} {
		got, err := ParseVolumeSpec(spec)
		if err != nil || got != want {
			t.Errorf("ParseVolumeSpec(%q) = %+v, %v; want %+v", spec, got, err, want)
		}
	}
	for _, bad := range []string{"", "todo-db", "todo-db:etc/todos", ":/etc/todos", "x y:/a", "todo-db:/"} {
		if _, err := ParseVolumeSpec(bad); err == nil || !strings.Contains(err.Error(), "볼륨 지정은 쓸 수 없습니다") {
			t.Errorf("ParseVolumeSpec(%q) = %v, want the Korean refusal", bad, err)
		}
	}
}

// A run with dockerlab.run.volumes mounts them, prints the same `docker
// run` line with -v, and says where the data lives; removing the container
// says the volume stayed.
func TestRunWithVolumeKeepsIt(t *testing.T) {
	var s Settings
	s.Run.Volumes = map[string]string{"todo-db": "/etc/todos"}
	p := NewPlan("/work/getting-started/Dockerfile", dockerfile.Parse(labDockerfile), s, "")
	eng := &mountEngine{}
	var out bytes.Buffer
	sess := Session{Engine: eng, Out: &out, UI: &scriptedUI{}, PortFree: func(string, int) bool { return true }}
	if _, err := sess.Run(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if len(eng.containers) != 1 || !reflect.DeepEqual(eng.containers[0].Mounts, []docker.Mount{{Type: docker.MountVolume, Source: "todo-db", Target: "/etc/todos"}}) {
		t.Fatalf("containers = %+v", eng.containers)
	}
	for _, want := range []string{"$ docker run -d -p 127.0.0.1:3000:3000 -v todo-db:/etc/todos getting-started", "docker volume inspect todo-db"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	lenses := Lenses(p.Model, "file:///work/getting-started/Dockerfile", eng.containers, false, eng.containers[0].Created)
	if !hasTitle(lenses, "● 실행 중 127.0.0.1:3000→3000 · 볼륨 todo-db · 방금") {
		t.Errorf("lenses = %+v", lenses)
	}
	res, err := sess.StopAndRemove(context.Background(), p, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Message, "볼륨 `todo-db`의 데이터는 지우지 않고 남겨 두었습니다") {
		t.Errorf("message = %q", res.Message)
	}
}

func TestDevRunOf(t *testing.T) {
	p := labPlan(t)
	d, err := devRunOf(p)
	if err != nil {
		t.Fatal(err)
	}
	want := devRun{image: "node:lts-alpine", workdir: "/app", cmd: []string{"node", "--watch", "src/index.js"}, script: "src/index.js"}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("devRunOf = %+v, want %+v", d, want)
	}
	for name, tc := range map[string]struct{ dockerfile, refusal string }{
		"shell form":   {"FROM node:22\nWORKDIR /srv\nWORKDIR web\nCMD node server.js\n", ""},
		"no workdir":   {"FROM node:22\nCOPY . .\nCMD [\"node\", \"a.js\"]\n", "`WORKDIR /app`"},
		"npm start":    {"FROM node:22\nWORKDIR /app\nCMD [\"npm\", \"start\"]\n", "`npm start`"},
		"entrypoint":   {"FROM node:22\nWORKDIR /app\nENTRYPOINT [\"node\"]\nCMD [\"a.js\"]\n", "`ENTRYPOINT`"},
		"scratch":      {"FROM scratch\nWORKDIR /app\nCMD [\"node\", \"a.js\"]\n", "베이스 이미지"},
		"no cmd":       {"FROM node:22\nWORKDIR /app\n", "`CMD`가 없어"},
		"var workdir":  {"FROM node:22\nARG D=/app\nWORKDIR $D\nCMD [\"node\", \"a.js\"]\n", "변수"},
		"shell syntax": {"FROM node:22\nWORKDIR /app\nCMD node a.js && echo done\n", "`node`로 앱을 시작해야"},
	} {
		p := NewPlan("/w/x/Dockerfile", dockerfile.Parse(tc.dockerfile), Settings{}, "")
		d, err := devRunOf(p)
		if tc.refusal == "" {
			if err != nil || d.workdir != "/srv/web" || !reflect.DeepEqual(d.cmd, []string{"node", "--watch", "server.js"}) {
				t.Errorf("%s: %+v, %v", name, d, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.refusal) {
			t.Errorf("%s: err = %v, want one naming %s", name, err, tc.refusal)
		}
	}
}

// Development mode runs the base image with the project bind-mounted at
// WORKDIR and node's watcher; it refuses an engine on another machine
// before touching anything.
func TestRunDev(t *testing.T) {
	p := labPlan(t)
	eng := &mountEngine{images: []docker.Image{{ID: "sha256:1", Tags: []string{"node:lts-alpine"}}}}
	var out bytes.Buffer
	sess := Session{Engine: eng, Out: &out, UI: &scriptedUI{}, PortFree: func(string, int) bool { return true }}
	res, err := sess.RunDev(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	c := eng.containers[0]
	if c.Image != "node:lts-alpine" || c.Labels[LabelMode] != ModeDev ||
		!reflect.DeepEqual(c.Mounts, []docker.Mount{{Type: docker.MountBind, Source: "/work/getting-started", Target: "/app"}}) {
		t.Errorf("container = %+v", c)
	}
	if !strings.Contains(out.String(), "$ docker run -d -p 127.0.0.1:3000:3000 --mount type=bind,src=/work/getting-started,target=/app -w /app node:lts-alpine node --watch src/index.js") {
		t.Errorf("output:\n%s", out.String())
	}
	if !strings.Contains(res.Message, "개발 모드로 http://127.0.0.1:3000 에서 실행 중입니다") {
		t.Errorf("message = %q", res.Message)
	}
	if !hasTitle(Lenses(p.Model, "file:///x", eng.containers, false, c.Created), "● 개발 모드 127.0.0.1:3000→3000 · 방금") {
		t.Error("no development-mode lens")
	}

	remote := Session{Engine: &mountEngine{images: eng.images}, Out: &out, UI: &scriptedUI{}, EngineRemote: "tcp://10.0.0.5:2376"}
	if _, err := remote.RunDev(context.Background(), p); err == nil || !strings.Contains(err.Error(), "다른 컴퓨터에 있어") {
		t.Errorf("remote engine: %v", err)
	}
	missing := Session{Engine: &mountEngine{}, Out: &out, UI: &scriptedUI{}}
	if _, err := missing.RunDev(context.Background(), p); docker.KindOf(err) != docker.NotFound {
		t.Errorf("no base image: %v", err)
	}
}

func TestHasImage(t *testing.T) {
	imgs := []docker.Image{{Tags: []string{"node:lts-alpine", "busybox:latest", "127.0.0.1:5000/app:1.0"}}}
	for ref, want := range map[string]bool{"node:lts-alpine": true, "docker.io/library/node:lts-alpine": true, "busybox": true,
		"127.0.0.1:5000/app:1.0": true, "node:22": false, "127.0.0.1:5000/app": false} {
		if hasImage(imgs, ref) != want {
			t.Errorf("hasImage(%q) != %v", ref, want)
		}
	}
}

// mountEngine is fakeEngine that keeps a run's mounts, image and command.
type mountEngine struct {
	fakeEngine
	images []docker.Image
}

func (m *mountEngine) Run(ctx context.Context, req docker.RunRequest) (docker.Container, error) {
	c, err := m.fakeEngine.Run(ctx, req)
	if err != nil {
		return c, err
	}
	m.containers[len(m.containers)-1].Mounts = req.Mounts
	c.Mounts = req.Mounts
	return c, nil
}

func (m *mountEngine) Images(ctx context.Context) ([]docker.Image, error) { return m.images, nil }

func hasTitle(ls []Lens, title string) bool {
	for _, l := range ls {
		if l.Title == title {
			return true
		}
	}
	return false
}

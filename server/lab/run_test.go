package lab

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// fakeEngine keeps containers in memory and enforces host-port conflicts
// the way dockerd does. Unit tests only: the acceptance tests use dockerd.
type fakeEngine struct {
	containers []docker.Container
	seq        int
	busyHost   map[int]bool // ports another process holds
}

func (f *fakeEngine) Build(ctx context.Context, req docker.BuildRequest, out io.Writer) (docker.BuildResult, error) {
	fmt.Fprintln(out, "#1 DONE")
	return docker.BuildResult{ImageID: "sha256:" + strings.Repeat("a", 64), Tag: req.Tag}, nil
}

func (f *fakeEngine) Run(ctx context.Context, req docker.RunRequest) (docker.Container, error) {
	for _, p := range req.Ports {
		if f.busyHost[p.HostPort] {
			return docker.Container{}, &docker.Error{Kind: docker.PortAllocated, Port: p.HostPort, Message: fmt.Sprintf("호스트 포트 %d번을 다른 프로그램이 쓰고 있습니다.", p.HostPort)}
		}
		for _, c := range f.containers {
			for _, b := range c.Ports {
				if c.State == "running" && b.HostPort == p.HostPort {
					return docker.Container{}, &docker.Error{Kind: docker.PortAllocated, Port: p.HostPort, Message: "port is already allocated"}
				}
			}
		}
	}
	f.seq++
	c := docker.Container{ID: fmt.Sprintf("%064d", f.seq), Name: fmt.Sprintf("c%d", f.seq), Image: req.Image, State: "running",
		Ports: req.Ports, Labels: req.Labels, Created: time.Unix(int64(f.seq), 0)}
	f.containers = append(f.containers, c)
	return c, nil
}

func (f *fakeEngine) Containers(ctx context.Context, key, value string, all bool) ([]docker.Container, error) {
	var out []docker.Container
	for _, c := range f.containers {
		if (all || c.State == "running") && (key == "" || c.Labels[key] == value) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeEngine) ContainersOfImage(ctx context.Context, image string) ([]docker.Container, error) {
	var out []docker.Container
	for _, c := range f.containers {
		if c.Image == image {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeEngine) set(id, state string) error {
	for i := range f.containers {
		if f.containers[i].ID == id {
			f.containers[i].State = state
			return nil
		}
	}
	return &docker.Error{Kind: docker.NotFound}
}
func (f *fakeEngine) Start(ctx context.Context, id string) error { return f.set(id, "running") }
func (f *fakeEngine) Stop(ctx context.Context, id string) error  { return f.set(id, "exited") }
func (f *fakeEngine) Remove(ctx context.Context, id string) error {
	for i := range f.containers {
		if f.containers[i].ID == id {
			f.containers = append(f.containers[:i], f.containers[i+1:]...)
			return nil
		}
	}
	return &docker.Error{Kind: docker.NotFound}
}
func (f *fakeEngine) Logs(ctx context.Context, id string, follow bool, tail string, out io.Writer) error {
	return nil
}
func (f *fakeEngine) Images(ctx context.Context) ([]docker.Image, error) { return nil, nil }

// scriptedUI answers questions in order and records them.
type scriptedUI struct {
	answers   []int
	questions []string
}

func (u *scriptedUI) Ask(ctx context.Context, msg string, actions []string) (int, error) {
	u.questions = append(u.questions, msg+" "+strings.Join(actions, " / "))
	if len(u.answers) == 0 {
		return -1, nil
	}
	a := u.answers[0]
	u.answers = u.answers[1:]
	return a, nil
}

const labDockerfile = "FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\nRUN yarn install --production\nCMD [\"node\", \"src/index.js\"]\nEXPOSE 3000\n"

func labPlan(t *testing.T) Plan {
	p := NewPlan("/work/getting-started/Dockerfile", dockerfile.Parse(labDockerfile), Settings{}, "")
	if p.Tag != "getting-started" || len(p.Ports) != 1 || p.Ports[0].Host != 3000 || p.BindAddress != "127.0.0.1" {
		t.Fatalf("plan = %+v", p)
	}
	return p
}

// The seed's 실습 #2: run, run again, meet the conflict, take the first
// action: the old container goes, the new one serves on the same port.
func TestPortConflictFirstActionReplaces(t *testing.T) {
	f := &fakeEngine{}
	ui := &scriptedUI{answers: []int{0}}
	var out strings.Builder
	s := Session{Engine: f, Out: &out, UI: ui, PortFree: func(string, int) bool { return true }}
	p := labPlan(t)
	first, err := s.BuildAndRun(context.Background(), p)
	if err != nil || len(ui.questions) != 0 {
		t.Fatalf("first run: %v %v", err, ui.questions)
	}
	second, err := s.BuildAndRun(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(ui.questions) != 1 || !strings.Contains(ui.questions[0], "호스트 포트 3000번") || !strings.Contains(ui.questions[0], "port is already allocated") {
		t.Fatalf("questions = %q", ui.questions)
	}
	if len(f.containers) != 1 || f.containers[0].ID != second.Containers[0].ID || second.Containers[0].ID == first.Containers[0].ID {
		t.Fatalf("containers = %+v", f.containers)
	}
	if second.Containers[0].Ports[0].HostPort != 3000 {
		t.Fatalf("second run published %+v", second.Containers[0].Ports)
	}
	for _, want := range []string{"$ docker build -t getting-started .", "$ docker run -d -p 127.0.0.1:3000:3000 getting-started",
		"$ docker stop " + first.Containers[0].ID[:12], "$ docker rm " + first.Containers[0].ID[:12]} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestPortConflictOtherChoices(t *testing.T) {
	f := &fakeEngine{}
	p := labPlan(t)
	s := Session{Engine: f, Out: io.Discard, UI: &scriptedUI{}, PortFree: func(_ string, port int) bool { return port != 3001 }}
	if _, err := s.Run(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	// Second action: the next free port (3001 is taken by another process).
	s.UI = &scriptedUI{answers: []int{1}}
	res, err := s.Run(context.Background(), p)
	if err != nil || res.Containers[0].Ports[0].HostPort != 3002 || len(f.containers) != 2 {
		t.Fatalf("free port run: %+v %v", res, err)
	}
	// Dismissed: cancel, nothing changes.
	s.UI = &scriptedUI{answers: []int{-1}}
	if _, err := s.Run(context.Background(), p); docker.KindOf(err) != docker.Canceled || len(f.containers) != 2 {
		t.Fatalf("cancel: %v, %d containers", err, len(f.containers))
	}
	// A port held by another process: the engine's error becomes the question.
	f2 := &fakeEngine{busyHost: map[int]bool{3000: true}}
	ui := &scriptedUI{answers: []int{0}}
	s2 := Session{Engine: f2, Out: io.Discard, UI: ui, PortFree: func(_ string, port int) bool { return port != 3000 }}
	res, err = s2.Run(context.Background(), p)
	if err != nil || res.Containers[0].Ports[0].HostPort != 3001 || !strings.Contains(ui.questions[0], "다른 프로그램") {
		t.Fatalf("busy host port: %+v %v %q", res, err, ui.questions)
	}
}

func TestStopAndRemoveAsksAboutOthers(t *testing.T) {
	f := &fakeEngine{}
	p := labPlan(t)
	s := Session{Engine: f, Out: io.Discard, UI: &scriptedUI{}, PortFree: func(string, int) bool { return true }}
	if _, err := s.Run(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	// A container of the same image that someone else started.
	f.containers = append(f.containers, docker.Container{ID: strings.Repeat("f", 64), Name: "theirs", Image: p.Tag, State: "running"})
	ui := &scriptedUI{answers: []int{1}} // only ours
	s.UI = ui
	res, err := s.StopAndRemove(context.Background(), p, "")
	if err != nil || len(res.Containers) != 1 || len(f.containers) != 1 || f.containers[0].Name != "theirs" {
		t.Fatalf("stopAndRemove: %+v %v %+v", res, err, f.containers)
	}
	if len(ui.questions) != 1 || !strings.Contains(ui.questions[0], "`theirs`") {
		t.Fatalf("questions = %q", ui.questions)
	}
	// A 12-character ID from `docker ps` names one of ours.
	run, err := s.Run(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	res, err = s.StopAndRemove(context.Background(), p, run.Containers[0].ID[:12])
	if err != nil || len(res.Containers) != 1 || res.Containers[0].ID != run.Containers[0].ID {
		t.Fatalf("stop by short ID: %+v %v", res, err)
	}
}

func TestLensesShowState(t *testing.T) {
	m := dockerfile.Parse("FROM golang AS build\nRUN go build\nFROM scratch\nEXPOSE 3000\n")
	now := time.Unix(1000, 0)
	cs := []docker.Container{
		{ID: "a", State: "running", Created: now.Add(-2 * time.Minute), Ports: []docker.PortBinding{{HostIP: "127.0.0.1", HostPort: 3000, ContainerPort: 3000, Protocol: "tcp"}}},
		{ID: "b", State: "exited", Created: now.Add(-3 * time.Hour)},
	}
	var titles []string
	for _, l := range Lenses(m, "file:///x/Dockerfile", cs, true, now) {
		titles = append(titles, l.Title)
	}
	want := "빌드 (--target build)|▶ 빌드 후 실행|빌드|레지스트리에 푸시|● 실행 중 127.0.0.1:3000→3000 · 2분 전|브라우저에서 열기|로그|중지 및 삭제|○ 중지됨 · 3시간 전|시작|삭제"
	if got := strings.Join(titles, "|"); got != want {
		t.Fatalf("lenses\n got %s\nwant %s", got, want)
	}
}

func TestSettingsShapeThePlan(t *testing.T) {
	var s Settings
	s.Build.Tag = "my-app:v2"
	s.Build.Context = ".."
	s.Build.Args = map[string]string{"NODE_ENV": "production"}
	s.Run.Ports = map[string]int{"3000": 8080}
	s.Run.Env = map[string]string{"B": "2", "A": "1"}
	p := NewPlan("/w/lab/app/Dockerfile", dockerfile.Parse(labDockerfile), s, "")
	if p.Tag != "my-app:v2" || p.ContextDir != "/w/lab" || p.Ports[0].Host != 8080 || p.Ports[0].Container != 3000 ||
		strings.Join(p.Env, ",") != "A=1,B=2" {
		t.Fatalf("plan = %+v", p)
	}
	var out strings.Builder
	sess := Session{Engine: &fakeEngine{}, Out: &out, UI: &scriptedUI{}, PortFree: func(string, int) bool { return true }}
	if _, err := sess.BuildAndRun(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"docker build -f app/Dockerfile --build-arg NODE_ENV=production -t my-app:v2 .", "docker run -d -p 127.0.0.1:8080:3000 -e A=1 -e B=2 my-app:v2"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if ValidTag("bad tag;rm") || ValidTag("UPPER") || !ValidTag("registry.local:5000/team/app:1.0") {
		t.Fatal("ValidTag")
	}
}

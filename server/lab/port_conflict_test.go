package lab

import (
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// portlessEngine answers a run that publishes a host port in busy with a
// PortAllocated error whose engine message names no port (Port 0), the way
// an unparsed engine message used to come back; other runs go to fakeEngine.
type portlessEngine struct {
	*fakeEngine
	busy map[int]bool
	runs int
}

func (f *portlessEngine) Run(ctx context.Context, req docker.RunRequest) (docker.Container, error) {
	f.runs++
	for _, p := range req.Ports {
		if f.busy[p.HostPort] {
			return docker.Container{}, &docker.Error{Kind: docker.PortAllocated,
				Message: "요청한 호스트 포트를 다른 컨테이너나 프로세스가 이미 사용하고 있어 컨테이너를 시작하지 못했습니다."}
		}
	}
	return f.fakeEngine.Run(ctx, req)
}

// offeredPort matches a "N번 포트로 실행" button in scriptedUI's record.
var offeredPort = regexp.MustCompile(`(\d+)번 포트로 실행`)

// With two published ports and an engine message that names none, the
// question offers no port at all: before, it offered "1번 포트로 실행"
// (the port after 0), and that retry failed.
func TestPortConflictUnknownPortOffersNoPort(t *testing.T) {
	p := NewPlan("/work/two-ports/Dockerfile", dockerfile.Parse("FROM node:lts-alpine\nEXPOSE 3000 8080\n"), Settings{}, "")
	if len(p.Ports) != 2 {
		t.Fatalf("plan ports = %+v", p.Ports)
	}
	f := &portlessEngine{fakeEngine: &fakeEngine{}, busy: map[int]bool{8080: true}}
	ui := &scriptedUI{answers: []int{0}}
	s := Session{Engine: f, Out: io.Discard, UI: ui, PortFree: func(string, int) bool { return true }}
	_, err := s.Run(context.Background(), p)
	if docker.KindOf(err) != docker.Canceled {
		t.Fatalf("Run = %v, want Canceled", err)
	}
	if len(ui.questions) != 1 {
		t.Fatalf("questions = %q", ui.questions)
	}
	q := ui.questions[0]
	if m := offeredPort.FindString(q); m != "" {
		t.Errorf("the question offers %q though no port is known: %q", m, q)
	}
	if !strings.Contains(q, "3000번, 8080번") || !strings.Contains(q, "dockerlab.run.ports") {
		t.Errorf("the question does not name the ports it tried or the setting: %q", q)
	}
	if f.runs != 1 || len(f.containers) != 0 {
		t.Errorf("runs = %d, containers = %+v; want one failed run and nothing started", f.runs, f.containers)
	}
}

// With one published port, a message without a port still names it: the
// run's own host port is the one that is taken.
func TestPortConflictUnknownPortSinglePort(t *testing.T) {
	p := labPlan(t)
	f := &portlessEngine{fakeEngine: &fakeEngine{}, busy: map[int]bool{3000: true}}
	ui := &scriptedUI{answers: []int{0}}
	s := Session{Engine: f, Out: io.Discard, UI: ui, PortFree: func(string, int) bool { return true }}
	res, err := s.Run(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(ui.questions) != 1 || offeredPort.FindStringSubmatch(ui.questions[0]) == nil || offeredPort.FindStringSubmatch(ui.questions[0])[1] != "3001" {
		t.Fatalf("questions = %q, want one offering 3001", ui.questions)
	}
	if got := res.Containers[0].Ports[0].HostPort; got != 3001 {
		t.Errorf("published host port %d, want 3001", got)
	}
}

// When no free port is found, neither question offers "0번 포트로 실행",
// and the button after "중지·삭제 후 실행" is then 취소.
func TestPortConflictNoFreePort(t *testing.T) {
	p := labPlan(t)
	none := func(string, int) bool { return false }
	// Another process holds the port; the engine's message names it.
	ui := &scriptedUI{answers: []int{0}}
	s := Session{Engine: &fakeEngine{busyHost: map[int]bool{3000: true}}, Out: io.Discard, UI: ui, PortFree: none}
	if _, err := s.Run(context.Background(), p); docker.KindOf(err) != docker.Canceled {
		t.Fatalf("Run = %v, want Canceled", err)
	}
	if len(ui.questions) != 1 || offeredPort.MatchString(ui.questions[0]) {
		t.Fatalf("questions = %q, want one without a port to run on", ui.questions)
	}
	// Another container publishes the port.
	f := &fakeEngine{}
	s = Session{Engine: f, Out: io.Discard, UI: &scriptedUI{}, PortFree: none}
	if _, err := s.Run(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	ui = &scriptedUI{answers: []int{1}}
	s.UI = ui
	if _, err := s.Run(context.Background(), p); docker.KindOf(err) != docker.Canceled || len(f.containers) != 1 {
		t.Fatalf("second run: %v, %d containers; want Canceled and the first container kept", err, len(f.containers))
	}
	if len(ui.questions) != 1 || offeredPort.MatchString(ui.questions[0]) || !strings.HasSuffix(ui.questions[0], "중지·삭제 후 실행 / 취소") {
		t.Fatalf("questions = %q", ui.questions)
	}
}

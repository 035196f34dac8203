package lab

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
)

// fakeCompose stands in for the dockerlab-compose helper: it records the
// requests and answers with the containers of a project.
type fakeCompose struct {
	reqs []docker.ComposeRequest
	res  docker.ComposeResult
	err  error
}

func (f *fakeCompose) Run(ctx context.Context, req docker.ComposeRequest, progress func(docker.ComposeLine)) (docker.ComposeResult, error) {
	f.reqs = append(f.reqs, req)
	if progress != nil {
		progress(docker.ComposeLine{Event: &docker.ComposeEvent{ID: "Container lab-app-1", Status: "Started"}})
		progress(docker.ComposeLine{Log: "Step 1/5 : FROM node:lts-alpine"})
	}
	return f.res, f.err
}

const labCompose = `services:
  app:
    build: .
    ports:
      - "127.0.0.1:3000:3000"
    volumes:
      - todo-data:/etc/todos
  stats:
    build: ./stats
    ports:
      - "127.0.0.1:3001:8080"
volumes:
  todo-data:
`

func composeLabResult() docker.ComposeResult {
	return docker.ComposeResult{Project: "lab", Containers: []docker.ComposeContainer{
		{Service: "app", ID: "a1", Name: "lab-app-1", State: "running", Ports: []docker.ComposePort{{HostIP: "127.0.0.1", HostPort: 3000, ContainerPort: 3000, Protocol: "tcp"}}},
		{Service: "stats", ID: "s1", Name: "lab-stats-1", State: "running", Ports: []docker.ComposePort{{HostIP: "127.0.0.1", HostPort: 3001, ContainerPort: 8080, Protocol: "tcp"}}},
	}}
}

func TestComposeUpPrintsTheLineAndAnswersTheProject(t *testing.T) {
	fc := &fakeCompose{res: composeLabResult()}
	var out strings.Builder
	s := Session{Engine: &fakeEngine{}, Out: &out, UI: &scriptedUI{}, Compose: fc}
	p := NewComposePlan("/work/lab/compose.yaml", labCompose, "unix:///var/run/docker.sock")
	if p.Project != "lab" {
		t.Fatalf("project %q", p.Project)
	}
	res, err := s.ComposeUp(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.reqs) != 1 || fc.reqs[0].Op != docker.ComposeUp || fc.reqs[0].File != p.File || fc.reqs[0].Host != p.Host {
		t.Errorf("requests %+v", fc.reqs)
	}
	for _, want := range []string{"$ docker compose -f compose.yaml up -d    # ", "Container lab-app-1  Started", "Step 1/5", "docker compose -f compose.yaml ps"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if res.Project != "lab" || len(res.Containers) != 2 || res.Containers[0].Service != "app" || res.Containers[1].Ports[0].HostPort != 3001 {
		t.Errorf("result %+v", res)
	}
	if !strings.Contains(res.Message, "서비스 2개를 실행했습니다") || !strings.Contains(res.Message, "127.0.0.1:3000→3000") {
		t.Errorf("message %q", res.Message)
	}
	// One service: the request names it and the line shows it.
	out.Reset()
	if _, err := s.ComposeUp(context.Background(), p, []string{"stats"}); err != nil {
		t.Fatal(err)
	}
	if got := fc.reqs[1].Services; len(got) != 1 || got[0] != "stats" || !strings.Contains(out.String(), "up -d stats") {
		t.Errorf("one service: %v\n%s", got, out.String())
	}
}

// The tutorial's conflict, met by Compose: the app started with
// `▶ 빌드 후 실행` still holds 3000. The learner is asked; the first answer
// stops and removes it, then Compose runs. A container of the same project
// is never asked about.
func TestComposeUpAsksAboutAForeignContainerOnItsPort(t *testing.T) {
	eng := &fakeEngine{containers: []docker.Container{
		{ID: "old", Name: "getting-started-1", State: "running", Image: "sha256:abc",
			Ports: []docker.PortBinding{{HostIP: "127.0.0.1", HostPort: 3000, ContainerPort: 3000, Protocol: "tcp"}}},
		{ID: "mine", Name: "lab-stats-1", State: "running", Labels: map[string]string{LabelComposeProject: "lab"},
			Ports: []docker.PortBinding{{HostIP: "127.0.0.1", HostPort: 3001, ContainerPort: 8080, Protocol: "tcp"}}},
	}}
	ui := &scriptedUI{answers: []int{0}}
	fc := &fakeCompose{res: composeLabResult()}
	s := Session{Engine: eng, Out: &strings.Builder{}, UI: ui, Compose: fc}
	p := NewComposePlan("/work/lab/compose.yaml", labCompose, "")
	if _, err := s.ComposeUp(context.Background(), p, nil); err != nil {
		t.Fatal(err)
	}
	if len(ui.questions) != 1 || !strings.Contains(ui.questions[0], "호스트 포트 3000번") || !strings.Contains(ui.questions[0], "getting-started-1") {
		t.Fatalf("questions %q", ui.questions)
	}
	if len(eng.containers) != 1 || eng.containers[0].ID != "mine" || len(fc.reqs) != 1 {
		t.Errorf("after the answer: containers %+v, requests %d", eng.containers, len(fc.reqs))
	}

	// Cancelling runs nothing and changes nothing.
	eng.containers = append(eng.containers, docker.Container{ID: "old2", Name: "x", State: "running",
		Ports: []docker.PortBinding{{HostPort: 3000, ContainerPort: 3000, Protocol: "tcp"}}})
	ui = &scriptedUI{answers: []int{1}}
	s.UI = ui
	_, err := s.ComposeUp(context.Background(), p, nil)
	if !errors.Is(err, ErrCanceled) || len(fc.reqs) != 1 || len(eng.containers) != 2 {
		t.Errorf("cancel: %v, requests %d, containers %d", err, len(fc.reqs), len(eng.containers))
	}
	// Starting only stats does not ask about app's port.
	ui = &scriptedUI{}
	s.UI = ui
	if _, err := s.ComposeUp(context.Background(), p, []string{"stats"}); err != nil || len(ui.questions) != 0 {
		t.Errorf("stats alone: %v %q", err, ui.questions)
	}
}

func TestComposeDownSaysTheVolumesStay(t *testing.T) {
	fc := &fakeCompose{res: docker.ComposeResult{Project: "lab", Containers: []docker.ComposeContainer{}}}
	var out strings.Builder
	s := Session{Engine: &fakeEngine{}, Out: &out, UI: &scriptedUI{}, Compose: fc}
	res, err := s.ComposeDown(context.Background(), NewComposePlan("/work/lab/compose.yaml", labCompose, ""))
	if err != nil {
		t.Fatal(err)
	}
	if fc.reqs[0].Op != docker.ComposeDown || fc.reqs[0].Volumes {
		t.Errorf("request %+v: down keeps volumes, as docker compose down does", fc.reqs[0])
	}
	if !strings.Contains(res.Message, "`todo-data`") || !strings.Contains(res.Message, "docker compose down -v") || !strings.Contains(out.String(), "$ docker compose -f compose.yaml down") {
		t.Errorf("message %q\n%s", res.Message, out.String())
	}
}

func TestComposeWithoutHelperAndFailures(t *testing.T) {
	s := Session{Engine: &fakeEngine{}, Out: &strings.Builder{}, UI: &scriptedUI{}}
	if _, err := s.ComposeUp(context.Background(), NewComposePlan("/w/compose.yaml", labCompose, ""), nil); err == nil || !strings.Contains(err.Error(), "dockerlab-compose") {
		t.Errorf("no helper: %v", err)
	}
	want := &docker.Error{Kind: docker.PortAllocated, Port: 3000, Message: "x"}
	s.Compose = &fakeCompose{err: want}
	if _, err := s.ComposeUp(context.Background(), NewComposePlan("/w/compose.yaml", labCompose, ""), nil); docker.KindOf(err) != docker.PortAllocated {
		t.Errorf("the helper's failure is passed on: %v", err)
	}
}

func TestComposeLogsOnlyOfTheProject(t *testing.T) {
	eng := &fakeEngine{containers: []docker.Container{
		{ID: "a1", Name: "lab-app-1", State: "running", Labels: map[string]string{LabelComposeProject: "lab", LabelComposeService: "app"}},
		{ID: "z9", Name: "other", State: "running", Labels: map[string]string{LabelComposeProject: "other"}},
	}}
	s := Session{Engine: eng, Out: &strings.Builder{}, UI: &scriptedUI{}}
	p := NewComposePlan("/work/lab/compose.yaml", labCompose, "")
	var out strings.Builder
	if err := s.ComposeLogs(context.Background(), p, "a1", &out); err != nil || !strings.Contains(out.String(), "logs -f app") {
		t.Errorf("own container: %v %q", err, out.String())
	}
	if err := s.ComposeLogs(context.Background(), p, "z9", &out); docker.KindOf(err) != docker.NotFound {
		t.Errorf("another project's container: %v", err)
	}
}

func TestComposeLenses(t *testing.T) {
	p := NewComposePlan("/work/lab/compose.yaml", labCompose, "")
	cs := []docker.Container{
		{ID: "a1", Name: "lab-app-1", State: "running", Labels: map[string]string{LabelComposeProject: "lab", LabelComposeService: "app"},
			Ports: []docker.PortBinding{{HostIP: "127.0.0.1", HostPort: 3000, ContainerPort: 3000, Protocol: "tcp"}}},
		{ID: "s1", Name: "lab-stats-1", State: "exited", Labels: map[string]string{LabelComposeProject: "lab", LabelComposeService: "stats"}},
	}
	var got []string
	for _, l := range ComposeLenses(p.Parsed, "file:///work/lab/compose.yaml", cs, true) {
		got = append(got, labCompose[l.Span.Start:l.Span.End]+": "+l.Title+" -> "+l.Command+" "+strings.Join(l.Args.Services, ","))
	}
	want := []string{
		"services: ▶ 모두 실행 (compose up -d) -> dockerlab.composeUp ",
		"services: 중지 및 삭제 (compose down) -> dockerlab.composeDown ",
		"app: ● 실행 중 127.0.0.1:3000→3000 -> dockerlab.composeLogs ",
		"app: 브라우저에서 열기 -> dockerlab.openInBrowser ",
		"app: 로그 -> dockerlab.composeLogs ",
		"stats: ○ 종료됨 -> dockerlab.composeLogs ",
		"stats: ▶ 실행 -> dockerlab.composeUp stats",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lenses:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Without action lenses only the state stays.
	for _, l := range ComposeLenses(p.Parsed, "u", cs, false) {
		if l.Command == CommandComposeUp || l.Command == CommandComposeDown {
			t.Errorf("action lens %q with actions off", l.Title)
		}
	}
}

// The images Compose built are matched to their services' Dockerfiles:
// `image:` names one, PROJECT-SERVICE the other.
func TestComposeUpBuildsMatchDockerfiles(t *testing.T) {
	text := "services:\n  app:\n    build: .\n    image: getting-started\n  stats:\n    build: ./stats\n"
	fc := &buildingCompose{fakeCompose: fakeCompose{res: composeLabResult()}, builds: []docker.ComposeBuild{
		{Image: "getting-started", Steps: []docker.BuildStep{{Step: 1, Text: "FROM node:lts-alpine"}}},
		{Image: "lab-stats", Steps: []docker.BuildStep{{Step: 1, Text: "FROM node:lts-alpine"}}},
		{Image: "unrelated"},
	}}
	s := Session{Engine: &fakeEngine{}, Out: &strings.Builder{}, UI: &scriptedUI{}, Compose: fc}
	res, err := s.ComposeUp(context.Background(), NewComposePlan("/work/lab/compose.yaml", text, ""), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Builds) != 2 || res.Builds[0].Service != "app" || res.Builds[0].Dockerfile != "/work/lab/Dockerfile" ||
		res.Builds[1].Service != "stats" || res.Builds[1].Dockerfile != "/work/lab/stats/Dockerfile" {
		t.Errorf("builds %+v", res.Builds)
	}
}

// buildingCompose reports builds before its result.
type buildingCompose struct {
	fakeCompose
	builds []docker.ComposeBuild
}

func (f *buildingCompose) Run(ctx context.Context, req docker.ComposeRequest, progress func(docker.ComposeLine)) (docker.ComposeResult, error) {
	for i := range f.builds {
		progress(docker.ComposeLine{Build: &f.builds[i]})
	}
	return f.fakeCompose.Run(ctx, req, progress)
}

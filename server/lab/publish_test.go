package lab

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// labWithoutExpose is the lab's Dockerfile with `EXPOSE 3000` deleted.
const labWithoutExpose = "FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\nRUN yarn install --production\nCMD [\"node\", \"src/index.js\"]\n"

// publishRun plans text with the ports setting, builds and runs it on the
// fake engine, and returns the plan, the result and the output channel.
func publishRun(t *testing.T, text string, ports map[string]int) (Plan, Result, string) {
	t.Helper()
	var s Settings
	s.Run.Ports = ports
	p := NewPlan("/work/getting-started/Dockerfile", dockerfile.Parse(text), s, "")
	var out strings.Builder
	ui := &scriptedUI{}
	sess := Session{Engine: &fakeEngine{}, Out: &out, UI: ui, PortFree: func(string, int) bool { return true }}
	res, err := sess.BuildAndRun(context.Background(), p)
	if err != nil {
		t.Fatalf("BuildAndRun: %v", err)
	}
	if len(ui.questions) != 0 {
		t.Fatalf("asked %q", ui.questions)
	}
	return p, res, out.String()
}

func mustContain(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

// `-p` publishes without EXPOSE: dockerlab.run.ports names a port the
// Dockerfile does not EXPOSE, and the run publishes it, says so in the
// `docker run` line and answers with the address.
func TestPortsSettingPublishesWithoutExpose(t *testing.T) {
	p, res, out := publishRun(t, labWithoutExpose, map[string]int{"3000": 8080})
	if want := []Port{{Container: 3000, Host: 8080, Protocol: "tcp", Setting: true}}; !reflect.DeepEqual(p.Ports, want) {
		t.Fatalf("plan ports = %+v, want %+v", p.Ports, want)
	}
	if got := res.Containers[0].Ports; len(got) != 1 || got[0].HostPort != 8080 || got[0].ContainerPort != 3000 || got[0].HostIP != "127.0.0.1" {
		t.Fatalf("published %+v", got)
	}
	if res.Message != "`c1` 컨테이너가 http://127.0.0.1:8080 에서 실행 중입니다." {
		t.Errorf("message = %q", res.Message)
	}
	mustContain(t, "output", out,
		"$ docker run -d -p 127.0.0.1:8080:3000 getting-started    # 컨테이너를 백그라운드에서 실행합니다",
		"# `-p`로 게시한 포트: 컨테이너 포트 3000/tcp → 127.0.0.1:8080 (`dockerlab.run.ports` 설정)",
		"포트를 게시하는 것은 `-p`입니다", "`0.0.0.0`에서 연결을 기다리는지")
}

// A UDP port from the setting is published as `-p …/udp`; it is no web
// address, so the message names the port instead of an http:// address.
func TestPortsSettingPublishesUDP(t *testing.T) {
	p, res, out := publishRun(t, labWithoutExpose, map[string]int{"3000/udp": 5000})
	if want := []Port{{Container: 3000, Host: 5000, Protocol: "udp", Setting: true}}; !reflect.DeepEqual(p.Ports, want) {
		t.Fatalf("plan ports = %+v, want %+v", p.Ports, want)
	}
	mustContain(t, "output", out, "$ docker run -d -p 127.0.0.1:5000:3000/udp getting-started ")
	if strings.Contains(res.Message, "http://") || !strings.Contains(res.Message, "127.0.0.1:5000→3000/udp") {
		t.Errorf("message = %q", res.Message)
	}
}

// EXPOSEd ports keep their own number unless the setting names them; the
// setting adds the ports it names beyond them, in port order; "3000/tcp"
// and "3000" are the same port, and the one with the protocol wins.
func TestPortsSettingAddsToExpose(t *testing.T) {
	text := "FROM node:lts-alpine\nEXPOSE 3000 53/udp 9229\n"
	p, _, out := publishRun(t, text, map[string]int{"9229": 9339, "8080": 18080, "7000/udp": 7001, "4000": 1, "4000/tcp": 4001})
	want := []Port{
		{Container: 3000, Host: 3000, Protocol: "tcp", Exposed: true},
		{Container: 53, Host: 53, Protocol: "udp", Exposed: true},
		{Container: 9229, Host: 9339, Protocol: "tcp", Exposed: true, Setting: true},
		{Container: 4000, Host: 4001, Protocol: "tcp", Setting: true},
		{Container: 7000, Host: 7001, Protocol: "udp", Setting: true},
		{Container: 8080, Host: 18080, Protocol: "tcp", Setting: true},
	}
	if !reflect.DeepEqual(p.Ports, want) {
		t.Fatalf("plan ports\n got %+v\nwant %+v", p.Ports, want)
	}
	mustContain(t, "output", out,
		"docker run -d -p 127.0.0.1:3000:3000 -p 127.0.0.1:53:53/udp -p 127.0.0.1:9339:9229 -p 127.0.0.1:4001:4000 -p 127.0.0.1:7001:7000/udp -p 127.0.0.1:18080:8080 getting-started",
		"컨테이너 포트 3000/tcp → 127.0.0.1:3000 (`EXPOSE`에 적힌 포트)",
		"컨테이너 포트 9229/tcp → 127.0.0.1:9339 (`dockerlab.run.ports` 설정)")
}

// No EXPOSE and no setting: the container still runs, nothing is
// published, and both the message and the output channel say why and how.
func TestNothingPublishedExplainsItself(t *testing.T) {
	p, res, out := publishRun(t, labWithoutExpose, nil)
	if len(p.Ports) != 0 || len(res.Containers) != 1 || len(res.Containers[0].Ports) != 0 {
		t.Fatalf("plan %+v, result %+v", p.Ports, res)
	}
	want := "`c1` 컨테이너를 실행했지만 게시한 포트가 없어 호스트의 포트로는 앱에 접속할 수 없습니다. " +
		"이 Dockerfile에는 `EXPOSE` 지시문이 없고 `dockerlab.run.ports` 설정도 비어 있습니다. " +
		"앱이 3000번 포트를 쓴다면 `dockerlab.run.ports` 설정에 `{\"3000\": 3000}`을 적고 다시 실행하십시오(`docker run -p 127.0.0.1:3000:3000`과 같습니다). " +
		"`EXPOSE`만으로는 포트가 게시되지 않습니다."
	if res.Message != want {
		t.Errorf("message\n got %s\nwant %s", res.Message, want)
	}
	mustContain(t, "output", out,
		"$ docker run -d getting-started    # 컨테이너를 백그라운드에서 실행합니다",
		"# 게시한 포트가 없습니다. 컨테이너는 실행 중이지만 호스트의 포트로는 앱에 접속할 수 없습니다.",
		"# dockerlab은 Dockerfile의 `EXPOSE` 지시문에 적힌 포트와 `dockerlab.run.ports` 설정에 적힌 포트를 `-p`로 게시합니다. 이 Dockerfile에는 `EXPOSE` 지시문이 없고 `dockerlab.run.ports` 설정도 비어 있습니다.",
		"같은 일을 하는 명령은 `docker run -d -p 127.0.0.1:3000:3000 getting-started`입니다.",
		"`-p`는 `EXPOSE` 없이도 포트를 게시하고, `EXPOSE`만으로는 아무 포트도 게시되지 않습니다.",
		"`127.0.0.1`이 아니라 `0.0.0.0`에서 연결을 기다려야 합니다")
	if strings.Contains(out, "게시한 포트:") {
		t.Errorf("output lists published ports:\n%s", out)
	}
}

// An EXPOSE the lab cannot publish one to one (a variable, a range) and a
// setting entry that names no port are named in the explanation, which
// then does not claim the Dockerfile has no EXPOSE or the setting is empty.
func TestNothingPublishedNamesWhatWasSkipped(t *testing.T) {
	p, res, out := publishRun(t, "FROM node:lts-alpine\nARG PORT=3000\nEXPOSE $PORT 8000-8010\n", map[string]int{"web": 8080})
	if !reflect.DeepEqual(p.SkippedExpose, []string{"$PORT", "8000-8010"}) || !reflect.DeepEqual(p.IgnoredPorts, []string{`"web": 8080`}) {
		t.Fatalf("skipped %q, ignored %q", p.SkippedExpose, p.IgnoredPorts)
	}
	mustContain(t, "message", res.Message,
		"`EXPOSE` 지시문의 값(`$PORT`, `8000-8010`)은 dockerlab이 스스로 게시하지 않는 값(변수, 포트 범위, `sctp` 포트)이고 `dockerlab.run.ports` 설정에는 쓸 수 있는 항목이 없습니다.")
	if strings.Contains(res.Message, "지시문이 없고") || strings.Contains(res.Message, "비어 있습니다") {
		t.Errorf("message = %q", res.Message)
	}
	mustContain(t, "output", out, "# `dockerlab.run.ports` 설정의 `\"web\": 8080` 항목은 쓰지 않았습니다.")

	// With a port published after all, the skipped values are still named.
	_, res, out = publishRun(t, "FROM node:lts-alpine\nEXPOSE $PORT 3000\n", nil)
	mustContain(t, "output", out, "# `EXPOSE` 지시문의 값(`$PORT`)은 게시하지 않았습니다.")
	if !strings.Contains(res.Message, "http://127.0.0.1:3000") {
		t.Errorf("message = %q", res.Message)
	}
}

// In a multi-stage Dockerfile the EXPOSE that counts is the built stage's.
func TestNothingPublishedInMultiStage(t *testing.T) {
	_, res, _ := publishRun(t, "FROM node:lts-alpine AS dev\nEXPOSE 3000\nFROM node:lts-alpine\nCMD [\"node\"]\n", nil)
	mustContain(t, "message", res.Message, "빌드한 단계에는 `EXPOSE` 지시문이 없고")
}

// An IPv6 bind address is written the way the docker CLI reads it.
func TestPublishSpecIPv6(t *testing.T) {
	var s Settings
	s.Run.BindAddress = "::1"
	p := NewPlan("/work/getting-started/Dockerfile", dockerfile.Parse(labDockerfile), s, "")
	var out strings.Builder
	sess := Session{Engine: &fakeEngine{}, Out: &out, UI: &scriptedUI{answers: []int{0}}, PortFree: func(string, int) bool { return true }}
	res, err := sess.Run(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "output", out.String(), "docker run -d -p [::1]:3000:3000 getting-started", "→ [::1]:3000")
	mustContain(t, "message", res.Message, "http://[::1]:3000 ")
}

// A running container that publishes nothing has no 브라우저에서 열기 lens,
// and its state lens says so.
func TestLensWithoutPublishedPorts(t *testing.T) {
	now := time.Unix(1000, 0)
	cs := []docker.Container{{ID: "a", State: "running", Created: now.Add(-time.Minute)}}
	var titles []string
	for _, l := range Lenses(dockerfile.Parse(labWithoutExpose), "file:///x/Dockerfile", cs, false, now) {
		titles = append(titles, l.Title)
	}
	want := "▶ 빌드 후 실행|빌드|● 실행 중 (게시한 포트 없음) · 1분 전|로그|중지 및 삭제"
	if got := strings.Join(titles, "|"); got != want {
		t.Fatalf("lenses\n got %s\nwant %s", got, want)
	}
}

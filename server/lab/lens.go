package lab

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Command ids. The server executes the first group; the extension executes
// CommandOpenInBrowser itself (it needs vscode.env.asExternalUri). The lenses
// and the dispatcher use the same constants, so they cannot drift apart.
const (
	CommandBuild         = "dockerlab.build"
	CommandRun           = "dockerlab.run"
	CommandBuildAndRun   = "dockerlab.buildAndRun"
	CommandStopAndRemove = "dockerlab.stopAndRemove"
	CommandStart         = "dockerlab.start"
	CommandRemove        = "dockerlab.remove"
	CommandLogs          = "dockerlab.logs"
	CommandImages        = "dockerlab.images"
	CommandPs            = "dockerlab.ps"
	CommandOpenInBrowser = "dockerlab.openInBrowser"
	CommandPush          = "dockerlab.push"
	CommandLogin         = "dockerlab.login"
	CommandRunDev        = "dockerlab.runDev"
	CommandRunWithVolume = "dockerlab.runWithVolume"
	CommandVolumes       = "dockerlab.volumes"
	CommandRemoveVolume  = "dockerlab.removeVolume"
)

// Commands lists every command the server executes.
var Commands = []string{CommandBuild, CommandRun, CommandBuildAndRun, CommandStopAndRemove,
	CommandStart, CommandRemove, CommandLogs, CommandImages, CommandPs, CommandPush, CommandLogin,
	CommandRunDev, CommandRunWithVolume, CommandVolumes, CommandRemoveVolume,
	CommandComposeUp, CommandComposeDown, CommandComposePs, CommandComposeLogs,
	CommandK8sDeploy, CommandK8sStatus, CommandK8sDelete, CommandK8sOpenPortForward, CommandK8sLogs,
	CommandK8sCreateCluster, CommandK8sDeleteCluster}

// Args is the argument object of every lab command.
type Args struct {
	URI string `json:"uri,omitempty"`
	// Target is the stage to build (`--target`), or for dockerlab.push the
	// reference to push to ("127.0.0.1:5000/getting-started:1.0").
	Target      string `json:"target,omitempty"`
	ContainerID string `json:"containerId,omitempty"`
	HostIP      string `json:"hostIp,omitempty"`
	HostPort    int    `json:"hostPort,omitempty"`
	// Volume is dockerlab.runWithVolume's volume, as `-v` writes it
	// ("todo-db:/etc/todos"); "" proposes one (DefaultVolume).
	Volume string `json:"volume,omitempty"`
	// Name is the volume dockerlab.removeVolume removes.
	Name string `json:"name,omitempty"`
	// Registry, Username and Secret (a password or an access token) are
	// dockerlab.login's; the secret goes to Docker's credential store and
	// nowhere else.
	Registry string `json:"registry,omitempty"`
	Username string `json:"username,omitempty"`
	Secret   string `json:"secret,omitempty"`
	// Services are the Compose services dockerlab.composeUp starts (all
	// when empty).
	Services []string `json:"services,omitempty"`
}

// Lens is a code lens: a clickable title above a line that runs a command.
type Lens struct {
	Span    dockerfile.Span
	Title   string
	Command string
	Args    Args
}

// Lenses returns the lab's code lenses: build and run above the last
// stage's FROM (and, once a build from the editor succeeded, push), a
// build of each other named stage above its FROM, and the live state of
// this Dockerfile's containers (newest first) with what can be done to
// them.
func Lenses(m *dockerfile.Model, uri string, containers []docker.Container, built bool, now time.Time) []Lens {
	if len(m.Stages) == 0 {
		return nil
	}
	var out []Lens
	last := m.Stages[len(m.Stages)-1]
	for _, st := range m.Stages[:len(m.Stages)-1] {
		if st.Name != "" {
			out = append(out, Lens{Span: st.From.KeywordSpan, Title: fmt.Sprintf("빌드 (--target %s)", st.Name),
				Command: CommandBuild, Args: Args{URI: uri, Target: st.Name}})
		}
	}
	at := last.From.KeywordSpan
	out = append(out,
		Lens{Span: at, Title: "▶ 빌드 후 실행", Command: CommandBuildAndRun, Args: Args{URI: uri}},
		Lens{Span: at, Title: "빌드", Command: CommandBuild, Args: Args{URI: uri}},
	)
	if built {
		out = append(out, Lens{Span: at, Title: "레지스트리에 푸시", Command: CommandPush, Args: Args{URI: uri}})
	}
	cs := append([]docker.Container(nil), containers...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Created.After(cs[j].Created) })
	for _, c := range cs {
		a := Args{URI: uri, ContainerID: c.ID}
		if c.State == "running" {
			ports := portsText(c.Ports)
			if ports == "" {
				// No 브라우저에서 열기 below: say why, so the learner does
				// not look for a port that was never published.
				ports = "(게시한 포트 없음)"
			}
			state := "● 실행 중 "
			if c.Labels[LabelMode] == ModeDev {
				state = "● 개발 모드 "
			}
			out = append(out, Lens{Span: at, Title: strings.TrimSpace(state+ports) + volumesText(c.Mounts) + ago(now, c.Created), Command: CommandLogs, Args: a})
			if hp := firstHostPort(c.Ports); hp.HostPort > 0 {
				out = append(out, Lens{Span: at, Title: "브라우저에서 열기", Command: CommandOpenInBrowser,
					Args: Args{URI: uri, ContainerID: c.ID, HostIP: hp.HostIP, HostPort: hp.HostPort}})
			}
			out = append(out,
				Lens{Span: at, Title: "로그", Command: CommandLogs, Args: a},
				Lens{Span: at, Title: "중지 및 삭제", Command: CommandStopAndRemove, Args: a})
		} else {
			out = append(out,
				Lens{Span: at, Title: "○ 중지됨" + ago(now, c.Created), Command: CommandLogs, Args: a},
				Lens{Span: at, Title: "시작", Command: CommandStart, Args: a},
				Lens{Span: at, Title: "삭제", Command: CommandRemove, Args: a})
		}
	}
	return out
}

func firstHostPort(ps []docker.PortBinding) docker.PortBinding {
	for _, p := range ps {
		if p.HostPort > 0 && (p.Protocol == "" || p.Protocol == "tcp") {
			return p
		}
	}
	return docker.PortBinding{}
}

// portsText is "127.0.0.1:3000→3000 " for the published ports.
func portsText(ps []docker.PortBinding) string {
	var parts []string
	seen := map[string]bool{}
	for _, p := range ps {
		if p.HostPort == 0 {
			continue
		}
		s := fmt.Sprintf("%s:%d→%d", p.HostIP, p.HostPort, p.ContainerPort)
		if p.Protocol != "" && p.Protocol != "tcp" {
			s += "/" + p.Protocol
		}
		if !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ", ") + " "
}

// volumesText is " · 볼륨 todo-db" for the named volumes a container uses.
func volumesText(ms []docker.Mount) string {
	var names []string
	for _, m := range ms {
		if m.Type == docker.MountVolume && !isAnonymousVolume(m.Source) {
			names = append(names, m.Source)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return " · 볼륨 " + strings.Join(names, ", ")
}

// ago is " · 2분 전" for a time before now.
func ago(now, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return " · " + Ago(now.Sub(t))
}

// Ago says a duration in the past in Korean: 방금, 5초 전, 2분 전, 3시간 전, 4일 전.
func Ago(d time.Duration) string {
	switch {
	case d < 5*time.Second:
		return "방금"
	case d < time.Minute:
		return fmt.Sprintf("%d초 전", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d분 전", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%d시간 전", int(d.Hours()))
	default:
		return fmt.Sprintf("%d일 전", int(d.Hours()/24))
	}
}

package lab

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/server/compose"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// CommandComposeLogs follows one Compose container's output.
const CommandComposeLogs = "dockerlab.composeLogs"

// LabelComposeProject and LabelComposeService are the labels Compose puts
// on a project's containers.
const (
	LabelComposeProject = labelComposeProject
	LabelComposeService = labelComposeService
)

// ComposeLenses are the lenses of a Compose file: above `services:`, run
// everything (and, when the project has containers, stop and remove
// them); above each service, run it alone, and its live state with what
// can be done with its container. actions false (the
// dockerlab.compose.actionLenses setting) leaves only the state lenses.
func ComposeLenses(f *compose.File, uri string, containers []docker.Container, actions bool) []Lens {
	var services compose.Entry
	found := false
	for _, s := range f.Sections {
		if s.Key == "services" {
			services, found = s, true
		}
	}
	if !found {
		return nil
	}
	at := span(services.Span)
	var out []Lens
	if actions {
		out = append(out, Lens{Span: at, Title: "▶ 모두 실행 (compose up -d)", Command: CommandComposeUp, Args: Args{URI: uri}})
		if len(containers) > 0 {
			out = append(out, Lens{Span: at, Title: "중지 및 삭제 (compose down)", Command: CommandComposeDown, Args: Args{URI: uri}})
		}
	}
	byService := map[string][]docker.Container{}
	for _, c := range containers {
		byService[c.Labels[LabelComposeService]] = append(byService[c.Labels[LabelComposeService]], c)
	}
	for _, svc := range f.Services() {
		sat := span(svc.Span)
		cs := byService[svc.Key]
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
		running := false
		for _, c := range cs {
			a := Args{URI: uri, ContainerID: c.ID}
			if c.State == "running" {
				running = true
				ports := strings.TrimSpace(portsText(c.Ports))
				if ports == "" {
					ports = "(게시한 포트 없음)"
				}
				out = append(out, Lens{Span: sat, Title: "● 실행 중 " + ports, Command: CommandComposeLogs, Args: a})
				if hp := firstHostPort(c.Ports); hp.HostPort > 0 {
					out = append(out, Lens{Span: sat, Title: "브라우저에서 열기", Command: CommandOpenInBrowser,
						Args: Args{URI: uri, ContainerID: c.ID, HostIP: hp.HostIP, HostPort: hp.HostPort}})
				}
				out = append(out, Lens{Span: sat, Title: "로그", Command: CommandComposeLogs, Args: a})
			} else {
				out = append(out, Lens{Span: sat, Title: fmt.Sprintf("○ %s", stateWord(c.State)), Command: CommandComposeLogs, Args: a})
			}
		}
		if actions && !running {
			out = append(out, Lens{Span: sat, Title: "▶ 실행", Command: CommandComposeUp, Args: Args{URI: uri, Services: []string{svc.Key}}})
		}
	}
	return out
}

// stateWord is a stopped container's state in Korean.
func stateWord(state string) string {
	switch state {
	case "exited":
		return "종료됨"
	case "created":
		return "만들어짐(시작 안 함)"
	case "restarting":
		return "다시 시작하는 중"
	case "paused":
		return "일시 중지됨"
	case "dead":
		return "멈춤(dead)"
	}
	return state
}

func span(s compose.Span) dockerfile.Span { return dockerfile.Span{Start: s.Start, End: s.End} }

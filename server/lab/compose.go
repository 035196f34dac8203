package lab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dockerlab/dockerlab/server/compose"
	"github.com/dockerlab/dockerlab/server/docker"
)

// The Compose commands (`docker compose up -d`, `down`, `ps`).
const (
	CommandComposeUp   = "dockerlab.composeUp"
	CommandComposeDown = "dockerlab.composeDown"
	CommandComposePs   = "dockerlab.composePs"
)

// ComposeRunner runs one Compose operation (package composeproc's helper,
// which links Docker's Compose SDK), passing its steps and log lines on.
type ComposeRunner interface {
	Run(ctx context.Context, req docker.ComposeRequest, progress func(docker.ComposeLine)) (docker.ComposeResult, error)
}

// ComposePlan is a saved Compose file to act on.
type ComposePlan struct {
	// File is the Compose file's absolute path.
	File string
	// Project is the name Compose gives the project ("" when only Compose
	// can tell: a `name` with a variable).
	Project string
	// Parsed is the file as saved.
	Parsed *compose.File
	// Host is the engine's address, the one the editor uses.
	Host string
}

// NewComposePlan plans actions on a saved Compose file.
func NewComposePlan(file, text, host string) ComposePlan {
	f := compose.Parse(text)
	name, _ := f.ProjectName(file)
	return ComposePlan{File: file, Project: name, Parsed: f, Host: host}
}

// composeLabels are the labels Compose puts on a project's containers.
const (
	labelComposeProject = "com.docker.compose.project"
	labelComposeService = "com.docker.compose.service"
)

// ComposeUp builds what is missing and starts the services (all when
// services is empty), as `docker compose up -d` does, after asking about
// host ports that containers outside the project already publish.
func (s Session) ComposeUp(ctx context.Context, p ComposePlan, services []string) (Result, error) {
	if s.Compose == nil {
		return Result{}, errors.New(MsgComposeUnavailable)
	}
	if err := s.composeConflicts(ctx, p, services); err != nil {
		return Result{}, err
	}
	cmd := "docker compose -f " + filepath.Base(p.File) + " up -d"
	if len(services) > 0 {
		cmd += " " + strings.Join(services, " ")
	}
	s.say(cmd, "서비스 이미지가 없으면 빌드하고, 컨테이너를 백그라운드에서 실행합니다")
	var builds []docker.ComposeBuild
	res, err := s.Compose.Run(ctx, docker.ComposeRequest{Op: docker.ComposeUp, File: p.File, Services: services, Host: p.Host}, func(l docker.ComposeLine) {
		s.composeProgress(l)
		if l.Build != nil {
			builds = append(builds, *l.Build)
		}
	})
	if err != nil {
		return Result{}, err
	}
	s.say("docker compose -f "+filepath.Base(p.File)+" ps", "서비스마다 컨테이너의 상태와 게시한 포트를 봅니다")
	out := composeResult(res)
	out.Builds = p.serviceBuilds(builds)
	running := 0
	var parts []string
	for _, c := range out.Containers {
		if c.State == "running" {
			running++
		}
		part := "`" + c.Service + "`"
		for _, pt := range c.Ports {
			part += fmt.Sprintf(" %s:%d→%d", displayIP(pt.HostIP), pt.HostPort, pt.ContainerPort)
		}
		parts = append(parts, part)
		fmt.Fprintf(s.Out, "  %-12s %-10s %s\n", c.Service, c.State, strings.TrimPrefix(part, "`"+c.Service+"`"))
	}
	out.Message = fmt.Sprintf("Compose 프로젝트 `%s`의 서비스 %d개를 실행했습니다: %s.", res.Project, running, strings.Join(parts, ", "))
	return out, nil
}

// ComposeDown stops and removes the project's containers and networks, as
// `docker compose down` does; named volumes stay (their data too).
func (s Session) ComposeDown(ctx context.Context, p ComposePlan) (Result, error) {
	if s.Compose == nil {
		return Result{}, errors.New(MsgComposeUnavailable)
	}
	s.say("docker compose -f "+filepath.Base(p.File)+" down", "서비스의 컨테이너와 네트워크를 중지·삭제합니다. 이름 있는 볼륨과 그 데이터는 남습니다")
	res, err := s.Compose.Run(ctx, docker.ComposeRequest{Op: docker.ComposeDown, File: p.File, Host: p.Host}, s.composeProgress)
	if err != nil {
		return Result{}, err
	}
	out := composeResult(res)
	out.Message = fmt.Sprintf("Compose 프로젝트 `%s`의 컨테이너와 네트워크를 삭제했습니다.", res.Project)
	if vols := p.Parsed.Defined(compose.KindVolume); len(vols) > 0 {
		names := make([]string, len(vols))
		for i, v := range vols {
			names[i] = "`" + v.Name + "`"
		}
		out.Message += fmt.Sprintf(" 이름 있는 볼륨(%s)은 데이터와 함께 남겨 두었습니다. 함께 지우려면 `docker compose down -v`를 실행합니다.", strings.Join(names, ", "))
	}
	return out, nil
}

// ComposePs lists the project's containers, as `docker compose ps -a`.
func (s Session) ComposePs(ctx context.Context, p ComposePlan) (Result, error) {
	if s.Compose == nil {
		return Result{}, errors.New(MsgComposeUnavailable)
	}
	res, err := s.Compose.Run(ctx, docker.ComposeRequest{Op: docker.ComposePs, File: p.File, Host: p.Host}, nil)
	if err != nil {
		return Result{}, err
	}
	out := composeResult(res)
	out.Message = fmt.Sprintf("Compose 프로젝트 `%s`의 컨테이너 %d개", res.Project, len(out.Containers))
	return out, nil
}

// composeProgress writes the helper's steps and log lines to the output.
func (s Session) composeProgress(l docker.ComposeLine) {
	switch {
	case l.Event != nil:
		line := fmt.Sprintf(" %s  %s", l.Event.ID, l.Event.Status)
		if l.Event.Text != "" {
			line += "  " + l.Event.Text
		}
		fmt.Fprintln(s.Out, line)
	case l.Log != "":
		fmt.Fprintln(s.Out, "   "+l.Log)
	}
}

// composeResult is the helper's result as the commands' JSON answer.
func composeResult(res docker.ComposeResult) Result {
	out := Result{Project: res.Project, Containers: []ContainerResult{}}
	for _, c := range res.Containers {
		cr := ContainerResult{ID: c.ID, Name: c.Name, Service: c.Service, State: c.State, Ports: []PortResult{}}
		for _, p := range c.Ports {
			cr.Ports = append(cr.Ports, PortResult{HostIP: p.HostIP, HostPort: p.HostPort, ContainerPort: p.ContainerPort, Protocol: p.Protocol})
		}
		out.Containers = append(out.Containers, cr)
	}
	return out
}

func displayIP(ip string) string {
	if ip == "" {
		return "0.0.0.0"
	}
	return ip
}

// composeConflicts asks, for each host port the services publish that a
// running container outside the project holds, whether to stop and remove
// that container first: the port conflict of 실습 #2, met again when
// the app started with `▶ 빌드 후 실행` still runs.
func (s Session) composeConflicts(ctx context.Context, p ComposePlan, services []string) error {
	ports := p.Parsed.PublishedPorts()
	if len(ports) == 0 {
		return nil
	}
	running, err := s.Engine.Containers(ctx, "", "", false)
	if err != nil {
		return err
	}
	for _, pub := range ports {
		if len(services) > 0 && !contains(services, pub.Service) {
			continue
		}
		holder := publisher(running, Port{Host: pub.HostPort, Container: pub.ContainerPort, Protocol: pub.Protocol})
		if holder == nil || (p.Project != "" && holder.Labels[labelComposeProject] == p.Project) {
			continue // free, or this project's own container, which Compose replaces
		}
		msg := fmt.Sprintf("서비스(`%s`)가 게시할 호스트 포트 %d번은 이미 `%s` 컨테이너(이미지 `%s`)가 쓰고 있습니다. 그대로 실행하면 `port is already allocated` 오류가 납니다. 어떻게 할까요?",
			pub.Service, pub.HostPort, holder.Name, docker.ShortID(holder.Image))
		choice, err := s.UI.Ask(ctx, msg, []string{"중지·삭제 후 실행", "취소"})
		if err != nil {
			return err
		}
		if choice != 0 {
			return ErrCanceled
		}
		if err := s.stopAndRemove(ctx, *holder); err != nil {
			return err
		}
		running = without(running, holder.ID)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ComposeLogs follows the output of one of the project's containers, as
// `docker compose logs -f SERVICE`; a container of another project or of
// none is refused.
func (s Session) ComposeLogs(ctx context.Context, p ComposePlan, containerID string, out io.Writer) error {
	cs, err := s.Engine.Containers(ctx, labelComposeProject, p.Project, true)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.ID == containerID || (containerID != "" && strings.HasPrefix(c.ID, containerID)) {
			fmt.Fprintf(out, "$ docker compose -f %s logs -f %s    # 서비스 컨테이너의 출력을 봅니다\n", filepath.Base(p.File), c.Labels[labelComposeService])
			return s.Engine.Logs(ctx, c.ID, true, "200", out)
		}
	}
	return &docker.Error{Kind: docker.NotFound, Message: fmt.Sprintf("Compose 프로젝트 `%s`의 컨테이너가 아닙니다: `%s`.", p.Project, docker.ShortID(containerID))}
}

// ServiceBuild is a service image Compose built, with the Dockerfile it
// built from (an absolute path), for the build insight of that Dockerfile.
type ServiceBuild struct {
	Service    string
	Dockerfile string
	Build      docker.ComposeBuild
}

// serviceBuilds matches Compose's builds to the services and their
// Dockerfiles: a service's image is its `image:`, else PROJECT-SERVICE.
func (p ComposePlan) serviceBuilds(builds []docker.ComposeBuild) []ServiceBuild {
	var out []ServiceBuild
	for _, b := range builds {
		for _, svc := range p.Parsed.Services() {
			name := p.Project + "-" + svc.Key
			if img := p.Parsed.ImageOf(svc.Key); img != "" {
				name = img
			}
			if name != b.Image {
				continue
			}
			if df, ok := p.Parsed.DockerfileOf(svc.Key); ok {
				if !filepath.IsAbs(df) {
					df = filepath.Join(filepath.Dir(p.File), filepath.FromSlash(df))
				}
				out = append(out, ServiceBuild{Service: svc.Key, Dockerfile: df, Build: b})
			}
		}
	}
	return out
}

// ServiceSummary is a Compose service build's summary for the output
// channel, titled with the service.
func ServiceSummary(service string, in *Insight) string {
	return strings.Replace(in.Summary(), "빌드 요약", fmt.Sprintf("빌드 요약: 서비스 `%s`", service), 1)
}

package lab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
)

// Engine is what the lab needs from the Docker engine; *engine.Client
// implements it and tests may pass a fake.
type Engine interface {
	Build(ctx context.Context, req docker.BuildRequest, out io.Writer) (docker.BuildResult, error)
	Run(ctx context.Context, req docker.RunRequest) (docker.Container, error)
	Containers(ctx context.Context, labelKey, labelValue string, all bool) ([]docker.Container, error)
	ContainersOfImage(ctx context.Context, image string) ([]docker.Container, error)
	Start(ctx context.Context, id string) error
	Stop(ctx context.Context, id string) error
	Remove(ctx context.Context, id string) error
	Logs(ctx context.Context, id string, follow bool, tail string, out io.Writer) error
	Images(ctx context.Context) ([]docker.Image, error)
}

// UI asks the learner a question with buttons; it returns the index of the
// chosen action, or -1 when the question was dismissed.
type UI interface {
	Ask(ctx context.Context, message string, actions []string) (int, error)
}

// Session runs lab steps: on an engine, writing the equivalent docker
// command lines and the engine's output to Out, asking UI before touching
// anything that dockerlab did not create.
type Session struct {
	Engine Engine
	Out    io.Writer
	UI     UI
	// PortFree reports whether a host port can be bound; nil checks by
	// listening on it briefly (the engine runs on this machine in the lab).
	PortFree func(hostIP string, port int) bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Pinged is the engine's answer to the ping the caller already made for
	// this action (the editor checks the engine before every command), so
	// a click asks the engine once; nil makes Build ping it.
	Pinged *docker.Info
	// Previous is the insight of the last build of the same Dockerfile
	// from the editor, for saying where a rebuild's cache broke; nil for
	// none.
	Previous *Insight
	// Registries are Docker's credential store and the reference rules,
	// for push and login; nil refuses them.
	Registries Registries
	// EngineRemote is the engine's address when it runs on another
	// machine, which cannot see this machine's folders (development mode
	// refuses then); "" for an engine on this machine.
	EngineRemote string
	// Compose runs Compose operations (the dockerlab-compose helper); nil
	// refuses them.
	Compose ComposeRunner
	// K8s runs Kubernetes operations (the dockerlab-k8s helper); nil
	// refuses them.
	K8s K8sRunner
}

// Result is the JSON answer of the lab commands: the image and the
// containers it started (or removed), with a Korean summary for the editor.
type Result struct {
	// Project is a Compose command's project name.
	Project    string            `json:"project,omitempty"`
	Image      string            `json:"image,omitempty"`
	ImageID    string            `json:"imageId,omitempty"`
	Containers []ContainerResult `json:"containers"`
	Message    string            `json:"message"`
	// Pushed is the reference a push stored in the registry, and
	// PullCommand the line a classmate runs to get it.
	Pushed      string `json:"pushed,omitempty"`
	Digest      string `json:"digest,omitempty"`
	PullCommand string `json:"pullCommand,omitempty"`
	// Insight is what a successful build did, line by line; the session
	// keeps it for hints and hovers (it is not sent to the editor).
	Insight *Insight `json:"-"`
	// Builds are the service images a Compose up built, for their
	// Dockerfiles' build insight (not sent to the editor).
	Builds []ServiceBuild `json:"-"`
	// K8s is a Kubernetes command's answer: the context, the Deployment's
	// rollout, its Pods, Service and Ingress.
	K8s *K8sResult `json:"k8s,omitempty"`
}

// ContainerResult describes one container of a Result.
type ContainerResult struct {
	// Service is the Compose service a Compose command's container runs.
	Service string       `json:"service,omitempty"`
	ID      string       `json:"id"`
	Name    string       `json:"name"`
	Image   string       `json:"image,omitempty"`
	State   string       `json:"state,omitempty"`
	Ports   []PortResult `json:"ports"`
}

// PortResult is one published port.
type PortResult struct {
	HostIP        string `json:"hostIp"`
	HostPort      int    `json:"hostPort"`
	ContainerPort int    `json:"containerPort"`
	Protocol      string `json:"protocol"`
}

// ErrCanceled is returned when the learner answers "취소".
var ErrCanceled = &docker.Error{Kind: docker.Canceled, Message: "취소했습니다. 아무것도 바꾸지 않았습니다."}

// say writes a docker command line with its Korean comment, so the output
// channel teaches the CLI the lab text uses.
func (s Session) say(cmd, comment string) {
	fmt.Fprintf(s.Out, "$ %s    # %s\n", cmd, comment)
}

// Build builds the plan's image.
func (s Session) Build(ctx context.Context, p Plan) (Result, error) {
	if !ValidTag(p.Tag) {
		return Result{}, &docker.Error{Kind: docker.Other, Message: fmt.Sprintf("`%s` 이미지 이름은 쓸 수 없습니다. 소문자, 숫자, `.`, `_`, `-`만 쓰십시오(`dockerlab.build.tag` 설정).", p.Tag)}
	}
	rel, err := filepath.Rel(p.ContextDir, p.Dockerfile)
	if err != nil || strings.HasPrefix(rel, "..") {
		return Result{}, &docker.Error{Kind: docker.Other, Message: "Dockerfile이 빌드 컨텍스트 밖에 있습니다. `dockerlab.build.context` 설정을 Dockerfile이 든 디렉터리나 그 위 디렉터리로 바꾸십시오."}
	}
	// One ping per build: the feature check and the build share its answer.
	info := s.Pinged
	if info == nil {
		if info, err = ping(ctx, s.Engine); err != nil {
			return Result{Image: p.Tag}, err
		}
	}
	if err := checkEngineFeatures(ctx, s.Engine, info, p); err != nil {
		return Result{Image: p.Tag}, err
	}
	s.say(buildCommand(p, rel), "이미지를 빌드합니다")
	res, err := s.Engine.Build(ctx, docker.BuildRequest{
		ContextDir: p.ContextDir, Dockerfile: filepath.ToSlash(rel), Tag: p.Tag,
		BuildArgs: buildArgs(p.BuildArgs), Target: p.Target, NoCache: p.NoCache, Builder: p.Builder,
		Pinged: info,
	}, s.Out)
	if err != nil {
		return Result{Image: p.Tag}, explainBuildFailure(p, err)
	}
	in := NewInsight(p, res, s.Previous)
	if in != nil {
		fmt.Fprint(s.Out, in.Summary())
	}
	return Result{Image: p.Tag, ImageID: res.ImageID, Containers: []ContainerResult{}, Insight: in,
		Message: fmt.Sprintf("`%s` 이미지를 빌드했습니다. `docker images`로 확인할 수 있습니다.", p.Tag)}, nil
}

func buildArgs(m map[string]string) map[string]*string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]*string, len(m))
	for k, v := range m {
		v := v
		out[k] = &v
	}
	return out
}

// buildCommand is the docker CLI line of a build.
func buildCommand(p Plan, rel string) string {
	args := []string{"docker", "build"}
	if rel != "Dockerfile" {
		args = append(args, "-f", rel)
	}
	if p.Target != "" {
		args = append(args, "--target", p.Target)
	}
	if p.NoCache {
		args = append(args, "--no-cache")
	}
	keys := make([]string, 0, len(p.BuildArgs))
	for k := range p.BuildArgs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, "--build-arg", k+"="+p.BuildArgs[k])
	}
	return strings.Join(append(args, "-t", p.Tag, "."), " ")
}

// Run starts a container of the plan's image, detached, publishing the
// plan's ports. A host port another container publishes is a question, not
// an error: stop and remove that container and run (the lab's 실습 #2-2),
// run on the next free port, or cancel.
func (s Session) Run(ctx context.Context, p Plan) (Result, error) {
	if p.BindAddress != DefaultBindAddress && p.BindAddress != "localhost" {
		choice, err := s.UI.Ask(ctx, fmt.Sprintf("포트를 `%s`에 게시하면 이 컴퓨터 밖에서도 앱에 접속할 수 있습니다. 계속할까요?", p.BindAddress),
			[]string{"계속", "취소"})
		if err != nil {
			return Result{}, err
		}
		if choice != 0 {
			return Result{}, ErrCanceled
		}
	}
	ports, err := s.resolveConflicts(ctx, p)
	if err != nil {
		return Result{}, err
	}
	for attempt := 0; ; attempt++ {
		c, err := s.start(ctx, p, ports)
		var e *docker.Error
		if err == nil || attempt > 0 || !errors.As(err, &e) || e.Kind != docker.PortAllocated {
			if err != nil {
				return Result{Image: p.Tag}, err
			}
			return s.runResult(p, c, ports), nil
		}
		// Another process holds the port: explain, offer the same choices
		// that make sense without a container to stop. Only a port known
		// to be the taken one is moved: the engine's message names it, or
		// the run asked for just one.
		taken := e.Port
		if taken == 0 && len(ports) == 1 {
			taken = ports[0].Host
		}
		if taken == 0 {
			_, aerr := s.UI.Ask(ctx, unknownPortMessage(ports), []string{"취소"})
			if aerr != nil {
				return Result{}, aerr
			}
			return Result{}, ErrCanceled
		}
		free := s.freePort(ctx, p.BindAddress, taken, nil)
		actions := []string{"취소"}
		if free > 0 {
			actions = []string{fmt.Sprintf("%d번 포트로 실행", free), "취소"}
		}
		choice, aerr := s.UI.Ask(ctx, e.Message+" 어떻게 할까요?", actions)
		if aerr != nil {
			return Result{}, aerr
		}
		if free == 0 || choice != 0 {
			return Result{}, ErrCanceled
		}
		ports = remap(ports, taken, free)
	}
}

// unknownPortMessage explains a port conflict whose engine message names no
// port while the run published several: moving one of them at random could
// fail again or move the wrong one, so the learner chooses.
func unknownPortMessage(ports []Port) string {
	hosts := make([]string, len(ports))
	for i, p := range ports {
		hosts[i] = fmt.Sprintf("%d번", p.Host)
	}
	return fmt.Sprintf("게시하려던 호스트 포트 %s 가운데 다른 컨테이너나 프로그램이 이미 쓰는 포트가 있어 컨테이너를 시작하지 못했습니다. "+
		"Docker 엔진의 오류에 포트 번호가 없어 어느 포트인지는 알 수 없습니다. "+
		"그 포트를 쓰는 프로그램을 멈추거나, `dockerlab.run.ports` 설정에서 다른 호스트 포트를 지정한 뒤 다시 실행하십시오.",
		strings.Join(hosts, ", "))
}

// start runs the container once, writing the `docker run` line that does
// the same, with the same -p flags.
func (s Session) start(ctx context.Context, p Plan, ports []Port) (docker.Container, error) {
	req := docker.RunRequest{Image: p.Tag, Env: p.Env, Labels: map[string]string{LabelDockerfile: p.Dockerfile}, Mounts: p.Mounts}
	args := []string{"docker", "run", "-d"}
	for _, port := range ports {
		req.Ports = append(req.Ports, docker.PortBinding{HostIP: p.BindAddress, HostPort: port.Host, ContainerPort: port.Container, Protocol: port.Protocol})
		args = append(args, "-p", publishSpec(p.BindAddress, port))
	}
	for _, m := range p.Mounts {
		args = append(args, mountFlag(m)...)
	}
	for _, e := range p.Env {
		args = append(args, "-e", quoteArg(e))
	}
	comment := "컨테이너를 백그라운드에서 실행합니다"
	if p.dev != nil {
		req.Image, req.Cmd, req.WorkingDir = p.dev.image, p.dev.cmd, p.dev.workdir
		req.Labels[LabelMode] = ModeDev
		args = append(args, "-w", p.dev.workdir)
		comment = "베이스 이미지에서 프로젝트 폴더를 바인드 마운트하고 개발 모드로 실행합니다"
	}
	args = append(args, req.Image)
	args = append(args, req.Cmd...)
	s.say(strings.Join(args, " "), comment)
	c, err := s.Engine.Run(ctx, req)
	if err == nil {
		fmt.Fprintln(s.Out, docker.ShortID(c.ID))
		s.explainPorts(p, ports)
		s.explainMounts(p)
	}
	return c, err
}

// publishSpec is the value of one `-p` flag: "127.0.0.1:8080:3000", with
// "/udp" for a port that is not tcp and brackets around an IPv6 address, as
// the docker CLI reads it.
func publishSpec(bind string, port Port) string {
	if strings.Contains(bind, ":") {
		bind = "[" + bind + "]"
	}
	spec := fmt.Sprintf("%s:%d:%d", bind, port.Host, port.Container)
	if port.Protocol != "" && port.Protocol != "tcp" {
		spec += "/" + port.Protocol
	}
	return spec
}

// explainPorts writes, under the `docker run` line, which -p came from
// where, what EXPOSE does and does not do, and what dockerlab could not
// publish; when nothing is published, why and how to publish.
func (s Session) explainPorts(p Plan, ports []Port) {
	for _, v := range p.IgnoredPorts {
		fmt.Fprintf(s.Out, "# `dockerlab.run.ports` 설정의 `%s` 항목은 쓰지 않았습니다. 키는 `\"3000\"`이나 `\"3000/udp\"` 같은 컨테이너 포트, 값은 1~65535의 호스트 포트여야 합니다.\n", v)
	}
	if len(ports) == 0 {
		for _, line := range noPublishLines(p) {
			fmt.Fprintf(s.Out, "# %s\n", line)
		}
		return
	}
	parts := make([]string, len(ports))
	for i, port := range ports {
		from := "`EXPOSE`에 적힌 포트"
		if port.Setting {
			from = "`dockerlab.run.ports` 설정"
		}
		parts[i] = fmt.Sprintf("컨테이너 포트 %d/%s → %s (%s)", port.Container, port.Protocol, hostAddress(p.BindAddress, port.Host), from)
	}
	fmt.Fprintf(s.Out, "# `-p`로 게시한 포트: %s\n", strings.Join(parts, ", "))
	if len(p.SkippedExpose) > 0 {
		fmt.Fprintf(s.Out, "# `EXPOSE` 지시문의 값%s은 게시하지 않았습니다. %s\n", codeList(p.SkippedExpose), skippedExposeHow)
	}
	fmt.Fprintln(s.Out, "# `EXPOSE`는 포트를 이미지에 기록할 뿐이고, 포트를 게시하는 것은 `-p`입니다. 응답이 없으면 컨테이너 안의 앱이 `127.0.0.1`이 아니라 `0.0.0.0`에서 연결을 기다리는지 확인하십시오.")
}

// codeList quotes values in backticks inside parentheses, after a fixed
// Korean noun that takes the particle: "값(`$PORT`, `8000-8010`)은".
func codeList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}

// noPublishLines explain a run that publishes no port: the container runs,
// but nothing outside it can reach the app. They say why (what the lab
// publishes, and what this plan lacks), how (the setting, or `-p`), that
// EXPOSE alone publishes nothing, and where the app must listen.
func noPublishLines(p Plan) []string {
	example := fmt.Sprintf("docker run -d -p %s %s", publishSpec(p.BindAddress, Port{Container: 3000, Host: 3000, Protocol: "tcp"}), p.Tag)
	return []string{
		"게시한 포트가 없습니다. 컨테이너는 실행 중이지만 호스트의 포트로는 앱에 접속할 수 없습니다.",
		"dockerlab은 Dockerfile의 `EXPOSE` 지시문에 적힌 포트와 `dockerlab.run.ports` 설정에 적힌 포트를 `-p`로 게시합니다. " + whyNothing(p),
		"앱이 컨테이너 안에서 3000번 포트를 쓴다면 `dockerlab.run.ports` 설정에 `{\"3000\": 3000}`을 적고 다시 실행하십시오. 같은 일을 하는 명령은 `" + example + "`입니다.",
		"포트를 게시하는 것은 `-p`입니다. `-p`는 `EXPOSE` 없이도 포트를 게시하고, `EXPOSE`만으로는 아무 포트도 게시되지 않습니다.",
		"앱은 컨테이너 안에서 `127.0.0.1`이 아니라 `0.0.0.0`에서 연결을 기다려야 합니다. `127.0.0.1`에서만 기다리는 앱에는 게시한 포트로도 접속할 수 없습니다.",
	}
}

// whyNothing says what the plan lacks: an EXPOSE with a usable port, and a
// usable dockerlab.run.ports entry.
func whyNothing(p Plan) string {
	where := "이 Dockerfile에는"
	if p.Model != nil && len(p.Model.Stages) > 1 {
		where = "빌드한 단계에는"
	}
	expose := where + " `EXPOSE` 지시문이 없고"
	if len(p.SkippedExpose) > 0 {
		expose = "`EXPOSE` 지시문의 값" + codeList(p.SkippedExpose) + "은 dockerlab이 스스로 게시하지 않는 값(변수, 포트 범위, `sctp` 포트)이고"
	}
	setting := "`dockerlab.run.ports` 설정도 비어 있습니다."
	if len(p.IgnoredPorts) > 0 {
		setting = "`dockerlab.run.ports` 설정에는 쓸 수 있는 항목이 없습니다."
	}
	return expose + " " + setting
}

// runResult is the answer of a run: where the app answers, or, when the
// run published nothing, why and how to publish.
func (s Session) runResult(p Plan, c docker.Container, ports []Port) Result {
	cr := containerResult(c)
	var msg string
	switch web, ok := firstTCP(cr.Ports); {
	case ok:
		msg = fmt.Sprintf("`%s` 컨테이너가 http://%s 에서 실행 중입니다.", cr.Name, hostAddress(web.HostIP, web.HostPort))
	case len(cr.Ports) > 0:
		msg = fmt.Sprintf("`%s` 컨테이너를 실행했습니다. 게시한 포트: %s. `docker ps`로 확인할 수 있습니다.", cr.Name, strings.TrimSpace(portsText(c.Ports)))
	case len(ports) == 0:
		msg = fmt.Sprintf("`%s` 컨테이너를 실행했지만 게시한 포트가 없어 호스트의 포트로는 앱에 접속할 수 없습니다. ", cr.Name) +
			whyNothing(p) + " 앱이 3000번 포트를 쓴다면 `dockerlab.run.ports` 설정에 `{\"3000\": 3000}`을 적고 다시 실행하십시오" +
			fmt.Sprintf("(`docker run -p %s`과 같습니다). ", publishSpec(p.BindAddress, Port{Container: 3000, Host: 3000, Protocol: "tcp"})) +
			"`EXPOSE`만으로는 포트가 게시되지 않습니다."
	default:
		msg = fmt.Sprintf("`%s` 컨테이너를 실행했습니다. `docker ps`로 확인할 수 있습니다.", cr.Name)
	}
	return Result{Image: p.Tag, Containers: []ContainerResult{cr}, Message: msg}
}

// firstTCP is the first published TCP port: the one a browser opens.
func firstTCP(ps []PortResult) (PortResult, bool) {
	for _, p := range ps {
		if p.HostPort > 0 && (p.Protocol == "" || p.Protocol == "tcp") {
			return p, true
		}
	}
	return PortResult{}, false
}

// skippedExposeHow says what to do about EXPOSE values the lab does not
// publish by itself.
const skippedExposeHow = "변수, 포트 범위, `sctp` 포트는 dockerlab이 스스로 게시하지 않으니, 게시하려면 `dockerlab.run.ports` 설정에 포트 번호를 적으십시오."

func displayHost(ip string) string {
	if ip == "" || ip == "0.0.0.0" || ip == "::" {
		return "127.0.0.1"
	}
	return ip
}

// hostAddress is "127.0.0.1:3000", or "[::1]:3000" for an IPv6 address: a
// wildcard binding is reached on 127.0.0.1.
func hostAddress(ip string, port int) string {
	return net.JoinHostPort(displayHost(ip), strconv.Itoa(port))
}

// resolveConflicts checks the plan's host ports against the running
// containers and asks what to do about each one in use.
func (s Session) resolveConflicts(ctx context.Context, p Plan) ([]Port, error) {
	ports := append([]Port(nil), p.Ports...)
	if len(ports) == 0 {
		return ports, nil
	}
	running, err := s.Engine.Containers(ctx, "", "", false)
	if err != nil {
		return nil, err
	}
	for i := range ports {
		holder := publisher(running, ports[i])
		if holder == nil {
			continue
		}
		free := s.freePort(ctx, p.BindAddress, ports[i].Host, running)
		name := holder.Name
		msg := fmt.Sprintf("호스트 포트 %d번은 이미 `%s` 컨테이너(이미지 `%s`)가 쓰고 있습니다. 그대로 실행하면 `Bind for %s:%d failed: port is already allocated` 오류가 납니다. 어떻게 할까요?",
			ports[i].Host, name, docker.ShortID(holder.Image), p.BindAddress, ports[i].Host)
		// Short buttons: a notification cuts long ones off. A free port is
		// offered only when one was found.
		actions := []string{"중지·삭제 후 실행"}
		if free > 0 {
			actions = append(actions, fmt.Sprintf("%d번 포트로 실행", free))
		}
		choice, err := s.UI.Ask(ctx, msg, append(actions, "취소"))
		if err != nil {
			return nil, err
		}
		switch {
		case choice == 0:
			if err := s.stopAndRemove(ctx, *holder); err != nil {
				return nil, err
			}
			running = without(running, holder.ID)
		case choice == 1 && free > 0:
			ports = remap(ports, ports[i].Host, free)
		default:
			return nil, ErrCanceled
		}
	}
	return ports, nil
}

// publisher is the running container that publishes port's host port.
func publisher(cs []docker.Container, port Port) *docker.Container {
	for i := range cs {
		for _, b := range cs[i].Ports {
			proto := b.Protocol
			if proto == "" {
				proto = "tcp"
			}
			if b.HostPort == port.Host && proto == port.Protocol {
				return &cs[i]
			}
		}
	}
	return nil
}

func without(cs []docker.Container, id string) []docker.Container {
	out := cs[:0:0]
	for _, c := range cs {
		if c.ID != id {
			out = append(out, c)
		}
	}
	return out
}

func remap(ports []Port, from, to int) []Port {
	out := append([]Port(nil), ports...)
	for i := range out {
		if out[i].Host == from {
			out[i].Host = to
		}
	}
	return out
}

// freePort is the next host port after port that no container publishes
// and nothing listens on.
func (s Session) freePort(ctx context.Context, hostIP string, port int, running []docker.Container) int {
	if running == nil {
		running, _ = s.Engine.Containers(ctx, "", "", false)
	}
	free := s.PortFree
	if free == nil {
		free = canListen
	}
	for p := port + 1; p < 65536; p++ {
		if publisher(running, Port{Host: p, Protocol: "tcp"}) == nil && free(hostIP, p) {
			return p
		}
	}
	return 0
}

func canListen(hostIP string, port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort(hostIP, strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// BuildAndRun builds the image, then runs it.
func (s Session) BuildAndRun(ctx context.Context, p Plan) (Result, error) {
	b, err := s.Build(ctx, p)
	if err != nil {
		return b, err
	}
	r, err := s.Run(ctx, p)
	r.ImageID, r.Insight = b.ImageID, b.Insight
	return r, err
}

func (s Session) stopAndRemove(ctx context.Context, c docker.Container) error {
	id := docker.ShortID(c.ID)
	if c.State == "running" {
		s.say("docker stop "+id, "컨테이너를 중지합니다")
		if err := s.Engine.Stop(ctx, c.ID); err != nil {
			return err
		}
	}
	if hasAnonymousVolume(c) {
		s.say("docker rm -v "+id, "컨테이너와 그 이름 없는 볼륨을 삭제합니다")
	} else {
		s.say("docker rm "+id, "컨테이너를 삭제합니다")
	}
	if err := s.Engine.Remove(ctx, c.ID); err != nil {
		return err
	}
	if kept := keptVolumes([]docker.Container{c}); kept != "" {
		fmt.Fprintf(s.Out, "# %s\n", kept)
	}
	return nil
}

// joinSentences joins the non-empty sentences with a space.
func joinSentences(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// StopAndRemove stops and removes the containers dockerlab started from
// this Dockerfile (or only containerID when given). Containers of the same
// image that dockerlab did not start are listed and removed only when the
// learner confirms.
func (s Session) StopAndRemove(ctx context.Context, p Plan, containerID string) (Result, error) {
	ours, err := s.Engine.Containers(ctx, LabelDockerfile, p.Dockerfile, true)
	if err != nil {
		return Result{Image: p.Tag}, err
	}
	var targets []docker.Container
	for _, c := range ours {
		// The lists show 12-character IDs, like the CLI: a prefix names a container too.
		if containerID == "" || strings.HasPrefix(c.ID, containerID) {
			targets = append(targets, c)
		}
	}
	if containerID == "" {
		others, err := s.Engine.ContainersOfImage(ctx, p.Tag)
		if err == nil {
			var foreign []docker.Container
			for _, c := range others {
				if c.Labels[LabelDockerfile] != p.Dockerfile {
					foreign = append(foreign, c)
				}
			}
			if len(foreign) > 0 {
				names := make([]string, len(foreign))
				for i, c := range foreign {
					names[i] = fmt.Sprintf("`%s`(%s)", c.Name, c.State)
				}
				choice, err := s.UI.Ask(ctx, fmt.Sprintf("이미지 `%s`로 만든 컨테이너 중 dockerlab이 만들지 않은 것이 있습니다: %s. 함께 중지하고 삭제할까요?", p.Tag, strings.Join(names, ", ")),
					[]string{"함께 삭제", "dockerlab이 만든 것만 삭제", "취소"})
				if err != nil {
					return Result{Image: p.Tag}, err
				}
				switch choice {
				case 0:
					targets = append(targets, foreign...)
				case 1:
				default:
					return Result{Image: p.Tag}, ErrCanceled
				}
			}
		}
	}
	res := Result{Image: p.Tag, Containers: []ContainerResult{}}
	for _, c := range targets {
		if err := s.stopAndRemove(ctx, c); err != nil {
			return res, err
		}
		res.Containers = append(res.Containers, containerResult(c))
	}
	if len(res.Containers) == 0 {
		res.Message = "이 Dockerfile로 실행한 컨테이너가 없습니다."
	} else {
		res.Message = joinSentences(fmt.Sprintf("컨테이너 %d개를 중지하고 삭제했습니다. `docker ps -a`로 확인할 수 있습니다.", len(res.Containers)), keptVolumes(targets))
	}
	return res, nil
}

// Start starts one of this Dockerfile's stopped containers again.
func (s Session) Start(ctx context.Context, p Plan, containerID string) (Result, error) {
	c, err := s.own(ctx, p, containerID)
	if err != nil {
		return Result{}, err
	}
	s.say("docker start "+docker.ShortID(c.ID), "중지된 컨테이너를 다시 시작합니다")
	if err := s.Engine.Start(ctx, c.ID); err != nil {
		return Result{}, err
	}
	if now, err := s.own(ctx, p, c.ID); err == nil {
		c = now // with the ports the engine published on start
	}
	return Result{Image: p.Tag, Containers: []ContainerResult{containerResult(c)},
		Message: fmt.Sprintf("`%s` 컨테이너를 다시 시작했습니다.", c.Name)}, nil
}

// Remove removes one of this Dockerfile's containers.
func (s Session) Remove(ctx context.Context, p Plan, containerID string) (Result, error) {
	c, err := s.own(ctx, p, containerID)
	if err != nil {
		return Result{}, err
	}
	if err := s.stopAndRemove(ctx, c); err != nil {
		return Result{}, err
	}
	return Result{Image: p.Tag, Containers: []ContainerResult{containerResult(c)},
		Message: joinSentences(fmt.Sprintf("`%s` 컨테이너를 삭제했습니다.", c.Name), keptVolumes([]docker.Container{c}))}, nil
}

// Logs writes a container's logs to out and, with follow, keeps writing
// until ctx ends or the container stops.
func (s Session) Logs(ctx context.Context, p Plan, containerID string, follow bool, out io.Writer) error {
	c, err := s.own(ctx, p, containerID)
	if err != nil {
		return err
	}
	cmd := "docker logs " + docker.ShortID(c.ID)
	if follow {
		cmd = "docker logs -f " + docker.ShortID(c.ID)
	}
	fmt.Fprintf(out, "$ %s    # 컨테이너의 출력을 봅니다\n", cmd)
	return s.Engine.Logs(ctx, c.ID, follow, "200", out)
}

// own finds a container dockerlab started from this Dockerfile: commands
// that name a container never touch anyone else's.
func (s Session) own(ctx context.Context, p Plan, id string) (docker.Container, error) {
	cs, err := s.Engine.Containers(ctx, LabelDockerfile, p.Dockerfile, true)
	if err != nil {
		return docker.Container{}, err
	}
	for _, c := range cs {
		if c.ID == id || (id != "" && strings.HasPrefix(c.ID, id)) {
			return c, nil
		}
	}
	return docker.Container{}, &docker.Error{Kind: docker.NotFound,
		Message: "이 Dockerfile로 실행한 컨테이너 중에 그 컨테이너가 없습니다. 이미 삭제되었을 수 있으니 `docker ps -a`로 확인하십시오."}
}

func containerResult(c docker.Container) ContainerResult {
	cr := ContainerResult{ID: c.ID, Name: strings.TrimPrefix(c.Name, "/"), Image: c.Image, State: c.State, Ports: []PortResult{}}
	for _, b := range c.Ports {
		cr.Ports = append(cr.Ports, PortResult{HostIP: b.HostIP, HostPort: b.HostPort, ContainerPort: b.ContainerPort, Protocol: b.Protocol})
	}
	return cr
}

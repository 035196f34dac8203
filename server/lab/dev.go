package lab

import (
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// LabelMode marks how dockerlab ran a container; ModeDev is development
// mode (the project folder bind-mounted, the app under node's watcher).
const (
	LabelMode = "dev.dockerlab.mode"
	ModeDev   = "dev"
)

// devRun is what development mode runs instead of the built image: the
// stage's base image, in its WORKDIR, with node's own watcher.
type devRun struct {
	image   string
	workdir string
	cmd     []string
	// script is the file node runs ("src/index.js"), for the explanation.
	script string
}

// devRunOf works out development mode from the Dockerfile: the base image
// of the built stage, its last WORKDIR (where COPY put the project, and so
// where the bind mount goes), and its CMD with `--watch` after `node`.
// Development mode is for the lab's kind of app: a Node program started by
// `node FILE`; anything else is refused with the reason.
func devRunOf(p Plan) (devRun, error) {
	refuse := func(why string) (devRun, error) {
		return devRun{}, &docker.Error{Kind: docker.Other, Message: "개발 모드로 실행할 수 없습니다. " + why}
	}
	if p.Model == nil || len(p.Model.Stages) == 0 {
		return refuse("Dockerfile에 `FROM` 지시문이 없습니다.")
	}
	st := lastStage(p.Model, p.Target)
	base := p.Model.BaseImage(st)
	if base == "" || base == "scratch" {
		return refuse(fmt.Sprintf("개발 모드는 빌드한 이미지 대신 베이스 이미지에서 바로 앱을 실행하는데, 베이스 이미지(`%s`)를 알 수 없거나 비어 있습니다.", st.Base))
	}
	d := devRun{image: base}
	var cmd, entrypoint *dockerfile.Instruction
	for _, in := range st.Instructions {
		switch in.Name {
		case "WORKDIR":
			dir := strings.TrimSpace(nodeWords(in)[0])
			if strings.Contains(dir, "$") {
				return refuse(fmt.Sprintf("`WORKDIR %s`에 변수가 있어 프로젝트 폴더를 마운트할 곳을 정할 수 없습니다.", dir))
			}
			if !strings.HasPrefix(dir, "/") {
				dir = path.Join("/", d.workdir, dir)
			}
			d.workdir = path.Clean(dir)
		case "CMD":
			cmd = in
		case "ENTRYPOINT":
			entrypoint = in
		}
	}
	if d.workdir == "" || d.workdir == "/" {
		return refuse("개발 모드는 프로젝트 폴더를 `WORKDIR`에 바인드 마운트합니다. Dockerfile에 `WORKDIR /app`처럼 작업 디렉터리를 적으십시오.")
	}
	if entrypoint != nil {
		return refuse("`ENTRYPOINT`가 있는 Dockerfile은 개발 모드가 명령을 바꿔 실행할 수 없습니다. `CMD [\"node\", \"src/index.js\"]`처럼 `node`로 앱을 시작하는 Dockerfile에서 쓰십시오.")
	}
	if cmd == nil {
		return refuse("`CMD`가 없어 앱을 어떻게 시작하는지 알 수 없습니다. `CMD [\"node\", \"src/index.js\"]`처럼 적으십시오.")
	}
	words := nodeWords(cmd)
	if len(words) < 2 || path.Base(words[0]) != "node" || strings.ContainsAny(strings.Join(words, " "), "$&|;<>`") {
		return refuse(fmt.Sprintf("개발 모드는 Node의 감시 기능(`node --watch`)으로 앱을 다시 시작하므로 `CMD [\"node\", \"src/index.js\"]`처럼 `node`로 앱을 시작해야 합니다. 지금 `CMD`는 `%s`입니다.", strings.Join(words, " ")))
	}
	d.cmd = []string{words[0]}
	if words[1] != "--watch" {
		d.cmd = append(d.cmd, "--watch")
	}
	d.cmd = append(d.cmd, words[1:]...)
	d.script = words[len(words)-1]
	return d, nil
}

// nodeWords are the words of an instruction as BuildKit parsed them: the
// exec form's strings, or the shell form's text split at spaces.
func nodeWords(in *dockerfile.Instruction) []string {
	var out []string
	if in.Node == nil {
		for _, a := range in.Args {
			out = append(out, a.Value)
		}
		if len(out) == 0 {
			out = []string{""}
		}
		return out
	}
	json := in.Node.Attributes["json"]
	for n := in.Node.Next; n != nil; n = n.Next {
		if json {
			out = append(out, n.Value)
		} else {
			out = append(out, strings.Fields(n.Value)...)
		}
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// RunDev runs the app in development mode: the stage's base image with the
// project folder bind-mounted at WORKDIR (`--mount type=bind`) and node's
// watcher restarting the app when a file it loaded changes, so an edit
// shows after a browser refresh without a build.
func (s Session) RunDev(ctx context.Context, p Plan) (Result, error) {
	d, err := devRunOf(p)
	if err != nil {
		return Result{}, err
	}
	if s.EngineRemote != "" {
		return Result{}, &docker.Error{Kind: docker.Other, Message: fmt.Sprintf(
			"개발 모드는 이 컴퓨터의 `%s` 폴더를 컨테이너에 바인드 마운트하는데, Docker 엔진(`%s`)이 다른 컴퓨터에 있어 그 폴더를 볼 수 없습니다. 그대로 실행하면 빈 폴더가 마운트됩니다. 이 컴퓨터의 엔진으로 바꾸거나 빌드 후 실행을 쓰십시오.",
			p.ContextDir, s.EngineRemote)}
	}
	imgs, err := s.Engine.Images(ctx)
	if err != nil {
		return Result{}, err
	}
	if !hasImage(imgs, d.image) {
		return Result{}, &docker.Error{Kind: docker.NotFound, Message: fmt.Sprintf(
			"개발 모드는 빌드한 이미지 대신 베이스 이미지 `%s`에서 바로 실행하는데, 이 엔진에 그 이미지가 없습니다. 먼저 `빌드`하면 엔진이 베이스 이미지를 내려받습니다(`docker pull %s`).", d.image, d.image)}
	}
	p.dev = &d
	p = p.withMount(docker.Mount{Type: docker.MountBind, Source: p.ContextDir, Target: d.workdir})
	fmt.Fprintf(s.Out, "# 개발 모드: 이미지를 빌드하지 않고 베이스 이미지 `%s`에서 실행합니다. 프로젝트 폴더를 `%s`에 바인드 마운트하므로, 컨테이너는 이미지에 복사된 파일(`COPY`) 대신 이 편집기에서 고치는 파일을 그대로 읽습니다.\n", d.image, d.workdir)
	fmt.Fprintf(s.Out, "# `node --watch`는 `%s` 파일과 그 파일이 불러온 파일이 바뀌면 앱을 다시 시작합니다. `src/static` 아래의 파일은 요청마다 디스크에서 읽으므로 브라우저를 새로 고치면 바로 보입니다.\n", d.script)
	res, err := s.Run(ctx, p)
	if err != nil {
		return res, err
	}
	if len(res.Containers) == 1 {
		if web, ok := firstTCP(res.Containers[0].Ports); ok {
			res.Message = fmt.Sprintf("`%s` 컨테이너가 개발 모드로 http://%s 에서 실행 중입니다. 파일을 고치고 브라우저를 새로 고치면 빌드 없이 바로 보입니다.",
				res.Containers[0].Name, hostAddress(web.HostIP, web.HostPort))
		} else {
			res.Message = fmt.Sprintf("`%s` 컨테이너를 개발 모드로 실행했습니다. 파일을 고치면 빌드 없이 바로 반영됩니다.", res.Containers[0].Name)
		}
	}
	return res, nil
}

// hasImage reports whether a local image has the reference (`node:lts-alpine`,
// `node` for `node:latest`, or a Docker Hub name written out in full).
func hasImage(imgs []docker.Image, ref string) bool {
	want := normalRef(ref)
	for _, img := range imgs {
		for _, t := range img.Tags {
			if normalRef(t) == want {
				return true
			}
		}
		if strings.HasPrefix(ref, "sha256:") && img.ID == ref {
			return true
		}
	}
	return false
}

// normalRef writes a reference as Docker Hub's short form with a tag.
func normalRef(ref string) string {
	ref = strings.TrimPrefix(strings.TrimPrefix(ref, "docker.io/"), "library/")
	if i := strings.LastIndex(ref, ":"); i <= strings.LastIndex(ref, "/") && !strings.Contains(ref, "@") {
		ref += ":latest"
	}
	return ref
}

package lab

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dockerlab/dockerlab/server/engine"
)

// Engine is what the lab needs from the Docker engine; *engine.Client
// implements it and tests may pass a fake.
type Engine interface {
	Build(ctx context.Context, req engine.BuildRequest, out io.Writer) (engine.BuildResult, error)
	Run(ctx context.Context, req engine.RunRequest) (engine.Container, error)
	Containers(ctx context.Context, labelKey, labelValue string, all bool) ([]engine.Container, error)
	Stop(ctx context.Context, id string) error
	Remove(ctx context.Context, id string) error
}

// Result is the JSON answer of every lab command: the image and the
// containers it started (or removed), with a Korean summary for the editor.
type Result struct {
	Image      string            `json:"image"`
	ImageID    string            `json:"imageId,omitempty"`
	Containers []ContainerResult `json:"containers"`
	Message    string            `json:"message"`
}

// ContainerResult describes one container of a Result.
type ContainerResult struct {
	ID    string       `json:"id"`
	Name  string       `json:"name"`
	Ports []PortResult `json:"ports"`
}

// PortResult is one published port.
type PortResult struct {
	HostIP        string `json:"hostIp"`
	HostPort      int    `json:"hostPort"`
	ContainerPort int    `json:"containerPort"`
	Protocol      string `json:"protocol"`
}

// Build builds the plan's image, writing the engine's output and the
// equivalent CLI command to out.
func Build(ctx context.Context, e Engine, p Plan, out io.Writer) (Result, error) {
	fmt.Fprintf(out, "$ docker build -t %s %s\n", p.Tag, buildContextArg(p))
	res, err := e.Build(ctx, engine.BuildRequest{
		ContextDir: p.ContextDir,
		Dockerfile: filepath.Base(p.Dockerfile),
		Tag:        p.Tag,
	}, out)
	if err != nil {
		return Result{Image: p.Tag}, err
	}
	return Result{
		Image: p.Tag, ImageID: res.ImageID, Containers: []ContainerResult{},
		Message: fmt.Sprintf("이미지 `%s`을(를) 빌드했습니다.", p.Tag),
	}, nil
}

// Run starts a container of the plan's image, detached, publishing every
// EXPOSEd port on 127.0.0.1 with the same host port.
func Run(ctx context.Context, e Engine, p Plan, out io.Writer) (Result, error) {
	req := engine.RunRequest{Image: p.Tag, Labels: map[string]string{LabelDockerfile: p.Dockerfile}}
	args := []string{"docker", "run", "-d"}
	for _, port := range p.Ports {
		req.Ports = append(req.Ports, engine.PortBinding{
			HostIP: DefaultBindAddress, HostPort: port.Number, ContainerPort: port.Number, Protocol: port.Protocol,
		})
		spec := fmt.Sprintf("%s:%d:%d", DefaultBindAddress, port.Number, port.Number)
		if port.Protocol != "tcp" {
			spec += "/" + port.Protocol
		}
		args = append(args, "-p", spec)
	}
	fmt.Fprintf(out, "$ %s %s\n", strings.Join(args, " "), p.Tag)
	c, err := e.Run(ctx, req)
	if err != nil {
		return Result{Image: p.Tag}, err
	}
	short := c.ID
	if len(short) > 12 {
		short = short[:12]
	}
	fmt.Fprintf(out, "%s\n", short)
	cr := containerResult(c)
	msg := fmt.Sprintf("컨테이너 `%s`을(를) 실행했습니다.", strings.TrimPrefix(c.Name, "/"))
	if len(cr.Ports) > 0 {
		msg = fmt.Sprintf("컨테이너 `%s`이(가) http://%s:%d 에서 실행 중입니다.", strings.TrimPrefix(c.Name, "/"), cr.Ports[0].HostIP, cr.Ports[0].HostPort)
	}
	return Result{Image: p.Tag, Containers: []ContainerResult{cr}, Message: msg}, nil
}

// BuildAndRun builds the image, then runs it.
func BuildAndRun(ctx context.Context, e Engine, p Plan, out io.Writer) (Result, error) {
	b, err := Build(ctx, e, p, out)
	if err != nil {
		return b, err
	}
	r, err := Run(ctx, e, p, out)
	r.ImageID = b.ImageID
	return r, err
}

// StopAndRemove stops and removes every container dockerlab started from this
// Dockerfile.
func StopAndRemove(ctx context.Context, e Engine, p Plan, out io.Writer) (Result, error) {
	cs, err := e.Containers(ctx, LabelDockerfile, p.Dockerfile, true)
	if err != nil {
		return Result{Image: p.Tag}, err
	}
	res := Result{Image: p.Tag, Containers: []ContainerResult{}}
	for _, c := range cs {
		short := c.ID
		if len(short) > 12 {
			short = short[:12]
		}
		if c.State == "running" {
			fmt.Fprintf(out, "$ docker stop %s\n", short)
			if err := e.Stop(ctx, c.ID); err != nil {
				return res, err
			}
		}
		fmt.Fprintf(out, "$ docker rm %s\n", short)
		if err := e.Remove(ctx, c.ID); err != nil {
			return res, err
		}
		res.Containers = append(res.Containers, containerResult(c))
	}
	if len(res.Containers) == 0 {
		res.Message = "이 Dockerfile로 실행한 컨테이너가 없습니다."
	} else {
		res.Message = fmt.Sprintf("컨테이너 %d개를 중지하고 삭제했습니다.", len(res.Containers))
	}
	return res, nil
}

func containerResult(c engine.Container) ContainerResult {
	cr := ContainerResult{ID: c.ID, Name: strings.TrimPrefix(c.Name, "/"), Ports: []PortResult{}}
	for _, b := range c.Ports {
		cr.Ports = append(cr.Ports, PortResult{HostIP: b.HostIP, HostPort: b.HostPort, ContainerPort: b.ContainerPort, Protocol: b.Protocol})
	}
	return cr
}

// buildContextArg is how the CLI command names the context: "." when the
// Dockerfile is the folder's own `Dockerfile`.
func buildContextArg(p Plan) string {
	if filepath.Base(p.Dockerfile) == "Dockerfile" {
		return "."
	}
	return "-f " + filepath.Base(p.Dockerfile) + " ."
}

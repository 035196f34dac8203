package engine

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"
)

// stopTimeout is how long Stop waits after SIGTERM before SIGKILL: short,
// because lesson programs hold no state worth a graceful shutdown and the
// learner is waiting.
const stopTimeout = 3

// cleanupTimeout bounds removing a container that failed to start, which
// runs even when the caller's context is already done.
const cleanupTimeout = 10 * time.Second

// Run creates and starts a container in the background, like `docker run
// -d`. When the start fails the created container is removed (the engine
// would keep it as "Created"); a taken host port comes back as a
// PortAllocated *Error naming the port. A missing image is NotFound: Run
// never pulls.
func (c *Client) Run(ctx context.Context, req docker.RunRequest) (docker.Container, error) {
	if req.Image == "" {
		return docker.Container{}, &docker.Error{Kind: docker.Other, Message: "실행할 이미지를 지정하지 않았습니다. 이미지를 먼저 빌드하고 그 이름을 지정하십시오.",
			Err: fmt.Errorf("run request without image")}
	}
	exposed := network.PortSet{}
	bindings := network.PortMap{}
	for _, p := range req.Ports {
		port, hb, err := portBinding(p)
		if err != nil {
			return docker.Container{}, &docker.Error{Kind: docker.Other, Message: fmt.Sprintf("`%d:%d` 포트 설정이 올바르지 않습니다. 호스트 포트, 컨테이너 포트, 주소를 확인하십시오.", p.HostPort, p.ContainerPort),
				Err: err}
		}
		exposed[port] = struct{}{}
		bindings[port] = append(bindings[port], hb)
	}
	mounts, err := hostMounts(req.Mounts)
	if err != nil {
		return docker.Container{}, err
	}
	cr, err := c.api.ContainerCreate(ctx, client.ContainerCreateOptions{
		Name: req.Name,
		Config: &container.Config{
			Image:        req.Image,
			Env:          req.Env,
			Labels:       req.Labels,
			ExposedPorts: exposed,
			Cmd:          req.Cmd,
			WorkingDir:   req.WorkingDir,
		},
		HostConfig: &container.HostConfig{PortBindings: bindings, Mounts: mounts},
	})
	if err != nil {
		err = fmt.Errorf("creating container from %s: %w", req.Image, err)
		switch {
		case cerrdefs.IsNotFound(err):
			return docker.Container{}, &docker.Error{Kind: docker.NotFound,
				Message: fmt.Sprintf("`%s` 이미지가 이 컴퓨터에 없습니다. 먼저 이미지를 빌드하십시오. dockerlab은 레지스트리에서 이미지를 내려받지 않습니다.", req.Image),
				Err:     err}
		case cerrdefs.IsConflict(err):
			return docker.Container{}, &docker.Error{Kind: docker.Conflict,
				Message: fmt.Sprintf("`%s` 이름을 다른 컨테이너가 이미 쓰고 있습니다. `docker rm -f %s`로 그 컨테이너를 삭제하거나 다른 이름을 지정하십시오.", req.Name, req.Name),
				Err:     err}
		}
		return docker.Container{}, classify(ctx, "컨테이너 생성", err)
	}
	if _, err := c.api.ContainerStart(ctx, cr.ID, client.ContainerStartOptions{}); err != nil {
		err = fmt.Errorf("starting container %s: %w", docker.ShortID(cr.ID), err)
		// Remove with a fresh context: the caller's may be what failed.
		rmCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		if _, rmErr := c.api.ContainerRemove(rmCtx, cr.ID, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true}); rmErr != nil {
			err = fmt.Errorf("%w (and removing it failed: %v)", err, rmErr)
		}
		if ok, port := isPortAllocated(err.Error()); ok {
			if port == 0 && len(req.Ports) == 1 {
				port = req.Ports[0].HostPort
			}
			return docker.Container{}, portAllocatedError(port, err)
		}
		return docker.Container{}, classify(ctx, "컨테이너 시작", err)
	}
	ctr, err := c.container(ctx, cr.ID)
	if err != nil {
		return docker.Container{}, err
	}
	return ctr, nil
}

// portBinding converts one PortBinding to the SDK's types.
func portBinding(p docker.PortBinding) (network.Port, network.PortBinding, error) {
	proto := network.IPProtocol(strings.ToLower(p.Protocol))
	if proto == "" {
		proto = network.TCP
	}
	if p.ContainerPort < 1 || p.ContainerPort > 65535 || p.HostPort < 0 || p.HostPort > 65535 {
		return network.Port{}, network.PortBinding{}, fmt.Errorf("port %d:%d out of range", p.HostPort, p.ContainerPort)
	}
	port, ok := network.PortFrom(uint16(p.ContainerPort), proto)
	if !ok {
		return network.Port{}, network.PortBinding{}, fmt.Errorf("invalid port protocol %q", p.Protocol)
	}
	var hb network.PortBinding
	if p.HostIP != "" {
		ip, err := netip.ParseAddr(p.HostIP)
		if err != nil {
			return network.Port{}, network.PortBinding{}, fmt.Errorf("parsing host ip: %w", err)
		}
		hb.HostIP = ip
	}
	if p.HostPort > 0 {
		hb.HostPort = strconv.Itoa(p.HostPort)
	}
	return port, hb, nil
}

// container returns one container by ID, in the list form that carries
// the published ports with the host ports the engine chose.
func (c *Client) container(ctx context.Context, id string) (docker.Container, error) {
	res, err := c.api.ContainerList(ctx, client.ContainerListOptions{
		All:     true,
		Filters: make(client.Filters).Add("id", id),
	})
	if err != nil {
		return docker.Container{}, classify(ctx, "컨테이너 조회", fmt.Errorf("listing container %s: %w", docker.ShortID(id), err))
	}
	if len(res.Items) == 0 {
		return docker.Container{}, &docker.Error{Kind: docker.NotFound,
			Message: "방금 시작한 컨테이너가 바로 종료되어 삭제되었습니다. 삭제된 컨테이너의 로그는 볼 수 없으니, 이미지의 `CMD`를 확인하고 같은 이미지를 `docker run`으로 직접 실행해 프로그램이 무엇을 출력하는지 보십시오.",
			Err:     fmt.Errorf("container %s vanished after start", docker.ShortID(id))}
	}
	return fromSummary(res.Items[0]), nil
}

// Containers lists containers carrying the label labelKey=labelValue: any
// value when labelValue is "", every container when labelKey is "" too.
// all includes stopped and created containers, like `docker ps -a`. The
// editor uses labels to show only what dockerlab started.
func (c *Client) Containers(ctx context.Context, labelKey, labelValue string, all bool) ([]docker.Container, error) {
	filter := labelKey
	if labelValue != "" {
		filter += "=" + labelValue
	}
	opts := client.ContainerListOptions{All: all}
	if labelKey != "" {
		opts.Filters = make(client.Filters).Add("label", filter)
	}
	return c.listContainers(ctx, opts, "with label "+filter)
}

// listContainers lists the containers opts selects; which names them in
// the error.
func (c *Client) listContainers(ctx context.Context, opts client.ContainerListOptions, which string) ([]docker.Container, error) {
	res, err := c.api.ContainerList(ctx, opts)
	if err != nil {
		return nil, classify(ctx, "컨테이너 목록 조회", fmt.Errorf("listing containers %s: %w", which, err))
	}
	out := make([]docker.Container, 0, len(res.Items))
	for _, s := range res.Items {
		out = append(out, fromSummary(s))
	}
	return out, nil
}

// fromSummary converts the engine's list entry.
func fromSummary(s container.Summary) docker.Container {
	ctr := docker.Container{
		ID:      s.ID,
		Image:   s.Image,
		State:   string(s.State),
		Status:  s.Status,
		Created: time.Unix(s.Created, 0),
		Labels:  s.Labels,
		Mounts:  mountsOf(s.Mounts),
	}
	if len(s.Names) > 0 {
		ctr.Name = strings.TrimPrefix(s.Names[0], "/")
	}
	for _, p := range s.Ports {
		pb := docker.PortBinding{HostPort: int(p.PublicPort), ContainerPort: int(p.PrivatePort), Protocol: p.Type}
		if p.IP.IsValid() {
			pb.HostIP = p.IP.String()
		}
		ctr.Ports = append(ctr.Ports, pb)
	}
	return ctr
}

// Stop stops a running container, killing it after about 3 seconds.
// Stopping a stopped container is not an error.
func (c *Client) Stop(ctx context.Context, id string) error {
	t := stopTimeout
	if _, err := c.api.ContainerStop(ctx, id, client.ContainerStopOptions{Timeout: &t}); err != nil {
		return containerError(ctx, "컨테이너 중지", id, fmt.Errorf("stopping container %s: %w", docker.ShortID(id), err))
	}
	return nil
}

// Remove deletes a container, running or not (`docker rm -f -v`): its
// anonymous volumes go too, so lessons leave nothing behind.
func (c *Client) Remove(ctx context.Context, id string) error {
	if _, err := c.api.ContainerRemove(ctx, id, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true}); err != nil {
		return containerError(ctx, "컨테이너 삭제", id, fmt.Errorf("removing container %s: %w", docker.ShortID(id), err))
	}
	return nil
}

// containerError classifies an error about one container, with a specific
// message when it does not exist.
func containerError(ctx context.Context, what, id string, err error) error {
	if cerrdefs.IsNotFound(err) {
		return &docker.Error{Kind: docker.NotFound,
			Message: fmt.Sprintf("`%s` 컨테이너를 찾을 수 없습니다. 이미 삭제되었을 수 있으니 `docker ps -a`로 목록을 확인하십시오.", docker.ShortID(id)),
			Err:     err}
	}
	return classify(ctx, what, err)
}

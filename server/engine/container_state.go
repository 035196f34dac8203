package engine

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/client"
)

// Start starts an existing, stopped container (`docker start`).
func (c *Client) Start(ctx context.Context, id string) error {
	if _, err := c.api.ContainerStart(ctx, id, client.ContainerStartOptions{}); err != nil {
		err = fmt.Errorf("starting container %s: %w", docker.ShortID(id), err)
		if ok, port := isPortAllocated(err.Error()); ok {
			return portAllocatedError(port, err)
		}
		return containerError(ctx, "컨테이너 시작", id, err)
	}
	return nil
}

// Logs copies a container's output to out (`docker logs [-f]`): stdout and
// stderr interleaved as the engine recorded them. With follow it returns
// when ctx ends or the container stops.
func (c *Client) Logs(ctx context.Context, id string, follow bool, tail string, out io.Writer) error {
	rc, err := c.api.ContainerLogs(ctx, id, client.ContainerLogsOptions{
		ShowStdout: true, ShowStderr: true, Follow: follow, Tail: tail,
	})
	if err != nil {
		return containerError(ctx, "컨테이너 로그 조회", id, fmt.Errorf("logs of container %s: %w", docker.ShortID(id), err))
	}
	defer rc.Close()
	// dockerlab starts containers without a TTY, so the stream is multiplexed.
	if _, err := stdcopy.StdCopy(out, out, rc); err != nil && ctx.Err() == nil {
		return classify(ctx, "컨테이너 로그 조회", fmt.Errorf("reading logs of %s: %w", docker.ShortID(id), err))
	}
	return nil
}

// WatchContainers streams container events until ctx ends or the engine
// goes away; the returned channel closes then, and the caller reconnects
// when it wants to.
func (c *Client) WatchContainers(ctx context.Context) <-chan docker.ContainerEvent {
	out := make(chan docker.ContainerEvent, 16)
	res := c.api.Events(ctx, client.EventsListOptions{Filters: make(client.Filters).Add("type", "container")})
	go func() {
		defer close(out)
		for {
			select {
			case m, ok := <-res.Messages:
				if !ok {
					return
				}
				ev := docker.ContainerEvent{ID: m.Actor.ID, Action: string(m.Action), Labels: m.Actor.Attributes, Time: time.Unix(0, m.TimeNano)}
				select {
				case out <- ev:
				case <-ctx.Done():
					return
				}
			case <-res.Err:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// ContainersOfImage lists every container (running or not) created from
// image, whoever started it, like `docker ps -a --filter ancestor=image`.
func (c *Client) ContainersOfImage(ctx context.Context, image string) ([]docker.Container, error) {
	return c.listContainers(ctx, client.ContainerListOptions{All: true, Filters: make(client.Filters).Add("ancestor", image)}, "of "+image)
}

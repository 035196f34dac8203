package engine

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/api/types/volume"
	"github.com/moby/moby/client"
)

// anonymousVolume is the shape of a name the engine makes up for a volume.
var anonymousVolume = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Volumes lists the engine's volumes, like `docker volume ls` with what
// `docker volume inspect` adds (Mountpoint, creation time).
func (c *Client) Volumes(ctx context.Context) ([]docker.Volume, error) {
	res, err := c.api.VolumeList(ctx, client.VolumeListOptions{})
	if err != nil {
		return nil, classify(ctx, "볼륨 목록 조회", fmt.Errorf("listing volumes: %w", err))
	}
	out := make([]docker.Volume, 0, len(res.Items))
	for _, v := range res.Items {
		out = append(out, fromVolume(v))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// VolumeInspect describes one volume (`docker volume inspect`).
func (c *Client) VolumeInspect(ctx context.Context, name string) (docker.Volume, error) {
	res, err := c.api.VolumeInspect(ctx, name, client.VolumeInspectOptions{})
	if err != nil {
		return docker.Volume{}, volumeError(ctx, "볼륨 조회", name, fmt.Errorf("inspecting volume %s: %w", name, err))
	}
	return fromVolume(res.Volume), nil
}

// VolumeRemove removes a volume and its data (`docker volume rm`). A volume
// a container still uses is a Conflict that names the containers; force
// removes it anyway only where the engine allows (never while in use).
func (c *Client) VolumeRemove(ctx context.Context, name string, force bool) error {
	_, err := c.api.VolumeRemove(ctx, name, client.VolumeRemoveOptions{Force: force})
	if err == nil {
		return nil
	}
	err = fmt.Errorf("removing volume %s: %w", name, err)
	if cerrdefs.IsConflict(err) || strings.Contains(err.Error(), "volume is in use") {
		users, _ := c.VolumeUsers(ctx, name)
		names := make([]string, len(users))
		for i, u := range users {
			names[i] = "`" + u.Name + "`"
		}
		who := "어떤 컨테이너"
		if len(names) > 0 {
			who = "컨테이너 " + strings.Join(names, ", ")
		}
		return &docker.Error{Kind: docker.Conflict, Err: err, Message: fmt.Sprintf(
			"`%s` 볼륨은 %s에서 쓰고 있어 삭제할 수 없습니다. 그 컨테이너를 먼저 삭제하십시오(`docker rm`). 중지만 한 컨테이너도 볼륨을 붙들고 있습니다.", name, who)}
	}
	return volumeError(ctx, "볼륨 삭제", name, err)
}

// VolumeUsers lists the containers, running or not, that mount a volume.
func (c *Client) VolumeUsers(ctx context.Context, name string) ([]docker.Container, error) {
	return c.listContainers(ctx, client.ContainerListOptions{All: true, Filters: make(client.Filters).Add("volume", name)}, "using volume "+name)
}

func volumeError(ctx context.Context, what, name string, err error) error {
	if cerrdefs.IsNotFound(err) {
		return &docker.Error{Kind: docker.NotFound, Err: err,
			Message: fmt.Sprintf("`%s` 볼륨이 없습니다. `docker volume ls`로 목록을 확인하십시오.", name)}
	}
	return classify(ctx, what, err)
}

func fromVolume(v volume.Volume) docker.Volume {
	out := docker.Volume{Name: v.Name, Driver: v.Driver, Mountpoint: v.Mountpoint, Labels: v.Labels, Anonymous: anonymousVolume.MatchString(v.Name)}
	if t, err := time.Parse(time.RFC3339, v.CreatedAt); err == nil {
		out.CreatedAt = t
	}
	return out
}

// hostMounts converts a run's mounts to the engine's: a volume by name, a
// bind mount of an absolute host path. A bind source that is not absolute
// is refused before the engine is asked: the engine would read it as a
// volume name.
func hostMounts(ms []docker.Mount) ([]mount.Mount, error) {
	var out []mount.Mount
	for _, m := range ms {
		switch m.Type {
		case docker.MountVolume:
			out = append(out, mount.Mount{Type: mount.TypeVolume, Source: m.Source, Target: m.Target, ReadOnly: m.ReadOnly})
		case docker.MountBind:
			if !strings.HasPrefix(m.Source, "/") && !(len(m.Source) > 2 && m.Source[1] == ':') {
				return nil, &docker.Error{Kind: docker.Other, Err: fmt.Errorf("bind source %q is not absolute", m.Source),
					Message: fmt.Sprintf("바인드 마운트의 원본(`%s`)은 호스트의 절대 경로여야 합니다.", m.Source)}
			}
			out = append(out, mount.Mount{Type: mount.TypeBind, Source: m.Source, Target: m.Target, ReadOnly: m.ReadOnly})
		default:
			return nil, &docker.Error{Kind: docker.Other, Err: fmt.Errorf("mount type %q", m.Type),
				Message: fmt.Sprintf("`%s` 마운트 종류는 지원하지 않습니다. `volume`이나 `bind`를 쓰십시오.", m.Type)}
		}
	}
	return out, nil
}

// mountsOf converts a container's mounts from the engine's list entry: a
// volume by its name, a bind mount by its host path.
func mountsOf(ms []container.MountPoint) []docker.Mount {
	var out []docker.Mount
	for _, m := range ms {
		switch m.Type {
		case mount.TypeVolume:
			out = append(out, docker.Mount{Type: docker.MountVolume, Source: m.Name, Target: m.Destination, ReadOnly: !m.RW})
		case mount.TypeBind:
			out = append(out, docker.Mount{Type: docker.MountBind, Source: m.Source, Target: m.Destination, ReadOnly: !m.RW})
		}
	}
	return out
}

package engine

import (
	"context"
	"fmt"
	"sort"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/client"
)

// ImageInspect describes a local image by reference. A missing image is a
// NotFound *Error: the build will pull it, which hover says in Korean.
func (c *Client) ImageInspect(ctx context.Context, ref string) (docker.Image, error) {
	res, err := c.api.ImageInspect(ctx, ref)
	if err != nil {
		if cerrdefs.IsNotFound(err) {
			return docker.Image{}, &docker.Error{Kind: docker.NotFound,
				Message: fmt.Sprintf("`%s` 이미지가 이 엔진에 없습니다. 빌드할 때 레지스트리에서 내려받습니다.", ref),
				Err:     err}
		}
		return docker.Image{}, classify(ctx, "이미지 조회", fmt.Errorf("inspecting image %s: %w", ref, err))
	}
	img := docker.Image{ID: res.ID, Tags: res.RepoTags, Size: res.Size, OS: res.Os, Arch: res.Architecture}
	if t, err := time.Parse(time.RFC3339Nano, res.Created); err == nil {
		img.Created = t
	}
	if cfg := res.Config; cfg != nil {
		for p := range cfg.ExposedPorts {
			img.ExposedPorts = append(img.ExposedPorts, p)
		}
		sort.Strings(img.ExposedPorts)
		img.Cmd, img.Entrypoint = cfg.Cmd, cfg.Entrypoint
		img.WorkingDir, img.User = cfg.WorkingDir, cfg.User
		img.Env = cfg.Env
	}
	return img, nil
}

// Images lists the local tagged images, most recent first, like `docker images`.
func (c *Client) Images(ctx context.Context) ([]docker.Image, error) {
	res, err := c.api.ImageList(ctx, client.ImageListOptions{})
	if err != nil {
		return nil, classify(ctx, "이미지 목록 조회", fmt.Errorf("listing images: %w", err))
	}
	out := make([]docker.Image, 0, len(res.Items))
	for _, s := range res.Items {
		var tags []string
		for _, t := range s.RepoTags {
			if t != "<none>:<none>" {
				tags = append(tags, t)
			}
		}
		if len(tags) == 0 {
			continue
		}
		out = append(out, docker.Image{ID: s.ID, Tags: tags, Size: s.Size, Created: time.Unix(s.Created, 0)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	return out, nil
}

package engine

import (
	"context"
	"fmt"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/client"
)

// ImageRemove deletes an image by tag or ID, like `docker rmi`: untagged
// parent layers go with it, but an image a container still uses is kept
// and reported as Conflict, so the learner decides what to remove.
func (c *Client) ImageRemove(ctx context.Context, ref string) error {
	_, err := c.api.ImageRemove(ctx, ref, client.ImageRemoveOptions{PruneChildren: true})
	if err == nil {
		return nil
	}
	err = fmt.Errorf("removing image %s: %w", docker.ShortID(ref), err)
	switch {
	case cerrdefs.IsNotFound(err):
		return &docker.Error{Kind: docker.NotFound,
			Message: fmt.Sprintf("`%s` 이미지를 찾을 수 없습니다. 이미 삭제되었을 수 있으니 `docker images`로 목록을 확인하십시오.", docker.ShortID(ref)),
			Err:     err}
	case cerrdefs.IsConflict(err):
		return &docker.Error{Kind: docker.Conflict,
			Message: fmt.Sprintf("`%s` 이미지를 사용하는 컨테이너가 있어 이미지를 삭제하지 못했습니다. `docker ps -a`로 그 컨테이너를 찾아 `docker rm`으로 삭제한 뒤 다시 시도하십시오.", docker.ShortID(ref)),
			Err:     err}
	}
	return classify(ctx, "이미지 삭제", err)
}

package engine

import (
	"context"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/api/types/image"
)

// missingLayerID is the ID the history API gives a row with no image of
// its own (every row BuildKit made, and the base image's older rows).
const missingLayerID = "<missing>"

// imageSize is the size of the image id in bytes, 0 when the engine does
// not say: build insight is best effort and never fails a build.
func (c *Client) imageSize(ctx context.Context, id string) int64 {
	img, err := c.api.ImageInspect(ctx, id)
	if err != nil {
		return 0
	}
	return img.Size
}

// imageHistory is the history of the image id, oldest first, nil when the
// engine does not give it: build insight never fails a build.
func (c *Client) imageHistory(ctx context.Context, id string) []docker.HistoryEntry {
	res, err := c.api.ImageHistory(ctx, id)
	if err != nil {
		return nil
	}
	return historyEntries(res.Items)
}

// historyEntries turns the engine's history rows, newest first, into
// entries oldest first; "<missing>" IDs become "".
func historyEntries(items []image.HistoryResponseItem) []docker.HistoryEntry {
	if len(items) == 0 {
		return nil
	}
	out := make([]docker.HistoryEntry, len(items))
	for i, it := range items {
		id := it.ID
		if id == missingLayerID {
			id = ""
		}
		e := docker.HistoryEntry{ID: id, CreatedBy: it.CreatedBy, Size: it.Size, Comment: it.Comment}
		if it.Created > 0 {
			e.Created = time.Unix(it.Created, 0)
		}
		out[len(items)-1-i] = e
	}
	return out
}

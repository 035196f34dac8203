package engine

import (
	"context"
	"sync"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/api/types/image"
)

// missingLayerID is the ID the history API gives a row with no image of
// its own (every row BuildKit made, and the base image's older rows).
const missingLayerID = "<missing>"

// maxCachedImages is how many built images' facts the client remembers.
const maxCachedImages = 16

// imageFacts is what build insight asks the engine about a built image.
type imageFacts struct {
	history []docker.HistoryEntry // oldest first; nil when unknown
	size    int64                 // the sum of the layers' sizes; 0 when unknown
}

// imageFactsCache remembers the facts of the images built last, by image
// ID. An ID names the image's content, so its history and size do not
// change: an unchanged rebuild, which makes the same image in a fraction of
// a second, costs no question to the engine (Engine 29 takes 10–20 ms to
// answer).
type imageFactsCache struct {
	mu    sync.Mutex
	facts map[string]imageFacts
	order []string // IDs, oldest first
}

// get returns the facts remembered for id.
func (c *imageFactsCache) get(id string) (imageFacts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.facts[id]
	return f, ok
}

// put remembers f for id, forgetting the oldest beyond maxCachedImages.
func (c *imageFactsCache) put(id string, f imageFacts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.facts == nil {
		c.facts = map[string]imageFacts{}
	}
	if _, ok := c.facts[id]; !ok {
		c.order = append(c.order, id)
	}
	c.facts[id] = f
	for len(c.order) > maxCachedImages {
		delete(c.facts, c.order[0])
		c.order = c.order[1:]
	}
}

// reset forgets every image, for another engine.
func (c *imageFactsCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.facts, c.order = nil, nil
}

// imageFacts asks the engine for the history of the image id, unless it
// remembers it, and sums its layers' sizes for the image's size: the
// history API gives both in one question. (On dockerd 20.10 the sum is the
// size image inspect reports; Engine 29's inspect adds the compressed
// copies of the layers its content store keeps, and takes 20–60 ms more to
// answer.) A failed question leaves the facts unknown: build insight never
// fails a build.
func (c *Client) imageFacts(ctx context.Context, id string) imageFacts {
	if f, ok := c.imageCache.get(id); ok {
		return f
	}
	res, err := c.api.ImageHistory(ctx, id)
	if err != nil || len(res.Items) == 0 {
		return imageFacts{}
	}
	f := imageFacts{history: historyEntries(res.Items)}
	for _, e := range f.history {
		f.size += e.Size
	}
	c.imageCache.put(id, f)
	return f
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

// earlyFacts are the facts of a built image asked for while its build's
// stream is still being read.
type earlyFacts struct {
	id     string // the image asked about; "" when none was
	facts  chan imageFacts
	cancel context.CancelFunc
}

// startImageFacts makes s ask for the facts of the first image ID it reads,
// in the background; cancel stops the question when the build fails.
func (c *Client) startImageFacts(ctx context.Context, s *buildStream) *earlyFacts {
	ctx, cancel := context.WithCancel(ctx)
	e := &earlyFacts{facts: make(chan imageFacts, 1), cancel: cancel}
	s.onImage = func(id string) {
		if e.id != "" {
			return
		}
		e.id = id
		go func() { e.facts <- c.imageFacts(ctx, id) }()
	}
	return e
}

// result waits for the facts asked early, when they are about id.
func (e *earlyFacts) result(id string) (imageFacts, bool) {
	if e.id == "" || e.id != id {
		return imageFacts{}, false
	}
	return <-e.facts, true
}

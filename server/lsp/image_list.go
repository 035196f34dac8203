package lsp

import (
	"context"
	"sync"
	"time"

	"github.com/dockerlab/dockerlab/server/completion"
	"github.com/dockerlab/dockerlab/server/engine"
)

// imageListTTL is how long a listing of the local images is reused for
// completion after FROM: short, so an image just built or pulled shows up
// soon, long enough that typing does not list images on every keystroke.
const imageListTTL = 10 * time.Second

// imageList is the cached `docker images` for completion. Completion never
// waits for it: it reads what is there and, when there is nothing yet or
// it is stale, starts one listing in the background.
type imageList struct {
	mu       sync.Mutex
	images   []engine.Image
	at       time.Time
	ready    bool // listed at least once (an engine error counts: no images)
	fetching bool
}

// List implements completion.Images.
func (c *imageCache) List() ([]engine.Image, bool) {
	l := &c.list
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.fetching && (!l.ready || c.now().Sub(l.at) > imageListTTL) {
		l.fetching = true
		go c.fetchList()
	}
	return l.images, l.ready
}

func (c *imageCache) fetchList() {
	ctx, cancel := context.WithTimeout(context.Background(), imageLookupTimeout)
	defer cancel()
	imgs, err := c.src.Images(ctx)
	if err != nil {
		imgs = nil // no engine, no images; listed again after the TTL
	}
	l := &c.list
	l.mu.Lock()
	l.images, l.at, l.ready, l.fetching = imgs, c.now(), true, false
	l.mu.Unlock()
}

// imageList returns the local images for completion, or nil when the
// engine may not be used (no engine, or an untrusted workspace): then
// completion offers no images and never waits.
func (s *Server) imageList() completion.Images {
	if s.imageLookup() == nil {
		return nil
	}
	return s.images
}

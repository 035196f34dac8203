package session

import (
	"context"
	"sync"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
)

const (
	// imageListTTL is how long a listing of the local images is reused for
	// completion after FROM: short, so an image just built or pulled shows
	// up soon, long enough that typing does not list images on every
	// keystroke.
	imageListTTL = 10 * time.Second
	// imageColdWait is the longest a completion waits for the first listing
	// still under way: the server lists the images right after initialized,
	// so a learner's first `FROM ` usually finds them, and a hung engine
	// costs that completion no more than this.
	imageColdWait = 150 * time.Millisecond
)

// imageList is the cached `docker images` for completion. It is listed in
// the background as soon as the engine may be used (prefetchImages); a
// completion waits only while there has never been a listing, and at most
// imageColdWait. A stale list is answered at once and renewed behind it.
type imageList struct {
	mu     sync.Mutex
	images []docker.Image
	at     time.Time
	ready  bool          // listed at least once (an engine error counts: no images)
	done   chan struct{} // non-nil while a listing runs; closed when it ends
	// waitedOut is set when a completion waited the whole imageColdWait for
	// the running listing: later ones do not wait for it again.
	waitedOut bool
}

// listWithin lists the images for a completion: when they were never listed,
// it waits for the listing under way until it ends, ctx ends or wait
// passes, whichever comes first. A warm list never waits.
func (c *imageCache) listWithin(ctx context.Context, wait time.Duration) ([]docker.Image, bool) {
	l := &c.list
	l.mu.Lock()
	c.refreshLocked()
	if l.ready || l.waitedOut {
		defer l.mu.Unlock()
		return l.images, l.ready
	}
	done := l.done
	l.mu.Unlock()
	timedOut := false
	select {
	case <-done:
	case <-ctx.Done():
	case <-c.after(wait):
		timedOut = true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if timedOut && l.done == done {
		l.waitedOut = true
	}
	return l.images, l.ready
}

// prefetch starts listing the images unless a fresh list or a listing is
// there already.
func (c *imageCache) prefetch() {
	c.list.mu.Lock()
	defer c.list.mu.Unlock()
	c.refreshLocked()
}

// refreshLocked starts one listing in the background when there is none
// under way and the list is missing or stale. c.list.mu is held.
func (c *imageCache) refreshLocked() {
	l := &c.list
	if l.done != nil || (l.ready && c.now().Sub(l.at) <= imageListTTL) {
		return
	}
	l.done, l.waitedOut = make(chan struct{}), false
	go c.fetchList(l.done)
}

func (c *imageCache) fetchList(done chan struct{}) {
	ctx, cancel := context.WithTimeout(context.Background(), imageLookupTimeout)
	defer cancel()
	imgs, err := c.src.Images(ctx)
	if err != nil {
		imgs = nil // no engine, no images; listed again after the TTL
	}
	l := &c.list
	l.mu.Lock()
	l.images, l.at, l.ready, l.done = imgs, c.now(), true, nil
	l.mu.Unlock()
	close(done)
}

// coldImages is the image list as one completion request sees it: the
// first listing is waited for briefly (imageColdWait), and only when the
// completion asks for images at all.
type coldImages struct {
	c   *imageCache
	ctx context.Context
}

// List implements completion.Images.
func (i coldImages) List() ([]docker.Image, bool) {
	return i.c.listWithin(i.ctx, imageColdWait)
}

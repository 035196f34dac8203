package session

import (
	"context"
	"sync"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/lint"
)

// ImageSource is what the session reads about local images; *engine.Client
// implements it.
type ImageSource interface {
	ImageInspect(ctx context.Context, ref string) (docker.Image, error)
	Images(ctx context.Context) ([]docker.Image, error)
}

const (
	// imageWait is the longest a hover waits for the engine; a slower
	// answer is still cached for the next hover.
	imageWait = 300 * time.Millisecond
	// imageTTL is how long an answer (found or not) is reused.
	imageTTL = 30 * time.Second
	// imageLookupTimeout bounds one engine call in the background.
	imageLookupTimeout = 5 * time.Second
)

// imageCache makes engine look-ups safe for hover: cached, shared between
// concurrent hovers of the same image, and never waited on for long.
type imageCache struct {
	src   ImageSource
	now   func() time.Time
	after func(time.Duration) <-chan time.Time // the clock of listWithin's wait

	mu      sync.Mutex
	entries map[string]*imageEntry

	list imageList // the list of local images for completion (image_list.go)
	// onLoaded runs after a look-up finds an image (diagnostics that
	// depend on image platforms are computed again).
	onLoaded func()
}

type imageEntry struct {
	done chan struct{}
	at   time.Time
	img  docker.Image
	err  error
}

func newImageCache(src ImageSource) *imageCache {
	return &imageCache{src: src, now: time.Now, after: time.After, entries: make(map[string]*imageEntry)}
}

// Image implements hover.Images.
func (c *imageCache) Image(ctx context.Context, ref string) (docker.Image, error) {
	e := c.entry(ref)
	timer := time.NewTimer(imageWait)
	defer timer.Stop()
	select {
	case <-e.done:
		c.mu.Lock()
		defer c.mu.Unlock()
		return e.img, e.err
	case <-timer.C:
		return docker.Image{}, context.DeadlineExceeded
	case <-ctx.Done():
		return docker.Image{}, ctx.Err()
	}
}

// BaseImage tells what the local engine knows about an image (platform and
// config) from the cache without waiting; an unknown image starts a look-up,
// and onLoaded runs when it ends. It is lint's ImageFunc: BuildKit's checks
// see the image as `docker build --check` would.
func (c *imageCache) BaseImage(ref string) (lint.BaseImage, bool) {
	e := c.entry(ref) // lint asks by the local name ("node:lts-alpine", not "docker.io/library/…")
	select {
	case <-e.done:
		c.mu.Lock()
		defer c.mu.Unlock()
		if e.err != nil || e.img.OS == "" {
			return lint.BaseImage{}, false
		}
		return lint.BaseImage{OS: e.img.OS, Arch: e.img.Arch, Env: e.img.Env, WorkingDir: e.img.WorkingDir, User: e.img.User}, true
	default:
		return lint.BaseImage{}, false
	}
}

// entry returns the cache entry of ref, starting a look-up when there is
// none or it is stale.
func (c *imageCache) entry(ref string) *imageEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[ref]
	if ok {
		select {
		case <-e.done:
			if c.now().Sub(e.at) > imageTTL {
				ok = false
			}
		default: // a look-up is in flight: wait for it below
		}
	}
	if !ok {
		e = &imageEntry{done: make(chan struct{})}
		c.entries[ref] = e
		go func() {
			lctx, cancel := context.WithTimeout(context.Background(), imageLookupTimeout)
			defer cancel()
			img, err := c.src.ImageInspect(lctx, ref)
			c.mu.Lock()
			e.img, e.err, e.at = img, err, c.now()
			onLoaded := c.onLoaded
			c.mu.Unlock()
			close(e.done)
			if onLoaded != nil && err == nil {
				onLoaded()
			}
		}()
	}
	return e
}

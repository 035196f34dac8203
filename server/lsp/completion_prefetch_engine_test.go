package lsp

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
)

// labBaseImage is the lab's base image; scripts/make-lab-image.sh
// makes it offline on every test machine.
const labBaseImage = "node:lts-alpine"

// listedImages is the real engine's image source, counting its listings
// and saying when the first one has answered.
type listedImages struct {
	*engine.Client
	calls  atomic.Int32
	once   sync.Once
	listed chan struct{}
}

func (l *listedImages) Images(ctx context.Context) ([]docker.Image, error) {
	l.calls.Add(1)
	imgs, err := l.Client.Images(ctx)
	l.once.Do(func() { close(l.listed) })
	return imgs, err
}

// TestFirstCompletionListsImagesOnRealEngine starts a server on the real
// engine the way `dockerlab lsp` does and opens a Dockerfile without asking
// for anything: the server lists the engine's images on its own after
// initialized. Once that listing has answered (on Engine 29 it takes a few
// hundred milliseconds, longer than a completion waits for it), the very
// first completion after `FROM ` lists the lab's base image, complete, and
// the engine was asked once. A missing engine or image fails the test:
// engine tests never skip.
func TestFirstCompletionListsImagesOnRealEngine(t *testing.T) {
	ctx := enginetest.Timeout(t, time.Minute)
	host := engine.ResolveHost("")
	cli, _ := enginetest.Connect(t, func() (*engine.Client, error) { return engine.NewForHost(host) })
	if _, err := cli.ImageInspect(ctx, labBaseImage); err != nil {
		t.Fatalf("the engine lacks %s (run scripts/make-lab-image.sh): %v", labBaseImage, err)
	}

	src := &listedImages{Client: cli, listed: make(chan struct{})}
	e := startServer(t, Options{Engine: cli, Images: src, Ping: cli.Ping, Host: host})
	e.initialize(map[string]any{"trusted": true})
	const uri = "file:///lab/prefetch-engine/Dockerfile"
	e.open(uri, "FROM \n", 1)
	e.diagnostics(uri, 1)
	select {
	case <-src.listed:
	case <-ctx.Done():
		t.Fatal("the server did not list the images after initialized")
	}
	l := completeAt(t, e, uri, 0, 5, " ")
	labels := completionLabels(l)
	if !contains(labels, labBaseImage) || l.IsIncomplete {
		t.Fatalf("the first completion after FROM lacks %s: %v incomplete=%v", labBaseImage, labels, l.IsIncomplete)
	}
	if n := src.calls.Load(); n != 1 {
		t.Errorf("the engine listed its images %d times, want once (the completion reuses the listing)", n)
	}
}

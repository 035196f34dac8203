package lsp

import (
	"context"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
)

// gatedImages lists one image when the test opens its gate, or blocks until
// the test ends when the gate stays shut (a hung engine). Every call is
// counted on calls.
type gatedImages struct {
	calls   chan struct{}
	release chan struct{} // closed by the test: the listing answers
	ended   chan struct{} // closed when the test ends: a hung listing gives up
}

func newGatedImages(t *testing.T) *gatedImages {
	g := &gatedImages{calls: make(chan struct{}, 10), release: make(chan struct{}), ended: make(chan struct{})}
	t.Cleanup(func() { close(g.ended) })
	return g
}

func (g *gatedImages) ImageInspect(context.Context, string) (docker.Image, error) {
	return docker.Image{}, &docker.Error{Kind: docker.NotFound, Message: "없음"}
}

func (g *gatedImages) Images(ctx context.Context) ([]docker.Image, error) {
	g.calls <- struct{}{}
	select {
	case <-g.release:
		return []docker.Image{{ID: "sha256:2", Tags: []string{"dockerlab-test/prefetched:1"}, Size: 2000, Created: time.Now()}}, nil
	case <-g.ended:
		return nil, context.Canceled
	}
}

// waitCall waits until the lister was called.
func (g *gatedImages) waitCall(t *testing.T, what string) {
	t.Helper()
	select {
	case <-g.calls:
	case <-time.After(waitTimeout):
		t.Fatalf("%s: the images were never listed", what)
	}
}

// The server lists the local images right after initialized, before any
// completion asks; the first completion after FROM then offers them.
func TestImagesListedAfterInitialized(t *testing.T) {
	src := newGatedImages(t)
	close(src.release)
	e := startServer(t, Options{Engine: refusingEngine{}, Images: src})
	e.initialize(map[string]any{"trusted": true})
	src.waitCall(t, "after initialized, without a completion")

	const uri = "file:///lab/prefetch/Dockerfile"
	e.open(uri, "FROM \n", 1)
	l := completeAt(t, e, uri, 0, 5, " ")
	if got := completionLabels(l); len(got) != 2 || got[0] != "dockerlab-test/prefetched:1" || got[1] != "scratch" || l.IsIncomplete {
		t.Errorf("first completion: %v incomplete=%v", got, l.IsIncomplete)
	}
	if len(src.calls) != 0 {
		t.Errorf("the images were listed %d more times", len(src.calls))
	}
}

// A hung engine never holds completion up: the first completion after FROM
// comes back, without images, offering scratch and asking to be asked
// again; so does the next one.
func TestHungListingDoesNotHoldCompletion(t *testing.T) {
	src := newGatedImages(t) // the gate stays shut
	e := startServer(t, Options{Engine: refusingEngine{}, Images: src})
	e.initialize(map[string]any{"trusted": true})
	src.waitCall(t, "after initialized")

	const uri = "file:///lab/hung/Dockerfile"
	e.open(uri, "FROM \n", 1)
	for i := range 2 {
		l := completeAt(t, e, uri, 0, 5, " ")
		if got := completionLabels(l); len(got) != 1 || got[0] != "scratch" || !l.IsIncomplete {
			t.Errorf("completion %d with a hung engine: %v incomplete=%v", i+1, got, l.IsIncomplete)
		}
	}
	if len(src.calls) != 0 {
		t.Errorf("a hung listing was started again %d times", len(src.calls))
	}
}

// An untrusted workspace never lists images, not even in the background.
func TestNoPrefetchWhenUntrusted(t *testing.T) {
	src := newGatedImages(t)
	close(src.release)
	e := startServer(t, Options{Engine: refusingEngine{}, Images: src})
	e.initialize(map[string]any{"trusted": false})
	const uri = "file:///lab/untrusted/Dockerfile"
	e.open(uri, "FROM \n", 1)
	e.diagnostics(uri, 1) // initialized and didOpen were handled
	if got := completionLabels(completeAt(t, e, uri, 0, 5, " ")); len(got) != 1 || got[0] != "scratch" {
		t.Errorf("untrusted: %v", got)
	}
	if len(src.calls) != 0 {
		t.Error("an untrusted workspace listed the engine's images")
	}
}

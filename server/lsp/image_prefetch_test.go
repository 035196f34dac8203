package lsp

import (
	"context"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/engine"
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

func (g *gatedImages) ImageInspect(context.Context, string) (engine.Image, error) {
	return engine.Image{}, &engine.Error{Kind: engine.NotFound, Message: "없음"}
}

func (g *gatedImages) Images(ctx context.Context) ([]engine.Image, error) {
	g.calls <- struct{}{}
	select {
	case <-g.release:
		return []engine.Image{{ID: "sha256:2", Tags: []string{"dockerlab-test/prefetched:1"}, Size: 2000, Created: time.Now()}}, nil
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

// A completion that comes while the first listing is under way waits for
// it and offers its images. The wait's clock is the test's: it never runs
// out, so the listing ends the wait, whenever the machine gets to it.
func TestColdCompletionWaitsForTheListing(t *testing.T) {
	src := newGatedImages(t)
	c := newImageCache(src)
	waiting := make(chan struct{})
	c.after = func(d time.Duration) <-chan time.Time {
		if d != imageColdWait {
			t.Errorf("waited up to %s, want %s", d, imageColdWait)
		}
		close(waiting)
		return nil // never fires
	}
	c.prefetch()
	src.waitCall(t, "prefetch")

	type listed struct {
		imgs  []engine.Image
		ready bool
	}
	res := make(chan listed)
	go func() {
		imgs, ready := coldImages{c: c, ctx: context.Background()}.List()
		res <- listed{imgs, ready}
	}()
	<-waiting // the completion waits for the listing in flight
	close(src.release)
	got := <-res
	if !got.ready || len(got.imgs) != 1 || got.imgs[0].Tags[0] != "dockerlab-test/prefetched:1" {
		t.Fatalf("cold completion got %+v", got)
	}

	// A warm list never waits, even when it is stale: it is renewed behind it.
	c.after = func(time.Duration) <-chan time.Time {
		t.Error("a completion waited although the images were listed")
		return nil
	}
	if imgs, ready := c.listWithin(context.Background(), imageColdWait); !ready || len(imgs) != 1 {
		t.Errorf("warm list: %v %v", imgs, ready)
	}
	c.now = func() time.Time { return time.Now().Add(2 * imageListTTL) }
	if imgs, ready := c.listWithin(context.Background(), imageColdWait); !ready || len(imgs) != 1 {
		t.Errorf("stale list: %v %v", imgs, ready)
	}
	src.waitCall(t, "renewing a stale list")
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

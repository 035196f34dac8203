package session

import (
	"context"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
)

// slowImages lists one image once the test opens its gate; every call is
// counted on calls.
type slowImages struct {
	release chan struct{}
	calls   chan struct{}
}

func (g *slowImages) ImageInspect(context.Context, string) (docker.Image, error) {
	return docker.Image{}, &docker.Error{Kind: docker.NotFound}
}

func (g *slowImages) Images(ctx context.Context) ([]docker.Image, error) {
	g.calls <- struct{}{}
	<-g.release
	return []docker.Image{{ID: "sha256:2", Tags: []string{"dockerlab-test/prefetched:1"}}}, nil
}

// A completion that comes while the first listing is under way waits for
// it and offers its images. The wait's clock is the test's: it never runs
// out, so the listing ends the wait, whenever the machine gets to it.
func TestColdCompletionWaitsForTheListing(t *testing.T) {
	src := &slowImages{release: make(chan struct{}), calls: make(chan struct{}, 10)}
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
	<-src.calls

	type listed struct {
		imgs  []docker.Image
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
	<-src.calls // renewing a stale list
}

package lint

import (
	"context"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// A panic inside the check's parallel parts (here: the engine's image
// facts, asked from BuildKit's workers) reaches the caller's goroutine,
// where the server's recovery turns it into an error; on a goroutine of its
// own it would end the server.
func TestPanicReachesTheCaller(t *testing.T) {
	m := dockerfile.Parse("FROM alpine:3.20 AS a\nRUN true\nFROM a\nRUN true\n")
	image := func(ref string) (BaseImage, bool) { panic("engine facts broke: " + ref) }
	got := func() (r any) {
		defer func() { r = recover() }()
		Check(context.Background(), m, Options{Image: image, Cache: NewCache()})
		return nil
	}()
	if s, _ := got.(string); !strings.HasPrefix(s, "engine facts broke") {
		t.Fatalf("recovered %v, want the image function's panic", got)
	}
}

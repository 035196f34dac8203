package engine

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/internal/tabletest"
)

// TestBuildKitVersion asks the real engine (DOCKER_HOST, else the default
// socket) which BuildKit it builds with and checks that the answer fits the
// engine: Debian's dockerd 20.10 has no Info in its BuildKit v0.8, so the
// answer comes from the engine-version table; Docker 24 and later answer
// Info themselves with a v0.11+ release, and v0.30+ also names its
// Dockerfile frontend. It fails, never skips, without an engine.
func TestBuildKitVersion(t *testing.T) {
	c, info := enginetest.Connect(t, New)
	if !info.BuildKit {
		t.Fatalf("the engine (API %s, %s) has no BuildKit; these tests need a Linux engine", info.APIVersion, info.OSType)
	}
	v, err := c.BuildKitVersion(t.Context())
	if err != nil {
		t.Fatalf("BuildKitVersion: %v", err)
	}
	t.Logf("engine %s (API %s): BuildKit %s, Dockerfile frontend %q, from the engine table: %v", v.Engine, info.APIVersion, v.Version, v.Dockerfile, v.FromEngine)
	major, _ := strconv.Atoi(strings.SplitN(v.Engine, ".", 2)[0])
	switch {
	case strings.HasPrefix(v.Engine, "20.10."):
		if !v.FromEngine || v.Version != "v0.8" || v.Dockerfile != "" {
			t.Errorf("dockerd 20.10: %+v, want v0.8 from the engine table", v)
		}
	case major >= 24:
		m := regexp.MustCompile(`^v0\.(\d+)\.\d+`).FindStringSubmatch(v.Version)
		if v.FromEngine || m == nil {
			t.Fatalf("Docker %s: %+v, want BuildKit's own vX.Y.Z from Info", v.Engine, v)
		}
		minor, _ := strconv.Atoi(m[1])
		if minor < 11 {
			t.Errorf("Docker %s reports BuildKit %s, older than v0.11, the first with Info", v.Engine, v.Version)
		}
		if minor >= 30 && !strings.HasPrefix(v.Dockerfile, "1."+strconv.Itoa(minor-6)+".") {
			t.Errorf("BuildKit %s names Dockerfile frontend %q, want 1.%d.x", v.Version, v.Dockerfile, minor-6)
		}
	default:
		t.Fatalf("engine %s: no expectation for this engine; add one", v.Engine)
	}
	// The answer is cached per client: the second call does not ask again.
	if !c.buildKit.known {
		t.Error("the answer was not cached")
	}
	c.buildKit.version.Version = "cached"
	if again, err := c.BuildKitVersion(t.Context()); err != nil || again.Version != "cached" {
		t.Errorf("second call = %+v, %v; want the cached answer", again, err)
	}
}

// An engine that does not answer /grpc makes the probe give up with an
// error (the caller then does not refuse anything) instead of holding the
// build, and nothing is cached.
func TestBuildKitVersionHungEngine(t *testing.T) {
	c := pingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/grpc":
			<-r.Context().Done() // accepts the upgrade request but never answers
		case strings.HasSuffix(r.URL.Path, "/_ping"):
			w.Header().Set("Api-Version", "1.51")
			w.Header().Set("Ostype", "linux")
		case strings.HasSuffix(r.URL.Path, "/version"):
			w.Write([]byte(`{"Version":"28.5.1","ApiVersion":"1.51","Os":"linux"}`))
		default:
			http.NotFound(w, r)
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second) // only a guard: the probe's own bound ends it
	defer cancel()
	if v, err := c.BuildKitVersion(ctx); err == nil {
		t.Fatalf("BuildKitVersion of an engine that never answers /grpc = %+v, want an error", v)
	}
	if ctx.Err() != nil {
		t.Fatal("the probe ran into the test's guard instead of its own bound")
	}
	if c.buildKit.known {
		t.Error("a failed probe was cached")
	}
}

func TestBundledBuildKit(t *testing.T) {
	// ok must say whether a version was found: a result that breaks that
	// is shown with its ok, which matches no want.
	tabletest.Func(t, "bundledBuildKit", func(engineVersion string) string {
		got, ok := bundledBuildKit(engineVersion)
		if ok != (got != "") {
			return fmt.Sprintf("%q, ok %v", got, ok)
		}
		return got
	}, map[string]string{
		"18.09.9":        "v0.3",
		"19.03.15":       "v0.5",
		"20.10.24+dfsg1": "v0.8",
		"20.10.5":        "v0.8",
		"22.06.0-beta.0": "v0.10",
		"23.0.6":         "v0.10",
		"24.0.7":         "", // has Info
		"29.8.0":         "",
		"20.1":           "",
		"dev":            "",
	})
}

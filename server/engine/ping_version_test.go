package engine

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/moby/moby/client"
)

// Ping names the engine's own version (from /version), which the status
// bar shows: learners know Docker 20.10.24, not API 1.41.
func TestPingEngineVersion(t *testing.T) {
	c := pingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Api-Version", "1.41")
		w.Header().Set("Ostype", "linux")
		if strings.HasSuffix(r.URL.Path, "/version") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"Version":"20.10.24+dfsg1","ApiVersion":"1.41","Os":"linux"}`))
		}
	})
	info, err := c.Ping(t.Context())
	if err != nil || info.Version != "20.10.24+dfsg1" || info.APIVersion != "1.41" {
		t.Fatalf("Ping = %+v, %v; want version 20.10.24+dfsg1, API 1.41", info, err)
	}
}

// An engine that answers the ping but not /version is still available;
// only its version is unknown.
func TestPingWithoutEngineVersion(t *testing.T) {
	c := pingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Api-Version", "1.41")
		w.Header().Set("Ostype", "linux")
		if strings.HasSuffix(r.URL.Path, "/version") {
			http.Error(w, `{"message":"boom"}`, http.StatusInternalServerError)
		}
	})
	info, err := c.Ping(t.Context())
	if err != nil || info.Version != "" || info.APIVersion != "1.41" {
		t.Fatalf("Ping = %+v, %v; want available, API 1.41, no version", info, err)
	}
}

// The engine's version is asked once, not on every ping (a build click
// pings twice); a ping that fails forgets it, since the engine that answers
// next may have been upgraded.
func TestPingAsksVersionOnce(t *testing.T) {
	var versions atomic.Int32
	var down atomic.Bool
	c := pingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, `{"message":"restarting"}`, http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Api-Version", "1.41")
		w.Header().Set("Ostype", "linux")
		if strings.HasSuffix(r.URL.Path, "/version") {
			n := versions.Add(1)
			w.Header().Set("Content-Type", "application/json")
			v := "20.10.24+dfsg1"
			if n > 1 {
				v = "29.8.0"
			}
			_, _ = w.Write([]byte(`{"Version":"` + v + `","ApiVersion":"1.41","Os":"linux"}`))
		}
	})
	for i := 0; i < 3; i++ {
		if info, err := c.Ping(t.Context()); err != nil || info.Version != "20.10.24+dfsg1" {
			t.Fatalf("ping %d = %+v, %v", i, info, err)
		}
	}
	if n := versions.Load(); n != 1 {
		t.Fatalf("/version asked %d times for three pings, want once", n)
	}
	down.Store(true)
	if _, err := c.Ping(t.Context()); err == nil {
		t.Fatal("a ping of an engine answering 503 succeeded")
	}
	down.Store(false)
	if info, err := c.Ping(t.Context()); err != nil || info.Version != "29.8.0" {
		t.Fatalf("ping after the engine came back = %+v, %v; want the new version 29.8.0", info, err)
	}
}

// On the real engine (DOCKER_HOST, else the default socket) Ping's version
// is the one `docker version` shows. It fails, never skips, without an
// engine.
func TestPingEngineVersionRealEngine(t *testing.T) {
	c, info := enginetest.Connect(t, New)
	ctx := enginetest.Timeout(t, 10*time.Second)
	sv, err := c.api.ServerVersion(ctx, client.ServerVersionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if info.Version == "" || info.Version != sv.Version || info.APIVersion == "" {
		t.Fatalf("Ping = %+v; want version %q", info, sv.Version)
	}
	t.Logf("Docker %s, API %s", info.Version, info.APIVersion)
}

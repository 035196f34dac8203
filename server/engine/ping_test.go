package engine

import (
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"

	"github.com/moby/moby/client"
)

// pingServer serves /_ping on a unix socket with handler and returns a
// Client for it. It stands in for engines this machine does not have (too
// old, hung); the real engine is tested in engine_test.go.
func pingServer(t *testing.T, handler http.HandlerFunc) *Client {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "e.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(handler)
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := newClient(client.WithHost("unix://" + sock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestPingOldEngine(t *testing.T) {
	c := pingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Api-Version", "1.24")
		w.Header().Set("Ostype", "linux")
	})
	_, err := c.Ping(t.Context())
	if docker.KindOf(err) != docker.Unavailable || !strings.Contains(err.Error(), "API 1.24") || !strings.Contains(err.Error(), "업데이트") {
		t.Errorf("Ping of an API 1.24 engine = %v, want Unavailable asking to update", err)
	}
}

func TestPingHungEngine(t *testing.T) {
	c := pingServer(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx := enginetest.Timeout(t, 200*time.Millisecond)
	_, err := c.Ping(ctx)
	if docker.KindOf(err) != docker.Unavailable || !strings.Contains(err.Error(), "sudo dockerd") {
		t.Errorf("Ping of a hung engine = %v, want Unavailable", err)
	}
}

func TestPingBuildKitHeader(t *testing.T) {
	for _, tc := range []struct {
		version, ostype, builder string
		want                     bool
	}{
		{"1.41", "linux", "", true},
		{"1.41", "linux", "2", true},
		{"1.41", "windows", "", false},
		{"1.41", "windows", "2", true},
	} {
		c := pingServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Api-Version", tc.version)
			w.Header().Set("Ostype", tc.ostype)
			if tc.builder != "" {
				w.Header().Set("Builder-Version", tc.builder)
			}
		})
		info, err := c.Ping(t.Context())
		if err != nil || info.BuildKit != tc.want || info.APIVersion != tc.version || info.OSType != tc.ostype {
			t.Errorf("Ping(%+v) = %+v, %v; want BuildKit %v", tc, info, err, tc.want)
		}
	}
}

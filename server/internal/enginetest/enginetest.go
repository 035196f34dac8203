// Package enginetest gives the engine tests of every package the same
// set-up against the real Docker engine (DOCKER_HOST, else the default
// socket): a client that is closed when the test ends and fails the test,
// never skips it, when no engine answers; an image imported (never pulled)
// and removed again; a free host port, a unique name, a static Linux
// program to put in a FROM scratch image, and a GET that waits for a
// container's server to listen.
//
// It does not import server/engine, so engine's own tests can use it too:
// Connect takes the constructor, and RemoveIntermediates any image remover.
// It is test-only code (it imports testing and dials the engine), so only
// _test.go files import it; testcorpus.TestOnlyTestsImport keeps it that
// way.
package enginetest

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/client"
)

// pingTimeout bounds the first ping: an engine that is there answers at once.
const pingTimeout = 10 * time.Second

// Engine is what Connect needs of a client: *engine.Client has it.
type Engine interface {
	Ping(ctx context.Context) (docker.Info, error)
	Close() error
}

// Connect makes a client with dial (engine.New, or engine.NewForHost on a
// resolved host), closes it when the test ends, and pings the engine: no
// answer fails the test, since an engine test that passes without an
// engine proves nothing.
func Connect[C Engine](tb testing.TB, dial func() (C, error)) (C, docker.Info) {
	tb.Helper()
	c, err := dial()
	if err != nil {
		tb.Fatalf("creating the engine client: %v", err)
	}
	tb.Cleanup(func() { c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), pingTimeout)
	defer cancel()
	info, err := c.Ping(ctx)
	if err != nil {
		tb.Fatalf("this test needs a running Docker engine (DOCKER_HOST, else the default socket; start it with `sudo dockerd` or `sudo systemctl start docker`): %v", err)
	}
	return c, info
}

// API returns the Docker SDK's own client for the engine from the
// environment, for what the product's client does not do (importing or
// loading an image), pinged and closed when the test ends.
func API(tb testing.TB) *client.Client {
	tb.Helper()
	api, err := client.New(client.FromEnv)
	if err != nil {
		tb.Fatalf("creating the Docker SDK client: %v", err)
	}
	tb.Cleanup(func() { api.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), pingTimeout)
	defer cancel()
	if _, err := api.Ping(ctx, client.PingOptions{NegotiateAPIVersion: true}); err != nil {
		tb.Fatalf("this test needs a running Docker engine (DOCKER_HOST, else the default socket): %v", err)
	}
	return api
}

// ImportImage makes ref from a root file system holding one file,
// hello.txt with content, through the engine's import endpoint (as
// `docker import` does: nothing is pulled), applying changes (Dockerfile
// instructions such as "ENV A=1" or "LABEL x=y"), and removes it when the
// test ends.
func ImportImage(tb testing.TB, ctx context.Context, api *client.Client, ref, content string, changes ...string) {
	tb.Helper()
	var layer bytes.Buffer
	tw := tar.NewWriter(&layer)
	if err := tw.WriteHeader(&tar.Header{Name: "hello.txt", Mode: 0o644, Size: int64(len(content)), ModTime: time.Unix(0, 0)}); err != nil {
		tb.Fatal(err)
	}
	if _, err := io.WriteString(tw, content); err != nil {
		tb.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		tb.Fatal(err)
	}
	res, err := api.ImageImport(ctx, client.ImageImportSource{Source: &layer, SourceName: "-"}, ref,
		client.ImageImportOptions{Changes: changes})
	if err != nil {
		tb.Fatalf("importing %s: %v", ref, err)
	}
	out, err := io.ReadAll(res)
	res.Close()
	if err != nil || bytes.Contains(out, []byte(`"error"`)) {
		tb.Fatalf("importing %s: %v %s", ref, err, out)
	}
	tb.Cleanup(func() {
		cctx, ccancel := context.WithTimeout(context.Background(), time.Minute)
		defer ccancel()
		if _, err := api.ImageRemove(cctx, ref, client.ImageRemoveOptions{Force: true, PruneChildren: true}); err != nil {
			tb.Errorf("removing %s: %v", ref, err)
		}
	})
}

// ImageRemover removes an image by reference or ID: *engine.Client is one.
type ImageRemover interface {
	ImageRemove(ctx context.Context, ref string) error
}

// intermediateRe finds the image IDs the classic builder prints after each
// step (" ---> 9419e9c9044a").
var intermediateRe = regexp.MustCompile(`(?m)^ ---> ([0-9a-f]{12})$`)

// RemoveIntermediates removes, when the test ends, the untagged images a
// failed classic build left behind (as `docker build` does too), newest
// first, reading their IDs from the build output that output returns then.
// Images still used by others are kept: removal is not forced.
func RemoveIntermediates(tb testing.TB, c ImageRemover, output func() string) {
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		ids := intermediateRe.FindAllStringSubmatch(output(), -1)
		for i := len(ids) - 1; i >= 0; i-- {
			if err := c.ImageRemove(ctx, ids[i][1]); err != nil && docker.KindOf(err) != docker.NotFound && docker.KindOf(err) != docker.Conflict {
				tb.Errorf("cleanup: %v", err)
			}
		}
	})
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Name returns prefix, a dash and 8 random hex digits: a name for an image,
// a tag or a container that no other run of the tests uses.
func Name(prefix string) string {
	b := make([]byte, 4)
	rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}

// Get fetches url until it answers 200 OK or ctx ends, backing off from
// 20 ms to 500 ms: a container's process needs a moment to listen after
// the engine reports it started.
func Get(ctx context.Context, url string) (string, error) {
	backoff := 20 * time.Millisecond
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return "", err
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err == nil && resp.StatusCode == http.StatusOK {
				return string(body), nil
			}
			if err == nil {
				err = fmt.Errorf("status %s", resp.Status)
			}
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("GET %s: %w (last error: %v)", url, ctx.Err(), err)
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 500*time.Millisecond)
	}
}

// Buffer is a bytes.Buffer that a build's writer and the test's cleanup may
// share: the build writes while the test, or RemoveIntermediates at its
// end, reads.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Timeout is the test's context, ended after d or when the test ends,
// whichever comes first: the bound of one test's talk with the engine.
func Timeout(tb testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	tb.Cleanup(cancel)
	return ctx
}

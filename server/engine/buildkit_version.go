package engine

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"sync"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	controlapi "github.com/moby/buildkit/api/services/control"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// buildKitProbeTimeout bounds one probe: it runs before every lab build
// until it has an answer, and a build must never wait long for it.
const buildKitProbeTimeout = 1500 * time.Millisecond

// buildKitCache remembers one engine's answer: an engine's BuildKit changes
// only when the engine is replaced, and then the language server gets a new
// Client. A probe that failed is not remembered, so the next build asks again.
type buildKitCache struct {
	mu      sync.Mutex
	known   bool
	version docker.BuildKitVersion
	probing chan struct{} // closed when the running probe ends; nil when none runs
}

// BuildKitVersion asks the engine which BuildKit it builds with: BuildKit's
// own control API (Info) reached through the Engine API's /grpc endpoint, the
// way `docker buildx`'s "docker" driver does. Engines whose BuildKit has no
// Info (Docker 23 and older) answer Unimplemented; then the engine's version
// decides, from a table. The answer is cached per Client. It gives up after
// about 1.5 s, and any error means "unknown": callers must not refuse a build
// for it.
func (c *Client) BuildKitVersion(ctx context.Context) (docker.BuildKitVersion, error) {
	ctx, cancel := context.WithTimeout(ctx, buildKitProbeTimeout)
	defer cancel()
	bk := &c.buildKit
	for {
		bk.mu.Lock()
		if bk.known {
			v := bk.version
			bk.mu.Unlock()
			return v, nil
		}
		if bk.probing == nil {
			done := make(chan struct{})
			bk.probing = done
			bk.mu.Unlock()
			v, err := c.probeBuildKit(ctx)
			bk.mu.Lock()
			if err == nil {
				bk.known, bk.version = true, v
			}
			bk.probing = nil
			close(done)
			bk.mu.Unlock()
			return v, err
		}
		// Another build is asking already: wait for its answer.
		wait := bk.probing
		bk.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return docker.BuildKitVersion{}, fmt.Errorf("asking the engine's BuildKit version: %w", ctx.Err())
		}
	}
}

// probeBuildKit asks once, without the cache.
func (c *Client) probeBuildKit(ctx context.Context) (docker.BuildKitVersion, error) {
	engine, err := c.engineVersion(ctx)
	if err != nil {
		return docker.BuildKitVersion{}, err
	}
	v := docker.BuildKitVersion{Engine: engine}
	info, err := c.buildKitInfo(ctx)
	if err == nil {
		if bv := info.GetBuildkitVersion(); bv != nil {
			v.Version, v.Dockerfile = bv.GetVersion(), bv.GetDockerfileVersion()
		}
		if v.Version == "" {
			return docker.BuildKitVersion{}, fmt.Errorf("engine %s: BuildKit's Info names no version", engine)
		}
		return v, nil
	}
	if status.Code(err) != codes.Unimplemented {
		return docker.BuildKitVersion{}, fmt.Errorf("asking BuildKit in engine %s for its version: %w", engine, err)
	}
	bundled, ok := bundledBuildKit(engine)
	if !ok {
		return docker.BuildKitVersion{}, fmt.Errorf("engine %s: BuildKit has no Info and the engine's version is not in the table: %w", engine, err)
	}
	v.Version, v.FromEngine = bundled, true
	return v, nil
}

// buildKitInfo calls BuildKit's control API Info over a connection the
// engine hijacks for gRPC (HTTP/2 without TLS, "h2c"), as buildx's docker
// driver does. It speaks to the generated control client directly rather
// than through github.com/moby/buildkit/client, whose Info is the same call
// (ControlClient().Info) but whose package would add a dozen modules
// (containerd's API, OpenTelemetry exporters, file locking) to the binary
// for this one request; the control API and gRPC are linked in already.
func (c *Client) buildKitInfo(ctx context.Context) (*controlapi.InfoResponse, error) {
	dial := func(dialCtx context.Context, _ string) (net.Conn, error) {
		conn, err := c.api.DialHijack(dialCtx, "/grpc", "h2c", nil)
		if err != nil {
			return nil, fmt.Errorf("opening the engine's /grpc endpoint: %w", err)
		}
		return conn, nil
	}
	conn, err := grpc.NewClient("passthrough:///localhost",
		grpc.WithContextDialer(dial), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, fmt.Errorf("creating a gRPC client for BuildKit: %w", err)
	}
	defer conn.Close()
	info, err := controlapi.NewControlClient(conn).Info(ctx, &controlapi.InfoRequest{})
	if err != nil {
		return nil, fmt.Errorf("calling BuildKit's Info: %w", err)
	}
	return info, nil
}

// bundledBuildKits is the BuildKit release series each engine release that
// predates BuildKit's Info (v0.11, Docker 24) bundles, by the engine's
// major.minor. Checked in moby's vendor.conf / vendor.mod at v19.03.0,
// v19.03.15, v20.10.0, v20.10.24, v22.06.0-beta.0, v23.0.0 and v23.0.17, and
// against buildx's table for its "docker" driver (driver/docker/version.go);
// Debian's 20.10.24+dfsg1 rejects heredocs, --link and RUN --network like
// BuildKit v0.8's frontend 1.2:
//
//   - 18.09: v0.3.3 in 18.09.1–18.09.5, v0.4.0 from 18.09.6 (the first
//     release is named, the frontends of both are older than anything the
//     lab checks for);
//   - 19.03: v0.5.1 in 19.03.0–19.03.1, v0.6.x from 19.03.2;
//   - 20.10: the v0.8 branch (v0.8.1 to a v0.8.4 pre-release in 20.10.24);
//   - 22.06 (beta): v0.10.3; 23.0: v0.10.6 and later v0.10 commits.
var bundledBuildKits = map[string]string{
	"18.09": "v0.3",
	"19.03": "v0.5",
	"20.10": "v0.8",
	"22.06": "v0.10",
	"23.0":  "v0.10",
}

// engineSeries is the major.minor of an engine version as the engine
// writes it: "18.09.9", "20.10.24+dfsg1", "22.06.0-beta.0", "23.0.6".
var engineSeries = regexp.MustCompile(`^(\d+\.\d+)(?:[.+~-]|$)`)

// bundledBuildKit looks an engine version up in bundledBuildKits.
func bundledBuildKit(engineVersion string) (string, bool) {
	m := engineSeries.FindStringSubmatch(engineVersion)
	if m == nil {
		return "", false
	}
	v, ok := bundledBuildKits[m[1]]
	return v, ok
}

// Package engine is the only package in dockerlab that talks to the Docker
// engine. It wraps the Go SDK (github.com/moby/moby/client) behind a few
// task-sized calls (build, run, list, stop, remove) that take and return
// package docker's plain values, so no other package handles SDK types,
// and it turns every failure a learner can hit into a *docker.Error with a
// Korean sentence that says what to do next.
//
// It knows Docker, not Dockerfiles: a failed build is reported as the
// engine names it (BuildKit's step, the classic builder's step number, the
// line of a parse error, the image it could not pull), and package lab,
// which holds the parsed Dockerfile, maps that to an instruction.
//
// Nothing here shells out to the docker CLI: the learner's machine may not
// have it, and the SDK gives typed errors and streamed build output.
package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/api/types/build"
	"github.com/moby/moby/client"
	"github.com/moby/moby/client/pkg/versions"
)

// Client is a connection to one Docker engine. It is safe for concurrent
// use; the LSP server keeps one for its lifetime and calls Close on exit.
type Client struct {
	api *client.Client
	// buildKit caches BuildKitVersion's answer for this engine.
	buildKit buildKitCache

	// version is the engine's version once /version answered (engineVersion),
	// so a ping costs one request, not two; a failed ping forgets it with
	// the BuildKit version, as the engine may come back upgraded.
	versionMu sync.Mutex
	version   string

	// imageCache remembers the history and size of the images built last
	// (build insight).
	imageCache imageFactsCache
}

// engineVersion is the engine's own version ("29.8.0"), asked of /version
// once and remembered until a ping fails (forgetEngine).
func (c *Client) engineVersion(ctx context.Context) (string, error) {
	c.versionMu.Lock()
	v := c.version
	c.versionMu.Unlock()
	if v != "" {
		return v, nil
	}
	sv, err := c.api.ServerVersion(ctx, client.ServerVersionOptions{})
	if err != nil {
		return "", fmt.Errorf("asking the engine's version: %w", err)
	}
	c.versionMu.Lock()
	c.version = sv.Version
	c.versionMu.Unlock()
	return sv.Version, nil
}

// forgetEngine drops what the client remembers of the engine (its version,
// its BuildKit's and the facts of the images it built): after a failed ping, the engine that answers next may
// be another one.
func (c *Client) forgetEngine() {
	c.versionMu.Lock()
	c.version = ""
	c.versionMu.Unlock()
	c.buildKit.mu.Lock()
	c.buildKit.known = false
	c.buildKit.mu.Unlock()
	c.imageCache.reset()
}

// New returns a client configured from the environment (DOCKER_HOST,
// DOCKER_API_VERSION, DOCKER_CERT_PATH, DOCKER_TLS_VERIFY), like the docker
// CLI. It does not contact the engine, so the server can start without one;
// call Ping to find out whether the engine answers.
func New() (*Client, error) {
	return newClient(client.FromEnv)
}

// newClient builds a Client from SDK options; tests use it to point at a
// socket where no engine listens.
func newClient(opts ...client.Opt) (*Client, error) {
	api, err := client.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("creating docker client: %w", err)
	}
	return &Client{api: api}, nil
}

// Close releases the idle connections to the engine.
func (c *Client) Close() error {
	if err := c.api.Close(); err != nil {
		return fmt.Errorf("closing docker client: %w", err)
	}
	return nil
}

// buildKitMinAPI is the first API version whose /build endpoint accepts
// version=2 (BuildKit) with a tar context and no session: Docker 18.09.
const buildKitMinAPI = "1.39"

// Ping asks the engine whether it is there, which version it is and what it
// supports, and negotiates the API version for later calls. It returns an Unavailable
// *Error when no engine answers, including when ctx's deadline passes, so
// callers should pass a short timeout.
func (c *Client) Ping(ctx context.Context) (docker.Info, error) {
	res, err := c.api.Ping(ctx, client.PingOptions{NegotiateAPIVersion: true})
	if err != nil {
		c.forgetEngine()
		err = fmt.Errorf("pinging docker engine: %w", err)
		// An engine that does not answer within the caller's short timeout
		// is as good as absent: report Unavailable, not Canceled.
		if errors.Is(err, context.DeadlineExceeded) {
			return docker.Info{}, &docker.Error{Kind: docker.Unavailable, Message: msgUnavailable, Err: err}
		}
		// The engine answered but speaks an API older than the SDK's
		// minimum: every later call would fail, so it is unavailable too.
		if res.APIVersion != "" && versions.LessThan(res.APIVersion, client.MinAPIVersion) {
			return docker.Info{}, &docker.Error{Kind: docker.Unavailable,
				Message: fmt.Sprintf("Docker 엔진이 너무 오래되었습니다(API %s). dockerlab의 빌드와 실행 기능에는 API %s(Docker 19.03) 이상이 필요하니 Docker를 업데이트하십시오. "+
					"엔진이 없어도 Dockerfile 자동 완성, 설명, 진단 같은 언어 기능은 그대로 사용할 수 있습니다.", res.APIVersion, client.MinAPIVersion),
				Err: err}
		}
		return docker.Info{}, classify(ctx, "상태 확인", err)
	}
	info := docker.Info{APIVersion: res.APIVersion, OSType: res.OSType}
	// /_ping does not name the engine's version; /version does (asked once,
	// see engineVersion). Best effort: an engine that answers the ping is
	// available even if this second question fails (bounded by the same ctx).
	if v, err := c.engineVersion(ctx); err == nil {
		info.Version = v
	}
	// The Builder-Version header names the engine's default builder, not
	// what it supports: dockerd 20.10 sends none (default classic) yet
	// builds with BuildKit on request. So decide from the OS and API version.
	info.BuildKit = res.BuilderVersion == build.BuilderBuildKit ||
		(res.OSType == "linux" && res.APIVersion != "" && versions.GreaterThanOrEqualTo(res.APIVersion, buildKitMinAPI))
	return info, nil
}

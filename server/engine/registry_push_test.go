package engine

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/internal/registrytest"
	"github.com/moby/moby/api/types/jsonstream"
	"github.com/moby/moby/api/types/registry"
)

// pushableImage builds the test server image under a tag of this test's
// own, removed when the test ends.
func pushableImage(t *testing.T, c *Client, ctx context.Context) string {
	t.Helper()
	tag := enginetest.Name("dockerlab-test-push")
	cleanupImage(t, c, tag)
	if _, err := c.Build(ctx, docker.BuildRequest{ContextDir: serverContext(t), Tag: tag, Labels: map[string]string{testLabel: "1"}}, io.Discard); err != nil {
		t.Fatalf("building %s: %v", tag, err)
	}
	return tag
}

// The workshop's share step on the real engine and Debian's registry, with
// and without htpasswd auth: tag, push (every layer pushed, the registry's
// digest), push again (every layer already there), remove the local
// image, pull it back and run it; the registry's storage holds the tag.
func TestPushPullRoundTrip(t *testing.T) {
	for _, auth := range []bool{false, true} {
		t.Run(fmt.Sprintf("auth=%v", auth), func(t *testing.T) {
			c, _ := enginetest.Connect(t, New)
			ctx := enginetest.Timeout(t, 3*time.Minute)
			reg := registrytest.Start(t, registrytest.Options{Auth: auth})
			src := pushableImage(t, c, ctx)
			repo := enginetest.Name("dockerlab/push")
			ref := reg.Host + "/" + repo + ":1.0"
			if err := c.Tag(ctx, src, ref); err != nil {
				t.Fatal(err)
			}
			cleanupImage(t, c, ref)
			var creds *docker.RegistryAuth
			if auth {
				creds = &docker.RegistryAuth{Username: reg.Username, Password: reg.Password, ServerAddress: reg.Host}
			}
			var out bytes.Buffer
			res, err := c.Push(ctx, ref, creds, &out)
			if err != nil {
				t.Fatalf("push: %v\n%s\nregistry: %s", err, out.String(), reg.Log())
			}
			if !strings.HasPrefix(res.Digest, "sha256:") || res.Size <= 0 || len(res.Layers) == 0 {
				t.Fatalf("push result %+v\n%s", res, out.String())
			}
			for _, l := range res.Layers {
				if l.Status != "Pushed" {
					t.Errorf("first push: layer %s %q, want Pushed\n%s", l.ID, l.Status, out.String())
				}
			}
			if strings.Contains(out.String(), "Preparing") || strings.Contains(out.String(), "Waiting") {
				t.Errorf("the output has the passing states:\n%s", out.String())
			}
			if tags := reg.Tags(repo); len(tags) != 1 || tags[0] != "1.0" {
				t.Fatalf("registry tags of %s = %v", repo, tags)
			}
			out.Reset()
			again, err := c.Push(ctx, ref, creds, &out)
			if err != nil || again.Digest != res.Digest {
				t.Fatalf("second push: %+v %v", again, err)
			}
			for _, l := range again.Layers {
				if l.Status != "Layer already exists" {
					t.Errorf("second push: layer %s %q, want Layer already exists", l.ID, l.Status)
				}
			}

			// A clean state: neither name holds the image, then pull it back.
			for _, r := range []string{ref, src} {
				if err := c.ImageRemove(ctx, r); err != nil {
					t.Fatalf("removing %s: %v", r, err)
				}
			}
			if err := c.Pull(ctx, ref, creds, &out); err != nil {
				t.Fatalf("pull: %v\n%s", err, out.String())
			}
			runID := enginetest.Name("push")
			cleanupContainers(t, c, runID)
			port := enginetest.FreePort(t)
			ctr, err := c.Run(ctx, docker.RunRequest{Image: ref, Labels: map[string]string{testLabel: "1", testLabel + ".run": runID},
				Ports: []docker.PortBinding{{HostIP: "127.0.0.1", HostPort: port, ContainerPort: 8080}}})
			if err != nil {
				t.Fatalf("running the pulled image: %v", err)
			}
			body, err := enginetest.Get(ctx, fmt.Sprintf("http://127.0.0.1:%d/", port))
			if err != nil || !strings.Contains(body, "hello from dockerlab") {
				t.Fatalf("the pulled image's container %s answers %q, %v", ctr.Name, body, err)
			}
		})
	}
}

// A registry with auth refuses a push without credentials and with a wrong
// password as Unauthorized, in Korean naming the host and `docker login`;
// the engine's login checks the same credentials.
func TestPushNeedsLogin(t *testing.T) {
	c, _ := enginetest.Connect(t, New)
	ctx := enginetest.Timeout(t, 2*time.Minute)
	reg := registrytest.Start(t, registrytest.Options{Auth: true})
	src := pushableImage(t, c, ctx)
	ref := reg.Host + "/" + enginetest.Name("dockerlab/login") + ":1.0"
	if err := c.Tag(ctx, src, ref); err != nil {
		t.Fatal(err)
	}
	cleanupImage(t, c, ref)
	for name, creds := range map[string]*docker.RegistryAuth{
		"anonymous":      nil,
		"wrong password": {Username: reg.Username, Password: "not-" + reg.Password, ServerAddress: reg.Host},
	} {
		_, err := c.Push(ctx, ref, creds, io.Discard)
		if docker.KindOf(err) != docker.Unauthorized || !strings.Contains(err.Error(), "`docker login "+reg.Host+"`") {
			t.Errorf("%s: %v, want Unauthorized naming docker login %s", name, err, reg.Host)
		}
	}
	if _, err := c.Login(ctx, docker.RegistryAuth{Username: reg.Username, Password: "nope", ServerAddress: reg.Host}); docker.KindOf(err) != docker.Unauthorized {
		t.Errorf("login with a wrong password: %v, want Unauthorized", err)
	}
	res, err := c.Login(ctx, docker.RegistryAuth{Username: reg.Username, Password: reg.Password, ServerAddress: reg.Host})
	if err != nil || !strings.Contains(res.Status, "Succeeded") {
		t.Errorf("login: %+v, %v", res, err)
	}
	if ok, err := c.InsecureRegistry(ctx, reg.Host); err != nil || !ok {
		t.Errorf("InsecureRegistry(%s) = %v, %v; the engines allow plain HTTP on 127.0.0.0/8", reg.Host, ok, err)
	}
}

// A registry nobody listens on, and a push cancelled as it starts: the
// Korean kinds, and no tag in the registry.
func TestPushUnreachableAndCancelled(t *testing.T) {
	c, _ := enginetest.Connect(t, New)
	ctx := enginetest.Timeout(t, 2*time.Minute)
	src := pushableImage(t, c, ctx)
	closed := fmt.Sprintf("127.0.0.1:%d", enginetest.FreePort(t))
	ref := closed + "/" + enginetest.Name("dockerlab/nowhere") + ":1.0"
	if err := c.Tag(ctx, src, ref); err != nil {
		t.Fatal(err)
	}
	cleanupImage(t, c, ref)
	_, err := c.Push(ctx, ref, nil, io.Discard)
	if docker.KindOf(err) != docker.RegistryUnreachable || !strings.Contains(err.Error(), "로컬 레지스트리가 실행 중인지") {
		t.Errorf("push to a closed port: %v, want RegistryUnreachable", err)
	}

	reg := registrytest.Start(t, registrytest.Options{})
	repo := enginetest.Name("dockerlab/cancel")
	ref = reg.Host + "/" + repo + ":1.0"
	if err := c.Tag(ctx, src, ref); err != nil {
		t.Fatal(err)
	}
	cleanupImage(t, c, ref)
	cctx, cancel := context.WithCancel(ctx)
	w := &cancelOnWrite{cancel: cancel}
	_, err = c.Push(cctx, ref, nil, w)
	if docker.KindOf(err) != docker.Canceled {
		t.Errorf("cancelled push: %v (output %q), want Canceled", err, w.buf.String())
	}
	if tags := reg.Tags(repo); len(tags) != 0 {
		t.Errorf("the cancelled push left the tags %v", tags)
	}
}

// cancelOnWrite cancels the push at its first line of output.
type cancelOnWrite struct {
	cancel context.CancelFunc
	buf    bytes.Buffer
}

func (w *cancelOnWrite) Write(p []byte) (int, error) {
	w.cancel()
	return w.buf.Write(p)
}

func TestInsecureIn(t *testing.T) {
	cfg := &registry.ServiceConfig{
		InsecureRegistryCIDRs: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")},
		IndexConfigs:          map[string]*registry.IndexInfo{"docker.io": {Name: "docker.io", Secure: true}, "myreg.lan:5000": {Name: "myreg.lan:5000", Secure: false}},
	}
	for host, want := range map[string]bool{"127.0.0.1:5000": true, "127.5.5.5": true, "[::1]:5000": true, "10.0.0.2:5000": false,
		"myreg.lan:5000": true, "docker.io": false, "ghcr.io": false, "localhost:5000": false} {
		if got := insecureIn(cfg, host); got != want {
			t.Errorf("insecureIn(%s) = %v, want %v", host, got, want)
		}
	}
}

// The stream of a push as both engines write it: one line per layer where
// it ended, the digest line, and a failure inside the stream.
func TestLayerProgress(t *testing.T) {
	var out bytes.Buffer
	p := newLayerProgress(&out)
	for _, m := range []jsonstream.Message{
		{Status: "The push refers to repository [127.0.0.1:5000/app]"},
		{ID: "a1", Status: "Preparing"}, {ID: "b2", Status: "Preparing"}, {ID: "a1", Status: "Waiting"},
		{ID: "a1", Status: "Pushing", Progress: &jsonstream.Progress{Current: 10, Total: 20}},
		{ID: "a1", Status: "Pushed"}, {ID: "b2", Status: "Mounted from library/node"}, {ID: "a1", Status: "Pushed"},
		{Status: "1.0: digest: sha256:" + strings.Repeat("ab", 32) + " size: 1234"},
	} {
		if err := p.handle(m); err != nil {
			t.Fatal(err)
		}
	}
	want := "The push refers to repository [127.0.0.1:5000/app]\na1: Pushed\nb2: Mounted from library/node\n1.0: digest: sha256:" + strings.Repeat("ab", 32) + " size: 1234\n"
	if out.String() != want || p.digest != "sha256:"+strings.Repeat("ab", 32) || p.size != 1234 {
		t.Errorf("output %q, digest %s, size %d", out.String(), p.digest, p.size)
	}
	if ls := p.layers(); len(ls) != 2 || ls[0] != (docker.PushLayer{ID: "a1", Status: "Pushed"}) {
		t.Errorf("layers %+v", ls)
	}
	if err := p.handle(jsonstream.Message{Error: &jsonstream.Error{Message: "unauthorized: authentication required"}}); err == nil {
		t.Error("a stream error is no failure")
	}
}

func TestRegistryErrorKinds(t *testing.T) {
	ctx := context.Background()
	for msg, kind := range map[string]docker.ErrorKind{
		"Get \"https://10.0.0.2:5000/v2/\": http: server gave HTTP response to HTTPS client":                     docker.RegistryUnreachable,
		"unauthorized: authentication required":                                                                  docker.Unauthorized,
		"no basic auth credentials":                                                                              docker.Unauthorized,
		"denied: requested access to the resource is denied":                                                     docker.Unauthorized,
		"Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused":                      docker.RegistryUnreachable,
		"Get \"https://nowhere.invalid/v2/\": dial tcp: lookup nowhere.invalid: no such host":                    docker.RegistryUnreachable,
		"unexpected status from HEAD request to https://127.0.0.1:5000/v2/app/blobs/sha256:0a: 401 Unauthorized": docker.Unauthorized,
		// A digest with the digits 401 in it is not HTTP's 401 (seen on Engine 29).
		"failed to do request: Head \"https://127.0.0.1:46525/v2/n/blobs/sha256:7d931078f6aa555e7340185f3291776f\": dial tcp 127.0.0.1:46525: connect: connection refused": docker.RegistryUnreachable,
		"invalid reference format: repository name (library/Bad) must be lowercase":                                                                                        docker.Other,
		"manifest for 127.0.0.1:5000/app:2.0 not found: manifest unknown: manifest unknown":                                                                                docker.NotFound,
	} {
		err := registryError(ctx, "푸시", "127.0.0.1:5000/app:1.0", fmt.Errorf("pushing: %s", msg))
		if docker.KindOf(err) != kind {
			t.Errorf("%q: %v, want kind %v", msg, err, kind)
		}
	}
	err := registryError(ctx, "푸시", "me/app", fmt.Errorf("denied: requested access to the resource is denied"))
	if !strings.Contains(err.Error(), "docker.io/사용자/getting-started") {
		t.Errorf("Docker Hub's denial does not say the name needs the user: %v", err)
	}
	for ref, host := range map[string]string{"127.0.0.1:5000/a:1": "127.0.0.1:5000", "me/app": "docker.io", "ghcr.io/o/a": "ghcr.io", "localhost/a": "localhost", "app": "docker.io"} {
		if got := hostOf(ref); got != host {
			t.Errorf("hostOf(%s) = %s, want %s", ref, got, host)
		}
	}
}

// A plain HTTP registry outside 127.0.0.0/8: the engine asks it over
// HTTPS, and the failure says why and what to do (the engines' insecure
// CIDRs hold only the loopback by default).
func TestPushPlainHTTPOutsideLoopback(t *testing.T) {
	c, _ := enginetest.Connect(t, New)
	ctx := enginetest.Timeout(t, 2*time.Minute)
	reg := registrytest.Start(t, registrytest.Options{IP: registrytest.NonLoopbackIP(t)})
	if ok, err := c.InsecureRegistry(ctx, reg.Host); err != nil || ok {
		t.Fatalf("InsecureRegistry(%s) = %v, %v; the engines ask registries outside the loopback over HTTPS", reg.Host, ok, err)
	}
	src := pushableImage(t, c, ctx)
	ref := reg.Host + "/" + enginetest.Name("dockerlab/https") + ":1.0"
	if err := c.Tag(ctx, src, ref); err != nil {
		t.Fatal(err)
	}
	cleanupImage(t, c, ref)
	_, err := c.Push(ctx, ref, nil, io.Discard)
	if docker.KindOf(err) != docker.RegistryUnreachable || !strings.Contains(err.Error(), "insecure-registries") || !strings.Contains(err.Error(), "HTTPS") {
		t.Errorf("push to plain HTTP on %s: %v", reg.Host, err)
	}
}

package registry

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
)

// Cache times: a registry's answers are kept this long before they are
// asked again (served meanwhile), a refusal or absence for less.
const (
	answerTTL   = 60 * time.Second
	failureTTL  = 10 * time.Second
	loadTimeout = 5 * time.Second
	// coldWait is how long the first question for a key waits for the
	// registry before answering "not ready" (completion asks again as the
	// learner types): a local registry answers well within it.
	coldWait = 300 * time.Millisecond
)

// Docker is what dockerlab needs of registries: Docker's credential
// store, the reference rules, and a registry API client whose answers are
// cached and never waited on for long.
type Docker struct {
	creds  *Store
	client *Client
	cache  cache
}

// New is the registries seen through Docker's config directory dir ("" for
// $DOCKER_CONFIG, else ~/.docker).
func New(dir string) *Docker {
	d := &Docker{creds: NewStore(dir)}
	d.client = NewClient(func(ctx context.Context, host string) (Credentials, bool) {
		c, _, ok, err := d.creds.Get(ctx, host)
		return c, ok && err == nil
	})
	return d
}

// Resolve checks a push target and returns the full reference with the
// key its registry's credentials are kept under.
func (d *Docker) Resolve(target string) (string, string, error) {
	t, err := ParseTarget(target)
	if err != nil {
		return "", "", &docker.Error{Kind: docker.Other, Message: err.Error()}
	}
	return t.Ref, t.CredentialKey(), nil
}

// Credentials are the stored credentials for host, nil when there are none.
func (d *Docker) Credentials(host string) (*docker.RegistryAuth, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, _, ok, err := d.creds.Get(ctx, host)
	if err != nil {
		return nil, &docker.Error{Kind: docker.Other, Message: "저장된 자격 증명을 읽지 못했습니다. Docker 설정 파일과 자격 증명 도우미를 확인하십시오.", Err: err}
	}
	if !ok {
		return nil, nil
	}
	return &docker.RegistryAuth{Username: c.Username, Password: c.Secret, IdentityToken: c.IdentityToken, ServerAddress: credentialKey(host)}, nil
}

// Store keeps credentials the way `docker login` does and says where.
func (d *Docker) Store(host, username, secret string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	where, err := d.creds.Put(ctx, host, Credentials{Username: username, Secret: secret})
	if err == nil {
		d.cache.forget(host)
	}
	return where, err
}

// Repositories are a registry's repositories for completion: the cached
// answer at once, else a short wait; ready is false while the first
// listing is still under way.
func (d *Docker) Repositories(host string) ([]string, bool) {
	v, err, ready := d.cache.get("catalog\x00"+host, coldWait, func(ctx context.Context) (any, error) {
		return d.client.Repositories(ctx, host)
	})
	if err != nil || !ready {
		return nil, ready
	}
	return v.([]string), true
}

// Tags are a repository's tags for completion, as Repositories.
func (d *Docker) Tags(host, repo string) ([]string, bool) {
	v, err, ready := d.cache.get("tags\x00"+host+"/"+repo, coldWait, func(ctx context.Context) (any, error) {
		return d.client.Tags(ctx, host, repo)
	})
	if err != nil || !ready {
		return nil, ready
	}
	return v.([]string), true
}

// Image is what the registry says of a reference, for hover; it waits at
// most until ctx ends.
func (d *Docker) Image(ctx context.Context, ref string) (docker.RegistryImage, error) {
	t, err := ParseTarget(ref)
	if err != nil {
		return docker.RegistryImage{}, err
	}
	wait := loadTimeout
	if dl, ok := ctx.Deadline(); ok {
		wait = time.Until(dl)
	}
	v, err, ready := d.cache.get("image\x00"+t.Ref, wait, func(ctx context.Context) (any, error) {
		return d.client.Image(ctx, t)
	})
	if err != nil {
		return docker.RegistryImage{}, err
	}
	if !ready {
		return docker.RegistryImage{}, ctx.Err()
	}
	return v.(docker.RegistryImage), nil
}

// Lists reports whether a registry lists a reference's tag (the
// walkthrough's share step); a registry that cannot be asked lists nothing.
func (d *Docker) Lists(ref string) bool {
	t, err := ParseTarget(ref)
	if err != nil {
		return false
	}
	host := registryHost(t.Domain)
	v, err, ready := d.cache.get("tags\x00"+host+"/"+t.Path, loadTimeout, func(ctx context.Context) (any, error) {
		return d.client.Tags(ctx, host, t.Path)
	})
	if err != nil || !ready {
		return false
	}
	for _, tag := range v.([]string) {
		if tag == t.Tag {
			return true
		}
	}
	return false
}

// Forget drops what the cache knows of a registry host (after a push, the
// tags changed).
func (d *Docker) Forget(host string) { d.cache.forget(host) }

// cache keeps registry answers by key: a fresh answer is served as is, a
// stale one is served while one refresh runs in the background.
type cache struct {
	mu      sync.Mutex
	entries map[string]*entry
}

type entry struct {
	val     any
	err     error
	at      time.Time
	loaded  bool
	loading chan struct{} // closed when the running load ends; nil when none runs
}

func (c *cache) get(key string, wait time.Duration, load func(ctx context.Context) (any, error)) (any, error, bool) {
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]*entry{}
	}
	e := c.entries[key]
	if e == nil {
		e = &entry{}
		c.entries[key] = e
	}
	ttl := answerTTL
	if e.err != nil {
		ttl = failureTTL
	}
	if e.loaded && time.Since(e.at) < ttl {
		v, err := e.val, e.err
		c.mu.Unlock()
		return v, err, true
	}
	if e.loading == nil {
		done := make(chan struct{})
		e.loading = done
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
			defer cancel()
			v, err := load(ctx)
			c.mu.Lock()
			e.val, e.err, e.at, e.loaded, e.loading = v, err, time.Now(), true, nil
			c.mu.Unlock()
			close(done)
		}()
	}
	loading := e.loading
	if e.loaded { // stale: serve it while the refresh runs
		v, err := e.val, e.err
		c.mu.Unlock()
		return v, err, true
	}
	c.mu.Unlock()
	if wait <= 0 {
		return nil, nil, false
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-loading:
	case <-t.C:
		return nil, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return e.val, e.err, true
}

// forget drops every entry whose key names host.
func (c *cache) forget(host string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if strings.Contains(k, "\x00"+host) {
			delete(c.entries, k)
		}
	}
}

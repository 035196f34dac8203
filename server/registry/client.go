package registry

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
)

// The manifest media types a client accepts, as the docker CLI sends them.
const (
	mediaOCIIndex      = "application/vnd.oci.image.index.v1+json"
	mediaOCIManifest   = "application/vnd.oci.image.manifest.v1+json"
	mediaDockerList    = "application/vnd.docker.distribution.manifest.list.v2+json"
	mediaDockerV2      = "application/vnd.docker.distribution.manifest.v2+json"
	maxCatalogPages    = 10
	maxBody            = 4 << 20
	defaultHTTPTimeout = 5 * time.Second
)

// Client asks registries' HTTP API (the Distribution API, `/v2/`) what
// they hold, with the learner's stored credentials when a registry asks
// for them (Basic, or a Bearer token from the registry's token service).
// It speaks HTTPS, and plain HTTP only to a loopback registry, as the
// engine does by default.
type Client struct {
	HTTP *http.Client
	// Credentials returns the stored credentials for a host; nil asks
	// anonymously only.
	Credentials func(ctx context.Context, host string) (Credentials, bool)
}

// NewClient is a client with short timeouts.
func NewClient(creds func(ctx context.Context, host string) (Credentials, bool)) *Client {
	return &Client{HTTP: &http.Client{Timeout: defaultHTTPTimeout}, Credentials: creds}
}

// Error is a registry's refusal or absence, in Korean, with the cause.
type Error struct {
	Kind    docker.ErrorKind
	Message string
	Err     error
}

func (e *Error) Error() string { return e.Message + " (원인: " + e.Err.Error() + ")" }
func (e *Error) Unwrap() error { return e.Err }

// Repositories lists a registry's repositories (`/v2/_catalog`), following
// its pages up to a bound.
func (c *Client) Repositories(ctx context.Context, host string) ([]string, error) {
	var out []string
	next := "/v2/_catalog?n=1000"
	for page := 0; next != "" && page < maxCatalogPages; page++ {
		var body struct {
			Repositories []string `json:"repositories"`
		}
		res, err := c.get(ctx, host, next, "registry:catalog:*", nil, &body)
		if err != nil {
			return nil, err
		}
		out = append(out, body.Repositories...)
		next = nextPage(res.Header.Get("Link"))
	}
	sort.Strings(out)
	return out, nil
}

var linkNext = regexp.MustCompile(`<([^>]+)>\s*;\s*rel="?next"?`)

// nextPage is the path of a Link header's next page, "" for none.
func nextPage(link string) string {
	m := linkNext.FindStringSubmatch(link)
	if m == nil {
		return ""
	}
	u, err := url.Parse(m[1])
	if err != nil {
		return ""
	}
	return u.RequestURI()
}

// Tags lists a repository's tags (`/v2/<name>/tags/list`).
func (c *Client) Tags(ctx context.Context, host, repo string) ([]string, error) {
	var body struct {
		Tags []string `json:"tags"`
	}
	if _, err := c.get(ctx, host, "/v2/"+repo+"/tags/list", "repository:"+repo+":pull", nil, &body); err != nil {
		return nil, err
	}
	sort.Strings(body.Tags)
	return body.Tags, nil
}

// manifest is the part of a manifest or an index the facts need.
type manifest struct {
	MediaType string `json:"mediaType"`
	Config    struct {
		Digest string `json:"digest"`
		Size   int64  `json:"size"`
	} `json:"config"`
	Layers []struct {
		Size int64 `json:"size"`
	} `json:"layers"`
	Manifests []struct {
		Digest   string `json:"digest"`
		Platform *struct {
			OS           string `json:"os"`
			Architecture string `json:"architecture"`
			Variant      string `json:"variant"`
		} `json:"platform"`
	} `json:"manifests"`
}

// Image reads a reference's manifest: its digest, what a pull downloads
// and its platforms (an index's, or the config's os/architecture).
func (c *Client) Image(ctx context.Context, t Target) (docker.RegistryImage, error) {
	host := registryHost(t.Domain)
	scope := "repository:" + t.Path + ":pull"
	accept := strings.Join([]string{mediaOCIIndex, mediaDockerList, mediaOCIManifest, mediaDockerV2}, ", ")
	var m manifest
	res, err := c.get(ctx, host, "/v2/"+t.Path+"/manifests/"+t.Tag, scope, http.Header{"Accept": {accept}}, &m)
	if err != nil {
		return docker.RegistryImage{}, err
	}
	out := docker.RegistryImage{Ref: t.Ref, Digest: res.Header.Get("Docker-Content-Digest"), MediaType: m.MediaType}
	if out.MediaType == "" {
		out.MediaType = res.Header.Get("Content-Type")
	}
	if len(m.Manifests) > 0 {
		for _, d := range m.Manifests {
			if d.Platform == nil || d.Platform.OS == "" || d.Platform.OS == "unknown" {
				continue // attestations
			}
			p := d.Platform.OS + "/" + d.Platform.Architecture
			if d.Platform.Variant != "" {
				p += "/" + d.Platform.Variant
			}
			out.Platforms = append(out.Platforms, p)
		}
		// The size of the first platform's download.
		var first manifest
		if _, err := c.get(ctx, host, "/v2/"+t.Path+"/manifests/"+m.Manifests[0].Digest, scope, http.Header{"Accept": {mediaOCIManifest + ", " + mediaDockerV2}}, &first); err == nil {
			out.Size = manifestSize(first)
		}
		return out, nil
	}
	out.Size = manifestSize(m)
	if m.Config.Digest != "" {
		var cfg struct {
			OS           string `json:"os"`
			Architecture string `json:"architecture"`
			Variant      string `json:"variant"`
		}
		if _, err := c.get(ctx, host, "/v2/"+t.Path+"/blobs/"+m.Config.Digest, scope, nil, &cfg); err == nil && cfg.OS != "" {
			p := cfg.OS + "/" + cfg.Architecture
			if cfg.Variant != "" {
				p += "/" + cfg.Variant
			}
			out.Platforms = []string{p}
		}
	}
	return out, nil
}

func manifestSize(m manifest) int64 {
	n := m.Config.Size
	for _, l := range m.Layers {
		n += l.Size
	}
	return n
}

// registryHost is where Docker Hub's API lives.
func registryHost(domain string) string {
	if domain == "docker.io" {
		return "registry-1.docker.io"
	}
	return domain
}

// schemes are the schemes tried for a host: plain HTTP first on loopback
// (where the engine uses it too), else HTTPS only.
func schemes(host string) []string {
	if Loopback(host) {
		return []string{"http", "https"}
	}
	return []string{"https"}
}

// get GETs path on host into v (JSON), answering the registry's
// WWW-Authenticate challenge once with the stored credentials.
func (c *Client) get(ctx context.Context, host, path, scope string, header http.Header, v any) (*http.Response, error) {
	var lastErr error
	for _, scheme := range schemes(host) {
		res, err := c.getScheme(ctx, scheme, host, path, scope, header, v)
		if err == nil {
			return res, nil
		}
		lastErr = err
		var re *Error
		if errors.As(err, &re) && re.Kind != docker.RegistryUnreachable {
			return nil, err // the registry answered: another scheme will not help
		}
	}
	return nil, lastErr
}

func (c *Client) getScheme(ctx context.Context, scheme, host, path, scope string, header http.Header, v any) (*http.Response, error) {
	u := scheme + "://" + host + path
	res, err := c.do(ctx, u, header, "")
	if err != nil {
		return nil, unreachable(host, err)
	}
	if res.StatusCode == http.StatusUnauthorized {
		challenge := res.Header.Get("WWW-Authenticate")
		res.Body.Close()
		authz, err := c.authorize(ctx, host, challenge, scope)
		if err != nil {
			return nil, err
		}
		if res, err = c.do(ctx, u, header, authz); err != nil {
			return nil, unreachable(host, err)
		}
	}
	defer res.Body.Close()
	switch {
	case res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden:
		return nil, unauthorized(host, fmt.Errorf("GET %s: %s", u, res.Status))
	case res.StatusCode == http.StatusNotFound:
		return nil, &Error{Kind: docker.NotFound, Err: fmt.Errorf("GET %s: %s", u, res.Status),
			Message: fmt.Sprintf("레지스트리(`%s`)에 그 저장소나 태그가 없습니다.", host)}
	case res.StatusCode/100 != 2:
		return nil, &Error{Kind: docker.Other, Err: fmt.Errorf("GET %s: %s", u, res.Status),
			Message: fmt.Sprintf("레지스트리(`%s`)가 요청을 처리하지 못했습니다.", host)}
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, maxBody)).Decode(v); err != nil {
		return nil, &Error{Kind: docker.Other, Err: err, Message: fmt.Sprintf("레지스트리(`%s`)의 답을 읽지 못했습니다.", host)}
	}
	return res, nil
}

func (c *Client) do(ctx context.Context, u string, header http.Header, authz string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: defaultHTTPTimeout}
	}
	return hc.Do(req)
}

// authorize answers a WWW-Authenticate challenge: Basic with the stored
// credentials, or a Bearer token from the registry's token service (with
// the credentials when there are some, anonymously otherwise).
func (c *Client) authorize(ctx context.Context, host, challenge, scope string) (string, error) {
	scheme, params := ParseChallenge(challenge)
	var cred Credentials
	var have bool
	if c.Credentials != nil {
		cred, have = c.Credentials(ctx, host)
	}
	switch strings.ToLower(scheme) {
	case "basic":
		if !have || cred.Username == "" {
			return "", unauthorized(host, fmt.Errorf("the registry asks for a login (%s)", challenge))
		}
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(cred.Username+":"+cred.Secret)), nil
	case "bearer":
		realm := params["realm"]
		if realm == "" {
			return "", unauthorized(host, fmt.Errorf("a bearer challenge without a realm: %s", challenge))
		}
		if s := params["scope"]; s != "" {
			scope = s
		}
		q := url.Values{}
		if params["service"] != "" {
			q.Set("service", params["service"])
		}
		if scope != "" {
			q.Set("scope", scope)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, realm+"?"+q.Encode(), nil)
		if err != nil {
			return "", unauthorized(host, err)
		}
		if have && cred.Username != "" {
			req.SetBasicAuth(cred.Username, cred.Secret)
		}
		hc := c.HTTP
		if hc == nil {
			hc = &http.Client{Timeout: defaultHTTPTimeout}
		}
		res, err := hc.Do(req)
		if err != nil {
			return "", unreachable(host, err)
		}
		defer res.Body.Close()
		if res.StatusCode/100 != 2 {
			return "", unauthorized(host, fmt.Errorf("token service %s: %s", realm, res.Status))
		}
		var tok struct {
			Token       string `json:"token"`
			AccessToken string `json:"access_token"`
		}
		if err := json.NewDecoder(io.LimitReader(res.Body, maxBody)).Decode(&tok); err != nil {
			return "", unauthorized(host, err)
		}
		if tok.Token == "" {
			tok.Token = tok.AccessToken
		}
		return "Bearer " + tok.Token, nil
	}
	return "", unauthorized(host, fmt.Errorf("unknown challenge %q", challenge))
}

// ParseChallenge reads a WWW-Authenticate header: its scheme and its
// parameters (`Bearer realm="https://auth.docker.io/token",service="…"`).
func ParseChallenge(h string) (string, map[string]string) {
	h = strings.TrimSpace(h)
	scheme, rest, _ := strings.Cut(h, " ")
	params := map[string]string{}
	for rest = strings.TrimSpace(rest); rest != ""; {
		key, after, ok := strings.Cut(rest, "=")
		if !ok {
			break
		}
		key = strings.ToLower(strings.TrimSpace(key))
		var val string
		if strings.HasPrefix(after, `"`) {
			end := 1
			for end < len(after) && (after[end] != '"' || after[end-1] == '\\') {
				end++
			}
			val = strings.ReplaceAll(after[1:min(end, len(after))], `\"`, `"`)
			rest = after[min(end+1, len(after)):]
		} else {
			val, rest, _ = strings.Cut(after, ",")
			rest = "," + rest
		}
		params[key] = strings.TrimSpace(val)
		rest = strings.TrimLeft(strings.TrimSpace(rest), ",")
		rest = strings.TrimSpace(rest)
	}
	return scheme, params
}

func unreachable(host string, err error) *Error {
	where := "주소가 맞는지, 네트워크에 연결되어 있는지 확인하십시오."
	if Loopback(host) {
		where = "로컬 레지스트리가 실행 중인지 확인하십시오(`bash scripts/registry.sh start`)."
	}
	return &Error{Kind: docker.RegistryUnreachable, Err: err, Message: fmt.Sprintf("레지스트리(`%s`)에 접속하지 못했습니다. %s", host, where)}
}

func unauthorized(host string, err error) *Error {
	return &Error{Kind: docker.Unauthorized, Err: err, Message: fmt.Sprintf(
		"레지스트리(`%s`)가 로그인을 요구합니다. `docker login %s`처럼 dockerlab의 `레지스트리에 로그인` 명령으로 로그인하십시오.", host, host)}
}

package engine

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/api/types/jsonstream"
	"github.com/moby/moby/api/types/registry"
	"github.com/moby/moby/client"
)

// Tag gives an image another name (`docker tag SOURCE TARGET`).
func (c *Client) Tag(ctx context.Context, source, target string) error {
	if _, err := c.api.ImageTag(ctx, client.ImageTagOptions{Source: source, Target: target}); err != nil {
		err = fmt.Errorf("tagging %s as %s: %w", source, target, err)
		if strings.Contains(err.Error(), "not a valid repository/tag") || strings.Contains(err.Error(), "invalid reference format") {
			return invalidReference(target, err)
		}
		return classify(ctx, "태그 붙이기", err)
	}
	return nil
}

// encodeAuth is the X-Registry-Auth header of auth, as the docker CLI
// sends it: base64url of the JSON, `{}` for an anonymous push (dockerd
// 20.10 refuses a push without the header: "Bad parameters and missing
// X-Registry-Auth").
func encodeAuth(auth *docker.RegistryAuth) string {
	cfg := registry.AuthConfig{}
	if auth != nil {
		cfg = registry.AuthConfig{Username: auth.Username, Password: auth.Password,
			IdentityToken: auth.IdentityToken, ServerAddress: auth.ServerAddress}
	}
	b, _ := json.Marshal(cfg) // strings always marshal
	return base64.URLEncoding.EncodeToString(b)
}

// Push uploads an image to its registry (`docker push REF`), writing one
// line per layer each time its state changes ("a1b2c3d4e5f6: Pushed",
// "…: Layer already exists", "…: Mounted from other/repo") and the
// registry's digest line to out.
func (c *Client) Push(ctx context.Context, ref string, auth *docker.RegistryAuth, out io.Writer) (docker.PushResult, error) {
	resp, err := c.api.ImagePush(ctx, ref, client.ImagePushOptions{RegistryAuth: encodeAuth(auth)})
	if err != nil {
		return docker.PushResult{}, registryError(ctx, "푸시", ref, fmt.Errorf("pushing %s: %w", ref, err))
	}
	defer resp.Close()
	res := docker.PushResult{Ref: ref}
	p := newLayerProgress(out)
	if err := p.read(ctx, resp); err != nil {
		return docker.PushResult{}, registryError(ctx, "푸시", ref, fmt.Errorf("pushing %s: %w", ref, err))
	}
	res.Layers, res.Digest, res.Size = p.layers(), p.digest, p.size
	return res, nil
}

// Pull downloads an image from its registry (`docker pull REF`), writing
// one line per layer each time its state changes to out.
func (c *Client) Pull(ctx context.Context, ref string, auth *docker.RegistryAuth, out io.Writer) error {
	resp, err := c.api.ImagePull(ctx, ref, client.ImagePullOptions{RegistryAuth: encodeAuth(auth)})
	if err != nil {
		return registryError(ctx, "풀", ref, fmt.Errorf("pulling %s: %w", ref, err))
	}
	defer resp.Close()
	if err := newLayerProgress(out).read(ctx, resp); err != nil {
		return registryError(ctx, "풀", ref, fmt.Errorf("pulling %s: %w", ref, err))
	}
	c.imageCache.reset()
	return nil
}

// Login checks credentials against a registry through the engine, as
// `docker login` does (`POST /auth`).
func (c *Client) Login(ctx context.Context, auth docker.RegistryAuth) (docker.LoginResult, error) {
	res, err := c.api.RegistryLogin(ctx, client.RegistryLoginOptions{Username: auth.Username, Password: auth.Password,
		ServerAddress: auth.ServerAddress, IdentityToken: auth.IdentityToken})
	if err != nil {
		return docker.LoginResult{}, registryError(ctx, "로그인", auth.ServerAddress, fmt.Errorf("logging in to %s: %w", auth.ServerAddress, err))
	}
	return docker.LoginResult{Status: res.Auth.Status, IdentityToken: res.Auth.IdentityToken}, nil
}

// InsecureRegistry reports whether the engine talks plain HTTP to host:
// hosts in its insecure CIDRs (127.0.0.0/8 by default) or listed under
// insecure-registries in daemon.json.
func (c *Client) InsecureRegistry(ctx context.Context, host string) (bool, error) {
	res, err := c.api.Info(ctx, client.InfoOptions{})
	if err != nil {
		return false, classify(ctx, "엔진 정보 조회", fmt.Errorf("asking the engine's registry settings: %w", err))
	}
	if res.Info.RegistryConfig == nil {
		return false, nil
	}
	return insecureIn(res.Info.RegistryConfig, host), nil
}

// insecureIn is InsecureRegistry's decision on the engine's registry
// settings: a listed index that is not secure, or an IP host inside an
// insecure CIDR.
func insecureIn(cfg *registry.ServiceConfig, host string) bool {
	if ic, ok := cfg.IndexConfigs[host]; ok && ic != nil {
		return !ic.Secure
	}
	name := host
	if i := strings.LastIndex(host, ":"); i > 0 && !strings.HasSuffix(host, "]") {
		name = host[:i]
	}
	ip, err := netip.ParseAddr(strings.Trim(name, "[]"))
	if err != nil {
		return false
	}
	for _, cidr := range cfg.InsecureRegistryCIDRs {
		if cidr.Contains(ip) {
			return true
		}
	}
	return false
}

// layerProgress turns a push or pull stream into a line per layer state.
type layerProgress struct {
	out    io.Writer
	order  []string
	states map[string]string
	digest string
	size   int64
}

func newLayerProgress(out io.Writer) *layerProgress {
	return &layerProgress{out: out, states: map[string]string{}}
}

// digestLine is the engine's last status of a push: "1.0: digest: sha256:… size: 1234".
var digestLine = regexp.MustCompile(`digest: (sha256:[0-9a-f]{64}) size: (\d+)`)

func (p *layerProgress) read(ctx context.Context, r io.Reader) error {
	err := eachMessage(r, func(m jsonstream.Message) (bool, error) { return true, p.handle(m) })
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// pushFailed is a failure the engine reported inside the stream.
type pushFailed struct{ msg string }

func (e pushFailed) Error() string { return e.msg }

func (p *layerProgress) handle(m jsonstream.Message) error {
	if m.Error != nil {
		return pushFailed{m.Error.Message}
	}
	if sm := digestLine.FindStringSubmatch(m.Status); sm != nil {
		p.digest = sm[1]
		fmt.Sscan(sm[2], &p.size)
		fmt.Fprintln(p.out, m.Status)
		return nil
	}
	if m.ID == "" {
		if m.Status != "" {
			fmt.Fprintln(p.out, m.Status)
		}
		return nil
	}
	if passingStates[m.Status] || p.states[m.ID] == m.Status {
		return nil
	}
	if _, seen := p.states[m.ID]; !seen {
		p.order = append(p.order, m.ID)
	}
	p.states[m.ID] = m.Status
	fmt.Fprintf(p.out, "%s: %s\n", m.ID, m.Status)
	return nil
}

// passingStates are a layer's states on the way, left out of the output:
// the line per layer says where it ended (Pushed, Layer already exists,
// Mounted from …, Pull complete, Already exists).
var passingStates = map[string]bool{"Preparing": true, "Waiting": true, "Pushing": true, "Pulling fs layer": true,
	"Downloading": true, "Verifying Checksum": true, "Download complete": true, "Extracting": true}

// layers are the layers with the last state the engine gave each.
func (p *layerProgress) layers() []docker.PushLayer {
	out := make([]docker.PushLayer, 0, len(p.order))
	for _, id := range p.order {
		out = append(out, docker.PushLayer{ID: id, Status: p.states[id]})
	}
	return out
}

// hostOf is the registry host of a reference ("127.0.0.1:5000/app:1.0" →
// "127.0.0.1:5000"; Docker Hub for a name without one).
func hostOf(ref string) string {
	if i := strings.Index(ref, "/"); i > 0 {
		first := ref[:i]
		if strings.ContainsAny(first, ".:") || first == "localhost" {
			return first
		}
	}
	if strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://") {
		return strings.TrimSuffix(strings.SplitN(strings.SplitN(ref, "://", 2)[1], "/", 2)[0], "/")
	}
	if !strings.Contains(ref, "/") && strings.ContainsAny(ref, ".:") && !strings.Contains(ref, "@") {
		return ref // a bare host, as a login names it
	}
	return "docker.io"
}

func invalidReference(ref string, err error) *docker.Error {
	return &docker.Error{Kind: docker.Other, Err: err, Message: fmt.Sprintf(
		"`%s` 이름은 이미지 참조로 쓸 수 없습니다. `127.0.0.1:5000/getting-started:1.0`처럼 `호스트/저장소:태그` 형식에 소문자, 숫자, `.`, `_`, `-`만 쓰십시오.", ref)}
}

// status401 is HTTP's 401 as a word of its own: the digits also occur
// inside the sha256 digests and ports an engine's message names.
var status401 = regexp.MustCompile(`(^|[^0-9a-z])401([^0-9a-z]|$)`)

// registryError says in Korean what a failed push, pull or login needs,
// with the engine's words kept as the cause: the registry wants a login,
// refused access, cannot be reached, speaks plain HTTP to an engine that
// wants HTTPS, or the reference is not one.
func registryError(ctx context.Context, what, ref string, err error) error {
	var de *docker.Error
	if errors.As(err, &de) {
		return err
	}
	host := hostOf(ref)
	msg := err.Error()
	low := strings.ToLower(msg)
	login := fmt.Sprintf("`docker login %s`처럼 dockerlab의 `레지스트리에 로그인` 명령으로 로그인한 뒤 다시 시도하십시오.", host)
	switch {
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return &docker.Error{Kind: docker.Canceled, Err: err, Message: what + " 작업을 취소했습니다. 레이어가 일부만 옮겨졌을 수 있습니다. 다시 실행하면 아직 없는 레이어만 옮깁니다."}
	case strings.Contains(low, "invalid reference format") || strings.Contains(low, "not a valid repository/tag"):
		return invalidReference(ref, err)
	case strings.Contains(low, "server gave http response to https client"):
		return &docker.Error{Kind: docker.RegistryUnreachable, Err: err, Message: fmt.Sprintf(
			"`%s` 레지스트리는 HTTP로만 응답하는데 Docker 엔진은 HTTPS로 접속했습니다. 엔진은 `127.0.0.0/8`의 레지스트리와 `daemon.json`의 `insecure-registries`에 적힌 레지스트리에만 HTTP로 접속합니다. "+
				"`127.0.0.1`의 주소를 쓰거나, `insecure-registries`에 이 주소(`%s`)를 적고 엔진을 다시 시작하십시오.", host, host)}
	case strings.Contains(low, "unauthorized") || strings.Contains(low, "authentication required") ||
		strings.Contains(low, "no basic auth credentials") || status401.MatchString(low):
		return &docker.Error{Kind: docker.Unauthorized, Err: err, Message: fmt.Sprintf(
			"`%s` 레지스트리가 로그인을 요구합니다. 로그인하지 않았거나 사용자 이름이나 비밀번호(토큰)가 맞지 않습니다. %s", host, login)}
	case strings.Contains(low, "denied") || strings.Contains(low, "forbidden"):
		hint := "그 저장소에 쓸 권한이 있는 계정으로 로그인했는지 확인하십시오. "
		if host == "docker.io" {
			hint = "Docker Hub에서는 저장소 이름이 자기 사용자 이름으로 시작해야 합니다(`docker.io/사용자/getting-started`). "
		}
		return &docker.Error{Kind: docker.Unauthorized, Err: err, Message: fmt.Sprintf(
			"`%s` 레지스트리가 `%s`에 대한 접근을 거부했습니다. %s%s", host, ref, hint, login)}
	case strings.Contains(low, "connection refused") || strings.Contains(low, "no such host") ||
		strings.Contains(low, "i/o timeout") || strings.Contains(low, "timeout exceeded") || strings.Contains(low, "network is unreachable") ||
		strings.Contains(low, "connection reset"):
		where := "레지스트리 주소가 맞는지, 네트워크에 연결되어 있는지 확인하십시오."
		if strings.HasPrefix(host, "127.") || strings.HasPrefix(host, "localhost") {
			where = "로컬 레지스트리가 실행 중인지 확인하십시오(`bash scripts/registry.sh start`)."
		}
		return &docker.Error{Kind: docker.RegistryUnreachable, Err: err, Message: fmt.Sprintf(
			"Docker 엔진이 `%s` 레지스트리에 접속하지 못했습니다. %s", host, where)}
	case strings.Contains(low, "does not exist") || strings.Contains(low, "not found") || strings.Contains(low, "manifest unknown"):
		return &docker.Error{Kind: docker.NotFound, Err: err, Message: fmt.Sprintf(
			"`%s` 이미지를 찾을 수 없습니다. 이름과 태그를 확인하십시오(`docker images`, 레지스트리의 태그 목록).", ref)}
	}
	return classify(ctx, what, err)
}

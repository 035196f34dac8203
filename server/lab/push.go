package lab

import (
	"context"

	"fmt"
	"io"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
)

// RegistryEngine is what push and login need of the engine besides Engine;
// *engine.Client implements it.
type RegistryEngine interface {
	Tag(ctx context.Context, source, target string) error
	Push(ctx context.Context, ref string, auth *docker.RegistryAuth, out io.Writer) (docker.PushResult, error)
	Login(ctx context.Context, auth docker.RegistryAuth) (docker.LoginResult, error)
	ImageRemove(ctx context.Context, ref string) error
}

// Registries are Docker's credential store and its rules for references:
// the session implements it with package registry over the learner's
// Docker config, so dockerlab keeps no password of its own.
type Registries interface {
	// Resolve checks a push target and returns it in full
	// ("docker.io/me/app:latest" for "me/app") with the host Docker keys
	// its credentials by; the error is a Korean sentence.
	Resolve(target string) (ref, host string, err error)
	// Credentials are the stored credentials for host, nil when there are none.
	Credentials(host string) (*docker.RegistryAuth, error)
	// Store keeps credentials the way `docker login` does (the configured
	// credential helper, else the config file) and says where.
	Store(host, username, secret string) (where string, err error)
}

func (s Session) registryEngine() (RegistryEngine, error) {
	re, ok := s.Engine.(RegistryEngine)
	if !ok || s.Registries == nil {
		return nil, &docker.Error{Kind: docker.Other, Message: "이 엔진 연결로는 레지스트리에 푸시하거나 로그인할 수 없습니다."}
	}
	return re, nil
}

// MsgNoPushTarget asks for a push target when none was given.
const MsgNoPushTarget = "푸시할 곳을 정하십시오. `127.0.0.1:5000/getting-started:1.0`처럼 레지스트리 주소, 저장소, 태그를 적습니다(`dockerlab.registry.default` 설정이나 명령 인수 `target`)."

// Push tags the plan's image with target and pushes it, as `docker tag`
// and `docker push` do, building first when the image is not there. A tag
// the push made and could not use is removed again, so a failed push
// leaves nothing behind that the learner did not ask for.
func (s Session) Push(ctx context.Context, p Plan, target string) (Result, error) {
	re, err := s.registryEngine()
	if err != nil {
		return Result{}, err
	}
	target = strings.TrimSpace(target)
	if target == "" {
		target = p.PushTarget
	}
	if target == "" {
		return Result{}, &docker.Error{Kind: docker.Other, Message: MsgNoPushTarget}
	}
	ref, host, err := s.Registries.Resolve(target)
	if err != nil {
		return Result{}, err
	}
	imgs, err := s.Engine.Images(ctx)
	if err != nil {
		return Result{}, err
	}
	if !hasImage(imgs, p.Tag) {
		fmt.Fprintf(s.Out, "# `%s` 이미지가 아직 없어 먼저 빌드합니다.\n", p.Tag)
		if _, err := s.Build(ctx, p); err != nil {
			return Result{Image: p.Tag}, err
		}
	}
	tagged := !hasImage(imgs, ref) // a tag this push makes, to undo on failure
	s.say(fmt.Sprintf("docker tag %s %s", p.Tag, ref), "푸시할 이름으로 태그를 붙입니다")
	if err := re.Tag(ctx, p.Tag, ref); err != nil {
		return Result{Image: p.Tag}, err
	}
	auth, err := s.Registries.Credentials(host)
	if err != nil {
		s.untag(re, ref, tagged)
		return Result{Image: p.Tag}, err
	}
	s.say("docker push "+ref, "레지스트리에 이미지를 올립니다")
	res, err := re.Push(ctx, ref, auth, s.Out)
	if err != nil {
		s.untag(re, ref, tagged)
		return Result{Image: p.Tag}, err
	}
	if f, ok := s.Registries.(interface{ Forget(host string) }); ok {
		f.Forget(host) // its tags changed
	}
	pull := "docker pull " + ref
	fmt.Fprintf(s.Out, "# 다른 사람은 이 명령으로 이미지를 받습니다: `%s`. 실행은 `docker run -dp 127.0.0.1:3000:3000 %s`처럼 합니다.\n", pull, ref)
	msg := fmt.Sprintf("푸시했습니다: `%s`. 다른 컴퓨터에서는 이 명령으로 받을 수 있습니다: `%s`", ref, pull)
	return Result{Image: p.Tag, Containers: []ContainerResult{}, Pushed: ref, Digest: res.Digest, PullCommand: pull, Message: msg}, nil
}

// untag removes a tag the failed push made; the image keeps its own name.
func (s Session) untag(re RegistryEngine, ref string, made bool) {
	if !made {
		return
	}
	// The push's context may be the cancelled one: untag regardless.
	if err := re.ImageRemove(context.Background(), ref); err == nil {
		fmt.Fprintf(s.Out, "# 푸시가 끝나지 않아, 푸시하려고 붙인 태그(`%s`)는 지웠습니다(`docker rmi %s`). 원래 이미지는 그대로입니다.\n", ref, ref)
	}
}

// MsgLoginNeedsAccount says what a login takes when a client sent no account.
const MsgLoginNeedsAccount = `로그인에는 레지스트리 주소, 사용자 이름, 비밀번호(또는 액세스 토큰)가 필요합니다. 명령 인수로 [{"registry": "127.0.0.1:5000", "username": "...", "secret": "..."}]를 보내십시오.`

// Login checks an account against a registry through the engine, as
// `docker login` does, and stores it in Docker's credential store.
func (s Session) Login(ctx context.Context, a Args) (Result, error) {
	re, err := s.registryEngine()
	if err != nil {
		return Result{}, err
	}
	registry := strings.TrimSpace(a.Registry)
	if registry == "" || a.Username == "" || a.Secret == "" {
		return Result{}, &docker.Error{Kind: docker.Other, Message: MsgLoginNeedsAccount}
	}
	host := loginHost(registry)
	s.say(fmt.Sprintf("docker login %s -u %s", registry, a.Username), "레지스트리에 로그인합니다(비밀번호는 입력 상자로 받았습니다)")
	lr, err := re.Login(ctx, docker.RegistryAuth{Username: a.Username, Password: a.Secret, ServerAddress: host})
	if err != nil {
		return Result{}, err
	}
	secret := a.Secret
	if lr.IdentityToken != "" {
		secret = lr.IdentityToken
	}
	where, err := s.Registries.Store(host, a.Username, secret)
	if err != nil {
		return Result{}, &docker.Error{Kind: docker.Other, Err: err,
			Message: "로그인은 되었지만 자격 증명을 저장하지 못했습니다. Docker 설정 파일(`~/.docker/config.json`)이나 자격 증명 도우미를 확인하십시오."}
	}
	if lr.Status != "" {
		fmt.Fprintln(s.Out, lr.Status)
	}
	fmt.Fprintf(s.Out, "# 자격 증명은 %s에 저장했습니다. dockerlab은 비밀번호를 따로 보관하지 않습니다.\n", where)
	return Result{Containers: []ContainerResult{}, Message: fmt.Sprintf("`%s`에 로그인했습니다. 자격 증명은 %s에 저장했습니다.", registry, where)}, nil
}

// loginHost is the key Docker stores a registry's credentials under:
// Docker Hub's is "https://index.docker.io/v1/".
func loginHost(registry string) string {
	h := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(registry, "https://"), "http://"), "/")
	switch h {
	case "docker.io", "index.docker.io", "registry-1.docker.io", "index.docker.io/v1":
		return "https://index.docker.io/v1/"
	}
	return h
}

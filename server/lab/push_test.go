package lab

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
)

// registryEngine is mountEngine with tags, a push that succeeds or fails as
// told, and a record of what was untagged.
type registryEngine struct {
	mountEngine
	pushErr error
	tagged  []string
	removed []string
	logins  []docker.RegistryAuth
}

func (r *registryEngine) Tag(ctx context.Context, source, target string) error {
	r.tagged = append(r.tagged, target)
	r.images = append(r.images, docker.Image{ID: "sha256:pushed", Tags: []string{target}})
	return nil
}

func (r *registryEngine) Push(ctx context.Context, ref string, auth *docker.RegistryAuth, out io.Writer) (docker.PushResult, error) {
	if r.pushErr != nil {
		return docker.PushResult{}, r.pushErr
	}
	io.WriteString(out, "abc: Pushed\n")
	return docker.PushResult{Ref: ref, Digest: "sha256:" + strings.Repeat("d", 64)}, nil
}

func (r *registryEngine) Login(ctx context.Context, auth docker.RegistryAuth) (docker.LoginResult, error) {
	r.logins = append(r.logins, auth)
	if auth.Password != "right" {
		return docker.LoginResult{}, &docker.Error{Kind: docker.Unauthorized, Message: "no"}
	}
	return docker.LoginResult{Status: "Login Succeeded"}, nil
}

func (r *registryEngine) ImageRemove(ctx context.Context, ref string) error {
	r.removed = append(r.removed, ref)
	return nil
}

// fakeRegistries resolves like Docker for the tests' hosts and keeps what
// a login stores.
type fakeRegistries struct{ stored map[string]string }

func (f *fakeRegistries) Resolve(target string) (string, string, error) {
	if strings.ContainsAny(target, " A") {
		return "", "", &docker.Error{Kind: docker.Other, Message: "bad"}
	}
	host, _, _ := strings.Cut(target, "/")
	return target, host, nil
}
func (f *fakeRegistries) Credentials(host string) (*docker.RegistryAuth, error) { return nil, nil }
func (f *fakeRegistries) Store(host, user, secret string) (string, error) {
	if f.stored == nil {
		f.stored = map[string]string{}
	}
	f.stored[host] = user + ":" + secret
	return "`config.json`", nil
}

// A push builds first when the image is missing, tags, pushes, and gives
// the pull command; a failed push removes the tag it made, never one that
// was there before.
func TestPushUntagsWhatItMadeOnFailure(t *testing.T) {
	p := labPlan(t)
	target := "127.0.0.1:5000/getting-started:1.0"
	var out bytes.Buffer
	eng := &registryEngine{}
	sess := Session{Engine: eng, Out: &out, UI: &scriptedUI{}, Registries: &fakeRegistries{}}
	res, err := sess.Push(context.Background(), p, target)
	if err != nil || res.Pushed != target || res.PullCommand != "docker pull "+target {
		t.Fatalf("push = %+v, %v", res, err)
	}
	for _, want := range []string{"먼저 빌드합니다", "$ docker tag getting-started " + target, "$ docker push " + target, "abc: Pushed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	refused := &docker.Error{Kind: docker.Unauthorized, Message: "login"}
	fresh := &registryEngine{pushErr: refused, mountEngine: mountEngine{images: []docker.Image{{ID: "sha256:1", Tags: []string{"getting-started:latest"}}}}}
	_, err = Session{Engine: fresh, Out: io.Discard, UI: &scriptedUI{}, Registries: &fakeRegistries{}}.Push(context.Background(), p, target)
	if !errors.Is(err, refused) || len(fresh.removed) != 1 || fresh.removed[0] != target {
		t.Errorf("failed push: %v, removed %v; want the new tag removed", err, fresh.removed)
	}
	had := &registryEngine{pushErr: refused, mountEngine: mountEngine{images: []docker.Image{{ID: "sha256:1", Tags: []string{"getting-started:latest", target}}}}}
	Session{Engine: had, Out: io.Discard, UI: &scriptedUI{}, Registries: &fakeRegistries{}}.Push(context.Background(), p, target)
	if len(had.removed) != 0 {
		t.Errorf("a failed push removed the learner's own tag: %v", had.removed)
	}
	if _, err := (Session{Engine: had, Out: io.Discard, UI: &scriptedUI{}, Registries: &fakeRegistries{}}).Push(context.Background(), p, ""); err == nil || !strings.Contains(err.Error(), "푸시할 곳을 정하십시오") {
		t.Errorf("no target: %v", err)
	}
	if _, err := (Session{Engine: &fakeEngine{}, Out: io.Discard, UI: &scriptedUI{}}).Push(context.Background(), p, target); err == nil {
		t.Error("a push without registries ran")
	}
}

// Login checks through the engine first and stores only what the engine
// accepted; Docker Hub is keyed as Docker keys it.
func TestLogin(t *testing.T) {
	eng := &registryEngine{}
	regs := &fakeRegistries{}
	var out bytes.Buffer
	sess := Session{Engine: eng, Out: &out, UI: &scriptedUI{}, Registries: regs}
	if _, err := sess.Login(context.Background(), Args{Registry: "127.0.0.1:5000", Username: "me", Secret: "wrong"}); docker.KindOf(err) != docker.Unauthorized || len(regs.stored) != 0 {
		t.Fatalf("wrong password: %v, stored %v", err, regs.stored)
	}
	res, err := sess.Login(context.Background(), Args{Registry: "docker.io", Username: "me", Secret: "right"})
	if err != nil || regs.stored["https://index.docker.io/v1/"] != "me:right" || !strings.Contains(res.Message, "`config.json`에 저장했습니다") {
		t.Fatalf("login: %+v %v %v", res, err, regs.stored)
	}
	if strings.Contains(out.String(), "right") {
		t.Errorf("the secret reached the output:\n%s", out.String())
	}
	if _, err := sess.Login(context.Background(), Args{Registry: "h:1", Username: "me"}); err == nil || !strings.Contains(err.Error(), "사용자 이름, 비밀번호") {
		t.Errorf("no secret: %v", err)
	}
}

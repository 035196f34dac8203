// Package registry knows image registries and Docker's credential store,
// the way the docker CLI does, without the CLI: it checks and completes a
// push target's reference, reads and stores credentials through
// `~/.docker/config.json` and the `docker-credential-*` helpers it names
// (run without a shell, by their stdin/stdout protocol), and asks a
// registry's HTTP API what it holds (catalog, tags, a manifest's digest,
// size and platforms) for completion and hover.
//
// It never talks to the Docker engine (package engine pushes and logs in)
// and never stores a password of its own: what `docker login` would write,
// it writes where `docker login` would.
package registry

import (
	"fmt"
	"strings"

	"github.com/distribution/reference"
)

// DockerHubKey is the key Docker stores Docker Hub's credentials under.
const DockerHubKey = "https://index.docker.io/v1/"

// Target is a checked push target.
type Target struct {
	// Ref is the full reference: "127.0.0.1:5000/getting-started:1.0",
	// "docker.io/me/getting-started:latest".
	Ref string
	// Domain is the registry host as the reference names it ("docker.io"
	// for Docker Hub).
	Domain string
	// Path is the repository within the registry ("me/getting-started").
	Path string
	// Tag is the tag ("latest" when none was written).
	Tag string
}

// CredentialKey is the key Docker keeps the target registry's credentials
// under: DockerHubKey for Docker Hub, else the host.
func (t Target) CredentialKey() string { return credentialKey(t.Domain) }

// Kind names the registry for a learner: Docker Hub, GitHub Packages, …
func (t Target) Kind() string { return kindOf(t.Domain) }

func credentialKey(host string) string {
	switch strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(host, "https://"), "http://"), "/") {
	case "docker.io", "index.docker.io", "registry-1.docker.io", "index.docker.io/v1":
		return DockerHubKey
	}
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(host, "https://"), "http://"), "/")
}

func kindOf(domain string) string {
	switch {
	case domain == "docker.io":
		return "Docker Hub"
	case domain == "ghcr.io":
		return "GitHub Packages"
	case strings.HasSuffix(domain, ".amazonaws.com") && strings.Contains(domain, ".dkr.ecr."):
		return "Amazon ECR"
	case strings.HasSuffix(domain, ".azurecr.io"):
		return "Azure Container Registry"
	case strings.HasSuffix(domain, "-docker.pkg.dev"):
		return "Google Artifact Registry"
	case Loopback(domain):
		return "로컬 레지스트리"
	}
	return "레지스트리"
}

// Loopback reports whether a registry host is on this machine's loopback
// (127.0.0.0/8, localhost, ::1), which the engine reaches over plain HTTP.
func Loopback(host string) bool {
	name := host
	if strings.HasPrefix(name, "[") {
		if i := strings.Index(name, "]"); i > 0 {
			name = name[1:i]
		}
	} else if i := strings.LastIndex(name, ":"); i > 0 {
		name = name[:i]
	}
	return name == "localhost" || name == "::1" || strings.HasPrefix(name, "127.")
}

// ParseTarget checks a push target as Docker reads it and completes it
// (Docker Hub's domain, the `latest` tag). The error is a Korean sentence
// that says the rule.
func ParseTarget(s string) (Target, error) {
	s = strings.TrimSpace(s)
	example := "`127.0.0.1:5000/getting-started:1.0`"
	if s == "" {
		return Target{}, fmt.Errorf("푸시할 곳이 비어 있습니다. %s처럼 `호스트/저장소:태그`를 적으십시오.", example)
	}
	named, err := reference.ParseNormalizedNamed(s)
	if err != nil {
		return Target{}, fmt.Errorf("이름(`%s`)은 이미지 참조로 쓸 수 없습니다(%v). %s처럼 `호스트/저장소:태그` 형식에 소문자, 숫자, `.`, `_`, `-`만 쓰십시오.", s, err, example)
	}
	if _, ok := named.(reference.Digested); ok {
		return Target{}, fmt.Errorf("참조(`%s`)에는 다이제스트(`@sha256:…`)가 있습니다. 푸시할 곳은 다이제스트 없이 `호스트/저장소:태그`로 적으십시오.", s)
	}
	named = reference.TagNameOnly(named)
	t := Target{Ref: reference.FamiliarString(named), Domain: reference.Domain(named), Path: reference.Path(named)}
	if tagged, ok := named.(reference.Tagged); ok {
		t.Tag = tagged.Tag()
	}
	if t.Domain == "docker.io" {
		t.Ref = named.String()
		if strings.HasPrefix(t.Path, "library/") && !strings.Contains(s, "library/") {
			return Target{}, fmt.Errorf("Docker Hub에는 저장소 이름 앞에 사용자 이름을 적어야 합니다: `docker.io/사용자/%s`. 사용자 이름 없는 이름(`library/…`)은 Docker 공식 이미지만 씁니다.", strings.TrimPrefix(t.Path, "library/"))
		}
	}
	return t, nil
}

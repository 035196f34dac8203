// Package links turns the image references of a Dockerfile into links to
// their registry pages (Docker Hub, GitHub Container Registry, Quay,
// Microsoft Artifact Registry), so a learner can read about an image's tags
// and variants in one click. References that name a build stage, hold a
// variable or are `scratch` get no link.
package links

import (
	"strings"

	"github.com/distribution/reference"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Link is a span of the Dockerfile that opens Target; Tooltip says where
// it goes, in Korean.
type Link struct {
	Span    dockerfile.Span
	Target  string
	Tooltip string
}

// Document returns the links of m: every `FROM` base image and every
// `--from` / `from=` value that names an image rather than a stage.
func Document(m *dockerfile.Model) []Link {
	var out []Link
	for _, r := range m.StageRefs() {
		if r.Stage != nil || strings.Contains(r.Name, "$") || strings.EqualFold(r.Name, "scratch") {
			continue
		}
		if target, tip, ok := Page(r.Name); ok {
			out = append(out, Link{Span: r.Span, Target: target, Tooltip: tip})
		}
	}
	return out
}

// Page returns the registry page of an image reference such as
// `node:20-alpine` or `ghcr.io/owner/app@sha256:…`, with a Korean tooltip;
// ok is false for registries without a known page.
func Page(ref string) (target, tooltip string, ok bool) {
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return "", "", false
	}
	domain, path := reference.Domain(named), reference.Path(named)
	switch domain {
	case "docker.io":
		if name, official := strings.CutPrefix(path, "library/"); official && !strings.Contains(name, "/") {
			return "https://hub.docker.com/_/" + name, "Docker Hub에서 공식 이미지 `" + name + "`의 페이지를 엽니다.", true
		}
		return "https://hub.docker.com/r/" + path, "Docker Hub에서 이미지 `" + path + "`의 페이지를 엽니다.", true
	case "ghcr.io":
		return "https://ghcr.io/" + path, "GitHub Container Registry에서 이미지 `" + path + "`의 페이지를 엽니다.", true
	case "quay.io":
		return "https://quay.io/repository/" + path, "Quay에서 이미지 `" + path + "`의 페이지를 엽니다.", true
	case "mcr.microsoft.com":
		return "https://mcr.microsoft.com/artifact/mar/" + path, "Microsoft Artifact Registry에서 이미지 `" + path + "`의 페이지를 엽니다.", true
	}
	return "", "", false
}

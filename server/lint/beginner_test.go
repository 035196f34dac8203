package lint

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// applyFix applies the edits of a fix to text, last edit first.
func applyFix(text string, fx Fix) string {
	edits := append([]Edit(nil), fx.Edits...)
	sort.Slice(edits, func(i, j int) bool { return edits[i].Span.Start > edits[j].Span.Start })
	for _, e := range edits {
		text = text[:e.Span.Start] + e.NewText + text[e.Span.End:]
	}
	return text
}

// The quick fixes of the beginner rules make the Dockerfile the advice
// describes, and applying one leaves its finding gone.
func TestBeginnerFixesApply(t *testing.T) {
	cases := []struct {
		rule, src, title, want string
	}{
		{"AptNoInstallRecommends",
			"FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl git && rm -rf /var/lib/apt/lists/*\n",
			"`--no-install-recommends` 붙이고 `ca-certificates` 패키지 적기",
			"FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl git ca-certificates && rm -rf /var/lib/apt/lists/*\n"},
		{"AptNoInstallRecommends",
			"FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y jq && rm -rf /var/lib/apt/lists/*\n",
			"`--no-install-recommends` 붙이기",
			"FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*\n"},
		{"PipefailForPipes",
			"FROM alpine:3.20\nRUN wget -qO- https://example.com/i.sh | sh\n",
			"`set -o pipefail &&` 붙이기",
			"FROM alpine:3.20\nRUN set -o pipefail && wget -qO- https://example.com/i.sh | sh\n"},
		{"WorkdirInsteadOfCd",
			"FROM node:22-alpine\nRUN cd /app && npm ci\n",
			"`WORKDIR /app` 지시문으로 옮기기",
			"FROM node:22-alpine\nWORKDIR /app\nRUN npm ci\n"},
	}
	for _, c := range cases {
		m := dockerfile.Parse(c.src)
		var applied bool
		for _, f := range Check(context.Background(), m, Options{}) {
			if f.Code != c.rule {
				continue
			}
			for _, fx := range Fixes(m, f) {
				if fx.Title != c.title {
					continue
				}
				applied = true
				got := applyFix(c.src, fx)
				if got != c.want {
					t.Errorf("%s: fix %q gives\n%s\nwant\n%s", c.rule, fx.Title, got, c.want)
				}
				again := dockerfile.Parse(got)
				for _, g := range Check(context.Background(), again, Options{}) {
					if g.Code == c.rule {
						t.Errorf("%s: still reported after its fix: %s", c.rule, got)
					}
				}
			}
		}
		if !applied {
			t.Errorf("%s: no fix %q for %q", c.rule, c.title, c.src)
		}
	}
}

// Where the advice would break the image, no quick fix is offered: sudo
// after a USER that is not root, pipefail on dash or on an unknown shell.
func TestBeginnerNoBreakingFix(t *testing.T) {
	cases := []struct{ rule, src string }{
		{"NoSudo", "FROM alpine:3.20\nUSER app\nRUN sudo apk add --no-cache git\n"},
		{"PipefailForPipes", "FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/i.sh | sh\n"},
		{"PipefailForPipes", "FROM example.com/team/base:1\nRUN curl -fsSL https://example.com/i.sh | sh\n"},
	}
	for _, c := range cases {
		m := dockerfile.Parse(c.src)
		found := false
		for _, f := range Check(context.Background(), m, Options{}) {
			if f.Code != c.rule {
				continue
			}
			found = true
			for _, fx := range Fixes(m, f) {
				if !strings.Contains(fx.Title, "규칙 무시") {
					t.Errorf("%s on %q offers %q", c.rule, c.src, fx.Title)
				}
			}
		}
		if !found {
			t.Errorf("%s does not fire on %q", c.rule, c.src)
		}
	}
}

// imageFamily places the base images PipefailForPipes' advice depends on.
func TestImageFamily(t *testing.T) {
	for ref, want := range map[string]string{
		"alpine:3.20":                      "alpine",
		"golang:1.22-alpine":               "alpine",
		"busybox":                          "alpine",
		"docker:27-dind":                   "alpine",
		"debian:bookworm-slim":             "debian",
		"ubuntu:24.04":                     "debian",
		"node:22":                          "debian",
		"python:3.12-slim":                 "debian",
		"mcr.microsoft.com/dotnet/sdk:8.0": "debian",
		"mcr.microsoft.com/devcontainers/base:ubuntu": "debian",
		"fedora:40": "redhat",
		"registry.fedoraproject.org/fedora-minimal": "redhat",
		"rockylinux:9": "redhat",
		"registry.access.redhat.com/ubi9/ubi-minimal":   "redhat",
		"gcr.io/distroless/static-debian12":             "",
		"mcr.microsoft.com/windows/servercore:ltsc2022": "",
		"example.com/team/base:1":                       "",
		"${BASE}":                                       "",
	} {
		if got := imageFamily(ref); got != want {
			t.Errorf("imageFamily(%q) = %q, want %q", ref, got, want)
		}
	}
}

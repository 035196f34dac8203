package links

import "testing"

func TestPage(t *testing.T) {
	for ref, want := range map[string]string{
		"node":                          "https://hub.docker.com/_/node",
		"node:20-alpine":                "https://hub.docker.com/_/node",
		"library/node@sha256:" + hex64:  "https://hub.docker.com/_/node",
		"docker.io/library/golang:1.22": "https://hub.docker.com/_/golang",
		"bitnami/nginx":                 "https://hub.docker.com/r/bitnami/nginx",
		"docker.io/grafana/grafana:11":  "https://hub.docker.com/r/grafana/grafana",
		"ghcr.io/astral-sh/uv:0.5":      "https://ghcr.io/astral-sh/uv",
		"quay.io/prometheus/prometheus": "https://quay.io/repository/prometheus/prometheus",
		"mcr.microsoft.com/dotnet/sdk":  "https://mcr.microsoft.com/artifact/mar/dotnet/sdk",
		"registry.example.com/team/app": "",
		"localhost:5000/app":            "",
		"Node":                          "", // not a valid reference
		"${BASE}":                       "",
	} {
		got, tip, ok := Page(ref)
		if got != want || ok != (want != "") || ok && tip == "" {
			t.Errorf("Page(%q) = %q, %q, %v; want %q", ref, got, tip, ok, want)
		}
	}
}

const hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

package lint

import (
	"context"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/moby/buildkit/client/llb/sourceresolver"
)

// UndefinedVar is reported where BuildKit saw the stage's real environment
// (scratch, an image the engine knows, stages built on those), stays
// quiet where the base image may define the variable, and keeps a likely
// typo there as information that says what it could not check.
func TestUndefinedVarOnlyWhereCertain(t *testing.T) {
	node := func(ref string) (BaseImage, bool) {
		if strings.TrimPrefix(strings.TrimPrefix(ref, "docker.io/"), "library/") != "node:lts-alpine" {
			return BaseImage{}, false
		}
		return BaseImage{OS: "linux", Arch: "amd64", WorkingDir: "/srv", User: "node",
			Env: []string{"PATH=/usr/local/bin:/usr/bin:/bin", "NODE_VERSION=24.21.0", "YARN_VERSION=1.22.22"}}, true
	}
	tests := []struct {
		name, text string
		image      ImageFunc
		want       string // "" for no UndefinedVar, else "<severity> <variable>"
	}{
		{"scratch is certain", "FROM scratch\nLABEL v=\"$NOPE\"\n", nil, "warning NOPE"},
		{"a stage built on scratch is certain", "FROM scratch AS base\nFROM base\nLABEL v=\"$NOPE\"\n", nil, "warning NOPE"},
		{"an unknown image may define it", "FROM node:20\nLABEL v=\"$NODE_VERSION\"\n", nil, ""},
		{"a stage on an unknown image may too", "FROM node:20 AS base\nFROM base\nLABEL v=\"$NODE_VERSION\"\n", nil, ""},
		{"the engine's image defines it", "FROM node:lts-alpine\nLABEL v=\"$NODE_VERSION\" y=\"$YARN_VERSION\"\n", node, ""},
		{"the engine's image lacks it", "FROM node:lts-alpine\nLABEL v=\"$NOPE\"\n", node, "warning NOPE"},
		{"known through a stage", "FROM node:lts-alpine AS base\nFROM base\nWORKDIR $NODE_VERSION\nLABEL v=\"$NOPE\"\n", node, "warning NOPE"},
		{"a base named by a variable is not certain", "ARG BASE=node:lts-alpine\nFROM $BASE\nLABEL v=\"$NOPE\"\n", node, ""},
		{"a likely typo on an unknown image", "FROM node:20\nARG VERSION=1\nLABEL v=\"$VERSOIN\"\n", nil, "info VERSOIN"},
		{"PATH is no typo target", "FROM golang:1.22\nENV PATH=$GOPATH/bin:$PATH\n", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := dockerfile.Parse(tt.text)
			var got []string
			for _, f := range Check(context.Background(), m, Options{Image: tt.image}) {
				if f.Code == "UndefinedVar" {
					got = append(got, f.Severity.String()+" "+f.arg(0))
					if f.Severity == Information && !strings.Contains(f.Message, "확인하지 못했습니다") {
						t.Errorf("a lowered UndefinedVar does not say what it could not check: %s", f.Message)
					}
				}
			}
			want := []string{}
			if tt.want != "" {
				want = []string{tt.want}
			}
			if strings.Join(got, ";") != strings.Join(want, ";") {
				t.Errorf("UndefinedVar = %q, want %q", got, want)
			}
		})
	}
}

// The resolver hands BuildKit the engine's image config: its environment,
// working directory and user, and its platform.
func TestOfflineResolverConfig(t *testing.T) {
	r := offlineResolver{image: func(string) (BaseImage, bool) {
		return BaseImage{OS: "linux", Arch: "arm64", Env: []string{"A=1"}, WorkingDir: "/w", User: "u"}, true
	}}
	_, _, cfg, err := r.ResolveImageConfig(context.Background(), "docker.io/library/x:1", sourceresolver.Opt{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"Env":["A=1"]`, `"WorkingDir":"/w"`, `"User":"u"`, `"architecture":"arm64"`, `"diff_ids"`} {
		if !strings.Contains(string(cfg), want) {
			t.Errorf("config %s lacks %s", cfg, want)
		}
	}
	_, _, cfg, _ = offlineResolver{}.ResolveImageConfig(context.Background(), "docker.io/library/x:1", sourceresolver.Opt{})
	if strings.Contains(string(cfg), "Env") || strings.Contains(string(cfg), "diff_ids") {
		t.Errorf("an unknown image got a config: %s", cfg)
	}
}

// One check sees one engine: when a look-up lands while the check runs (the
// engine's answer flips from unknown to known after some call), BuildKit's
// environment, the cache key and UndefinedVar's certainty still agree, so a
// variable the image defines is never reported. Whichever call the answer
// flips after, each reference is asked once per check.
func TestUndefinedVarImageLandsDuringCheck(t *testing.T) {
	const text = "FROM node:lts-alpine\nLABEL v=\"$NODE_VERSION\" y=\"$YARN_VERSION\"\n"
	for flipAfter := 0; flipAfter < 4; flipAfter++ {
		calls := 0
		landing := func(ref string) (BaseImage, bool) {
			calls++
			if calls <= flipAfter {
				return BaseImage{}, false
			}
			return BaseImage{OS: "linux", Arch: "amd64",
				Env: []string{"PATH=/usr/local/bin:/usr/bin:/bin", "NODE_VERSION=24.21.0", "YARN_VERSION=1.22.22"}}, true
		}
		fs := Check(context.Background(), dockerfile.Parse(text), Options{Image: landing, Cache: NewCache()})
		for _, f := range fs {
			if f.Code == "UndefinedVar" {
				t.Errorf("flip after %d calls: %s", flipAfter, f.Message)
			}
		}
		if calls != 1 {
			t.Errorf("flip after %d calls: the image was asked %d times in one check, want once", flipAfter, calls)
		}
	}
}

package engine

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// The details below are what dockerd 20.10.24 answered on a machine with
// no registry access (recorded once; tests never contact a registry).
const (
	classicPullDetail  = `Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host`
	buildkitPullDetail = `failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: Head "https://registry-1.docker.io/v2/library/dockerlab-no-such-image/manifests/1": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host`
	syntaxPullDetail   = `failed to solve with frontend dockerfile.v0: failed to solve with frontend gateway.v0: failed to do request: Head "https://registry-1.docker.io/v2/docker/dockerfile/manifests/1": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host`
)

func TestBuildFailedMessages(t *testing.T) {
	const twoStages = "FROM scratch AS a\n\nFROM dockerlab-no-such-image:1\nCOPY --from=a / /\n"
	cases := []struct {
		name, detail, dockerfile string
		line                     int // as found from the build output
		wantLine                 int
		wantMessage              []string
	}{
		{"classic pull", classicPullDetail, twoStages, 3, 3, []string{"Dockerfile 3번째 줄", "베이스 이미지", "docker images"}},
		{"buildkit pull", buildkitPullDetail, twoStages, 0, 3, []string{"Dockerfile 3번째 줄", "레지스트리", "docker pull"}},
		{"pull of an unnamed repo", `pull access denied for x, repository does not exist`, twoStages, 0, 0, []string{"베이스 이미지"}},
		{"syntax directive", syntaxPullDetail, "\n# syntax=docker/dockerfile:1\nFROM scratch\n", 0, 2, []string{"Dockerfile 2번째 줄", "`# syntax=` 줄", "지우"}},
		{"step", "executor failed running [/bin/sh -c make]: exit code: 2", "FROM x\nRUN make\n", 2, 2, []string{"Dockerfile 2번째 줄에서 이미지 빌드가 실패했습니다"}},
		{"unknown line", "something broke", "FROM x\n", 0, 0, []string{"이미지 빌드가 실패했습니다", "빌드 출력"}},
	}
	for _, tc := range cases {
		var out bytes.Buffer
		e := buildFailed(errors.New(tc.detail), tc.detail, []byte(tc.dockerfile), tc.line, &out)
		if e.Kind != BuildFailed || e.Line != tc.wantLine || e.Detail != tc.detail {
			t.Errorf("%s: kind %v line %d detail %q; want BuildFailed line %d", tc.name, e.Kind, e.Line, e.Detail, tc.wantLine)
		}
		for _, want := range tc.wantMessage {
			if !strings.Contains(e.Message, want) {
				t.Errorf("%s: message %q lacks %q", tc.name, e.Message, want)
			}
		}
		if out.String() != "ERROR: "+tc.detail+"\n" {
			t.Errorf("%s: output %q", tc.name, out.String())
		}
	}
}

func TestSyntaxDirectiveLine(t *testing.T) {
	for dt, want := range map[string]int{
		"# syntax=docker/dockerfile:1\nFROM x\n":      1,
		"\n#syntax = docker/dockerfile:1.4\nFROM x\n": 2,
		"# escape=`\n# syntax=x\nFROM x\n":            2,
		"FROM x\n# syntax=docker/dockerfile:1\n":      0,
		"# just a comment\nFROM x\n":                  0,
	} {
		if got := syntaxDirectiveLine([]byte(dt)); got != want {
			t.Errorf("syntaxDirectiveLine(%q) = %d, want %d", dt, got, want)
		}
	}
}

func TestErrorTextStripsPrefix(t *testing.T) {
	err := errors.New("starting image build: Error response from daemon: dockerfile parse error line 2: unknown instruction: FOO")
	if got := errorText(err); got != "dockerfile parse error line 2: unknown instruction: FOO" {
		t.Errorf("errorText = %q", got)
	}
}

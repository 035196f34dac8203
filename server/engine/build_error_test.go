package engine

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/internal/tabletest"
)

// The details below are what dockerd 20.10.24 answered on a machine with
// no registry access (recorded once; tests never contact a registry).
const (
	classicPullDetail  = `Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host`
	buildkitPullDetail = `failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: Head "https://registry-1.docker.io/v2/library/dockerlab-no-such-image/manifests/1": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host`
	syntaxPullDetail   = `failed to solve with frontend dockerfile.v0: failed to solve with frontend gateway.v0: failed to do request: Head "https://registry-1.docker.io/v2/docker/dockerfile/manifests/1": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host`
)

// A build failure says where the engine stopped and what it could not
// pull, in the engine's terms, and a Korean sentence that names no line
// (the engine does not read the Dockerfile).
func TestBuildFailed(t *testing.T) {
	cases := []struct {
		name, detail string
		step         docker.BuildFailure // as found from the build output
		pull         bool
		repo         string
		wantMessage  string
	}{
		{"classic pull", classicPullDetail, docker.BuildFailure{Step: 3}, true, "", "레지스트리에서 내려받으려 했지만"},
		{"buildkit pull", buildkitPullDetail, docker.BuildFailure{}, true, "library/dockerlab-no-such-image", "docker pull"},
		{"pull of an unnamed repo", `pull access denied for x, repository does not exist`, docker.BuildFailure{}, true, "", "docker images"},
		{"frontend pull", syntaxPullDetail, docker.BuildFailure{}, true, "docker/dockerfile", "레지스트리"},
		{"step", "executor failed running [/bin/sh -c make]: exit code: 2", docker.BuildFailure{Vertex: "[2/2] RUN make"}, false, "", "빌드 출력에서 실패한 단계"},
		{"parse error", "dockerfile parse error line 3: unknown instruction: FOO", docker.BuildFailure{ParseLine: 3}, false, "", "Dockerfile을 고친 뒤"},
	}
	for _, tc := range cases {
		var out bytes.Buffer
		e := buildFailed(errors.New(tc.detail), tc.detail, tc.step, &out)
		want := tc.step
		want.Pull, want.Repository = tc.pull, tc.repo
		if e.Kind != docker.BuildFailed || e.Detail != tc.detail || e.Build != want || e.Line != 0 {
			t.Errorf("%s: kind %v detail %q build %+v line %d; want BuildFailed, build %+v, line 0", tc.name, e.Kind, e.Detail, e.Build, e.Line, want)
		}
		if !strings.Contains(e.Message, tc.wantMessage) || strings.Contains(e.Message, "번째 줄") {
			t.Errorf("%s: message %q lacks %q or names a line", tc.name, e.Message, tc.wantMessage)
		}
		if out.String() != "ERROR: "+tc.detail+"\n" {
			t.Errorf("%s: output %q", tc.name, out.String())
		}
	}
}

func TestParseErrorLine(t *testing.T) {
	tabletest.Func(t, "parseErrorLine", parseErrorLine, map[string]int{
		"dockerfile parse error line 3: unknown instruction: FOO":                                                         3,
		"failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 12: x": 12,
		"dockerfile parse error on line 7: unknown instruction: BAR":                                                      7,
		"COPY failed: file not found in build context":                                                                    0,
	})
}

func TestErrorTextStripsPrefix(t *testing.T) {
	err := errors.New("starting image build: Error response from daemon: dockerfile parse error line 2: unknown instruction: FOO")
	if got := errorText(err); got != "dockerfile parse error line 2: unknown instruction: FOO" {
		t.Errorf("errorText = %q", got)
	}
}

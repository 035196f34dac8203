package lab

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

const multiStage = `# syntax is not used offline
ARG GO=1.26
FROM golang:${GO} AS build
WORKDIR /src
ENV CGO_ENABLED=0
COPY . .
RUN go build -o /app \
    ./cmd/app

FROM build AS test
RUN go test ./...

FROM scratch
LABEL org.example=1
COPY --from=build /app /app
ENTRYPOINT ["/app"]
`

func TestBuildkitStepLine(t *testing.T) {
	cases := []struct {
		dockerfile, vertex, target string
		want                       int
	}{
		{multiStage, "[build 1/4] FROM docker.io/library/golang:1.26", "", 3},
		{multiStage, "[build 2/4] WORKDIR /src", "", 4},
		{multiStage, "[build 3/4] COPY . .", "", 6},
		{multiStage, "[build 4/4] RUN go build -o /app     ./cmd/app", "", 7},
		// FROM an earlier stage is not counted.
		{multiStage, "[test 1/1] RUN go test ./...", "", 11},
		// FROM scratch is not counted; unnamed stages are "stage-N".
		{multiStage, "[stage-2 1/1] COPY --from=build /app /app", "", 15},
		// A platform prefix and padded numbers.
		{multiStage, "[linux/amd64 build  2/4] WORKDIR /src", "", 4},
		// One stage: no name in the prefix; the target picks the stage.
		{"FROM scratch\nCOPY a /\n\nRUN x\n", "[2/2] RUN x", "", 4},
		{"FROM alpine\nRUN a\nRUN b\n", "[3/3] RUN b", "", 3},
		{multiStage, "[2/2] RUN go test ./...", "test", 11},
		{"FROM alpine\nONBUILD RUN a\n", "[1/1] FROM docker.io/library/alpine", "", 1},
		// A FROM whose global ARG makes it scratch is not counted either.
		{"ARG BASE=scratch\nFROM ${BASE}\nCOPY a /\n", "[1/1] COPY a /", "", 3},
		// Numbering that disagrees with the keyword falls back to a unique keyword.
		{"FROM alpine\nUSER x\nRUN a\n", "[1/1] RUN a", "", 3},
		// Not a step, unknown stage, or ambiguous.
		{multiStage, "[internal] load build context", "", 0},
		{multiStage, "[nope 1/1] RUN x", "", 0},
		{"FROM alpine\nRUN a\nRUN b\n", "[7/9] RUN b", "", 0},
		{"# just a comment\n", "[1/1] RUN a", "", 0},
	}
	for _, tc := range cases {
		if got := buildkitStepLine(dockerfile.Parse(tc.dockerfile), tc.vertex, tc.target); got != tc.want {
			t.Errorf("buildkitStepLine(%q, target %q) = %d, want %d", tc.vertex, tc.target, got, tc.want)
		}
	}
}

func TestClassicStepLine(t *testing.T) {
	// The classic builder counts every instruction, global ARGs included.
	m := dockerfile.Parse(multiStage)
	for step, want := range map[int]int{1: 2, 2: 3, 4: 5, 5: 6, 6: 7, 12: 16, 13: 0, 0: 0} {
		if got := classicStepLine(m, step); got != want {
			t.Errorf("classicStepLine(step %d) = %d, want %d", step, got, want)
		}
	}
}

func TestSyntaxLine(t *testing.T) {
	for text, want := range map[string]int{
		"# syntax=docker/dockerfile:1\nFROM x\n":    1,
		"#syntax = docker/dockerfile:1.4\nFROM x\n": 1,
		// BuildKit reads no directive after a blank line.
		"\n# syntax=docker/dockerfile:1.4\nFROM x\n": 0,
		"# escape=`\n# syntax=x\nFROM x\n":           2,
		"FROM x\n# syntax=docker/dockerfile:1\n":     0,
		"# just a comment\nFROM x\n":                 0,
	} {
		if got := syntaxLine(dockerfile.Parse(text)); got != want {
			t.Errorf("syntaxLine(%q) = %d, want %d", text, got, want)
		}
	}
}

// The engine's recorded words for failed pulls (dockerd 20.10.24 without a
// registry); tests never contact a registry.
const (
	buildkitPullDetail = `failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: Head "https://registry-1.docker.io/v2/library/dockerlab-no-such-image/manifests/1": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host`
	syntaxPullDetail   = `failed to solve with frontend dockerfile.v0: failed to solve with frontend gateway.v0: failed to do request: Head "https://registry-1.docker.io/v2/docker/dockerfile/manifests/1": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host`
)

// A build failure in the engine's terms becomes a line of the plan's
// Dockerfile and a Korean message naming it.
func TestExplainBuildFailure(t *testing.T) {
	const twoStages = "ARG IMAGE=dockerlab-no-such-image:1\nFROM scratch AS a\n\nFROM ${IMAGE}\nCOPY --from=a / /\n"
	cases := []struct {
		name, dockerfile, target string
		failure                  docker.BuildFailure
		detail                   string
		wantLine                 int
		wantMessage              []string
	}{
		{"classic pull", twoStages, "", docker.BuildFailure{Step: 3, Pull: true}, "Get https://registry-1.docker.io/v2/", 4,
			[]string{"Dockerfile 4번째 줄", "베이스 이미지", "docker images"}},
		{"buildkit pull", twoStages, "", docker.BuildFailure{Pull: true, Repository: "library/dockerlab-no-such-image"}, buildkitPullDetail, 4,
			[]string{"Dockerfile 4번째 줄", "레지스트리", "docker pull"}},
		{"pull of an unnamed repo", twoStages, "", docker.BuildFailure{Pull: true}, "pull access denied for x, repository does not exist", 0,
			[]string{"베이스 이미지"}},
		{"syntax directive", "# escape=\\\n# syntax=docker/dockerfile:1\nFROM scratch\n", "", docker.BuildFailure{Pull: true, Repository: "docker/dockerfile"}, syntaxPullDetail, 2,
			[]string{"Dockerfile 2번째 줄", "`# syntax=` 줄", "지우"}},
		// The build argument BUILDKIT_SYNTAX named the frontend: no line.
		{"frontend pull without the line", "FROM scratch\n", "", docker.BuildFailure{Pull: true, Repository: "docker/dockerfile"}, syntaxPullDetail, 0,
			[]string{"`BUILDKIT_SYNTAX` 빌드 인수를 지우면"}},
		{"buildkit step", "FROM alpine\nRUN make\n", "", docker.BuildFailure{Vertex: "[2/2] RUN make"}, "exit code: 2", 2,
			[]string{"Dockerfile 2번째 줄에서 이미지 빌드가 실패했습니다"}},
		{"classic step", "ARG V=1\nFROM alpine\nRUN make\n", "", docker.BuildFailure{Step: 3}, "exit code: 2", 3,
			[]string{"Dockerfile 3번째 줄에서"}},
		{"parse error", "FROM alpine\nFOO bar\n", "", docker.BuildFailure{ParseLine: 2}, "dockerfile parse error line 2: unknown instruction: FOO", 2,
			[]string{"Dockerfile 2번째 줄에서"}},
		{"unknown line", "FROM alpine\n", "", docker.BuildFailure{}, "something broke", 0,
			[]string{"이미지 빌드가 실패했습니다", "빌드 출력"}},
	}
	for _, tc := range cases {
		p := NewPlan("/work/app/Dockerfile", dockerfile.Parse(tc.dockerfile), Settings{}, tc.target)
		engineErr := &docker.Error{Kind: docker.BuildFailed, Message: "이미지 빌드가 실패했습니다. 빌드 출력에서 실패한 단계와 오류 내용을 확인하고 Dockerfile을 고친 뒤 다시 빌드하십시오.",
			Detail: tc.detail, Build: tc.failure, Err: errors.New(tc.detail)}
		var e *docker.Error
		if !errors.As(explainBuildFailure(p, engineErr), &e) || e.Kind != docker.BuildFailed || e.Line != tc.wantLine || e.Detail != tc.detail {
			t.Errorf("%s: %+v, want BuildFailed on line %d keeping the detail", tc.name, e, tc.wantLine)
			continue
		}
		for _, want := range tc.wantMessage {
			if !strings.Contains(e.Message, want) {
				t.Errorf("%s: message %q lacks %q", tc.name, e.Message, want)
			}
		}
	}
	// Other errors, and a plan without a model, pass through unchanged.
	other := &docker.Error{Kind: docker.Unavailable, Message: "엔진이 없습니다."}
	if got := explainBuildFailure(NewPlan("/work/app/Dockerfile", dockerfile.Parse("FROM x\n"), Settings{}, ""), other); got != other {
		t.Errorf("an Unavailable error changed: %v", got)
	}
	failed := &docker.Error{Kind: docker.BuildFailed, Build: docker.BuildFailure{ParseLine: 1}}
	if got := explainBuildFailure(Plan{}, failed); got != failed {
		t.Errorf("without a model the error changed: %v", got)
	}
}

// The failed step is underlined from its instruction: after spaces and
// tabs, never from column 0 (a cut set " \\t" once also ate backslashes and
// the letter t).
func TestFailureOfUnderlinesTheInstruction(t *testing.T) {
	m := dockerfile.Parse("FROM alpine\n\t  RUN make\n")
	err := &docker.Error{Kind: docker.BuildFailed, Line: 2, Message: "Dockerfile 2번째 줄에서 이미지 빌드가 실패했습니다.", Detail: "exit code: 2"}
	f, ok := FailureOf(m, err)
	want := dockerfile.Span{Start: strings.Index(m.Text, "RUN"), End: len(m.Text) - 1}
	if !ok || f.Span != want {
		t.Fatalf("FailureOf = %+v, %v; want span %+v", f, ok, want)
	}
	if !strings.HasPrefix(f.Message, "빌드가 이 단계에서 실패했습니다. Dockerfile 2번째 줄") || !strings.HasSuffix(f.Message, "(엔진: exit code: 2)") {
		t.Errorf("message %q", f.Message)
	}
	for _, gone := range []error{
		&docker.Error{Kind: docker.BuildFailed, Line: 4}, // past the end of the document
		&docker.Error{Kind: docker.BuildFailed},          // no line
		&docker.Error{Kind: docker.Unavailable, Line: 1},
		errors.New("plain"),
	} {
		if f, ok := FailureOf(m, gone); ok {
			t.Errorf("FailureOf(%v) = %+v, want none", gone, f)
		}
	}
}

// A lab build asks the engine once: the feature check and the build share
// one ping, and the build is told its answer.
func TestBuildPingsOnce(t *testing.T) {
	e := &countingEngine{probedEngine: debian2010()}
	s := Session{Engine: e, Out: io.Discard, UI: &scriptedUI{}}
	if _, err := s.Build(context.Background(), planFor(t, "FROM alpine\nCOPY . /app\n")); err != nil {
		t.Fatal(err)
	}
	if e.pings != 1 || e.pinged == nil || *e.pinged != e.info {
		t.Errorf("%d pings, build told %+v; want 1 ping and the build told %+v", e.pings, e.pinged, e.info)
	}
	// The caller pinged already: the lab asks no more, and its feature
	// check reads the caller's answer (20.10's frontend refuses --parents).
	e = &countingEngine{probedEngine: debian2010()}
	s = Session{Engine: e, Out: io.Discard, UI: &scriptedUI{}, Pinged: &e.info}
	if _, err := s.Build(context.Background(), planFor(t, "FROM alpine\nCOPY . /app\n")); err != nil || e.pings != 0 || e.pinged != &e.info {
		t.Errorf("Build = %v after %d pings, build told %p; want no ping and the caller's answer %p", err, e.pings, e.pinged, &e.info)
	}
	if _, err := s.Build(context.Background(), planFor(t, "FROM alpine\nCOPY --parents a /b/\n")); docker.KindOf(err) != docker.BuildFailed || e.pings != 0 {
		t.Errorf("Build of COPY --parents on 20.10 = %v after %d pings, want refused without a ping", err, e.pings)
	}
}

// countingEngine counts pings and keeps what the build was told.
type countingEngine struct {
	*probedEngine
	pings  int
	pinged *docker.Info
}

func (c *countingEngine) Ping(ctx context.Context) (docker.Info, error) {
	c.pings++
	return c.probedEngine.Ping(ctx)
}

func (c *countingEngine) Build(ctx context.Context, req docker.BuildRequest, out io.Writer) (docker.BuildResult, error) {
	c.pinged = req.Pinged
	return c.probedEngine.Build(ctx, req, out)
}

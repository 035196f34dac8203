package lab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/engine"
)

// The engine's client is what the lab's builds probe.
var _ frontendProber = (*engine.Client)(nil)

// probedEngine is a fakeEngine that answers Ping and BuildKitVersion like an
// engine of a given version.
type probedEngine struct {
	*fakeEngine
	info   docker.Info
	bk     docker.BuildKitVersion
	bkErr  error
	builds int
}

func (f *probedEngine) Ping(ctx context.Context) (docker.Info, error) { return f.info, nil }

func (f *probedEngine) BuildKitVersion(ctx context.Context) (docker.BuildKitVersion, error) {
	return f.bk, f.bkErr
}

func (f *probedEngine) Build(ctx context.Context, req docker.BuildRequest, out io.Writer) (docker.BuildResult, error) {
	f.builds++
	return f.fakeEngine.Build(ctx, req, out)
}

// withFrontend is an engine with BuildKit whose built-in frontend is v.
func withFrontend(v frontendVersion) *probedEngine {
	return &probedEngine{fakeEngine: &fakeEngine{},
		info: docker.Info{APIVersion: "1.56", BuildKit: true, OSType: "linux"},
		bk:   docker.BuildKitVersion{Engine: "29.8.0", Version: fmt.Sprintf("v0.%d.0", v.minor+6), Dockerfile: v.String() + ".0"}}
}

// debian2010 is Debian's dockerd 20.10: BuildKit v0.8 without Info, known
// from the engine's version.
func debian2010() *probedEngine {
	return &probedEngine{fakeEngine: &fakeEngine{},
		info: docker.Info{APIVersion: "1.41", BuildKit: true, OSType: "linux"},
		bk:   docker.BuildKitVersion{Engine: "20.10.24+dfsg1", Version: "v0.8", FromEngine: true}}
}

// pingAndCheck checks p's features as a lab build does: one ping, then
// the check with its answer.
func pingAndCheck(t *testing.T, e Engine, p Plan) error {
	t.Helper()
	info, err := ping(context.Background(), e)
	if err != nil {
		t.Fatalf("ping: %v", err)
	}
	return checkEngineFeatures(context.Background(), e, info, p)
}

func planFor(t *testing.T, text string) Plan {
	t.Helper()
	return NewPlan("/work/app/Dockerfile", dockerfile.Parse(text), Settings{}, "")
}

// Each construct is refused by a built-in frontend one minor release older
// than the one it needs and accepted by that one, with the right line and a
// message naming both versions and the engine.
func TestEngineFeaturesDecisionTable(t *testing.T) {
	cases := []struct {
		name, dockerfile string
		line             int // 1-based line of the construct
		need             frontendVersion
	}{
		{"heredoc", "FROM alpine\nRUN <<EOF\necho hi\nEOF\n", 2, frontendVersion{1, 4}},
		{"COPY heredoc", "FROM alpine\nCOPY <<EOF /a.txt\nhi\nEOF\n", 2, frontendVersion{1, 4}},
		{"RUN --mount", "FROM alpine\nRUN --mount=type=cache,target=/root/.cache true\n", 2, frontendVersion{1, 2}},
		{"RUN --network", "FROM alpine\nRUN --network=none true\n", 2, frontendVersion{1, 3}},
		{"RUN --security", "FROM alpine\nRUN --security=sandbox true\n", 2, frontendVersion{1, 20}},
		{"RUN --device", "FROM alpine\nRUN --device=vendor.com/gpu=all nvidia-smi\n", 2, frontendVersion{1, 27}},
		{"COPY --chmod", "FROM alpine\nCOPY --chmod=755 a /a\n", 2, frontendVersion{1, 2}},
		{"COPY --link", "FROM alpine\nCOPY --link a /a\n", 2, frontendVersion{1, 4}},
		{"ADD --link", "FROM alpine\nADD --link a /a\n", 2, frontendVersion{1, 4}},
		{"ADD --checksum", "FROM alpine\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a /a\n", 2, frontendVersion{1, 6}},
		{"ADD --keep-git-dir", "FROM alpine\nADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.10.1 /src\n", 2, frontendVersion{1, 6}},
		{"HEALTHCHECK --start-interval", "FROM alpine\nHEALTHCHECK --start-interval=1s CMD true\n", 2, frontendVersion{1, 6}},
		{"ADD --unpack", "FROM alpine\nADD --unpack=true a.tar.gz /a\n", 2, frontendVersion{1, 17}},
		{"COPY --exclude", "FROM alpine\nCOPY --exclude=*.md . /app\n", 2, frontendVersion{1, 19}},
		{"ADD --exclude", "FROM alpine\nADD --exclude=*.md . /app\n", 2, frontendVersion{1, 19}},
		{"COPY --parents", "FROM alpine\nWORKDIR /app\nCOPY \\\n  --parents ./x/*.txt /app/\n", 4, frontendVersion{1, 20}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := planFor(t, tc.dockerfile)
			old := frontendVersion{tc.need.major, tc.need.minor - 1}
			err := pingAndCheck(t, withFrontend(old), p)
			var e *docker.Error
			if !errors.As(err, &e) || e.Kind != docker.BuildFailed || e.Line != tc.line {
				t.Fatalf("frontend %s: %#v, want BuildFailed on line %d", old, err, tc.line)
			}
			for _, want := range []string{"Dockerfile 프런트엔드 " + tc.need.String() + " 이상이 필요하지만", "(Docker 29.8.0, API 1.56, BuildKit v0." + fmt.Sprint(old.minor+6) + ".0)",
				"프런트엔드는 " + old.String() + "입니다", "Docker 엔진을 최신 버전으로 업데이트하십시오."} {
				if !strings.Contains(e.Message, want) {
					t.Errorf("message lacks %q: %s", want, e.Message)
				}
			}
			if err := pingAndCheck(t, withFrontend(tc.need), p); err != nil {
				t.Errorf("frontend %s refused: %v", tc.need, err)
			}
		})
	}
}

// Debian's dockerd 20.10: the message names the engine, its BuildKit from
// the table and the frontend it bundles.
func TestEngineFeaturesDebian2010(t *testing.T) {
	err := pingAndCheck(t, debian2010(), planFor(t, "FROM alpine\nCOPY --parents a/b /c/\n"))
	want := "`COPY --parents` 플래그에는 Dockerfile 프런트엔드 1.20 이상이 필요하지만, 이 Docker 엔진(Docker 20.10.24+dfsg1, API 1.41, BuildKit v0.8)에 내장된 프런트엔드는 1.2입니다. " +
		"이 플래그 없이 같은 일을 하도록 고치거나 Docker 엔진을 최신 버전으로 업데이트하십시오."
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	err = pingAndCheck(t, debian2010(), planFor(t, "FROM alpine\nRUN <<EOF\necho hi\nEOF\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "히어독(`<<EOF`)에는 Dockerfile 프런트엔드 1.4 이상이 필요하지만") || !strings.Contains(err.Error(), "`&& \\`로 이은 명령") {
		t.Errorf("heredoc on 20.10: %v", err)
	}
	// What 20.10's frontend reads is not refused.
	if err := pingAndCheck(t, debian2010(), planFor(t, "FROM alpine\nRUN --mount=type=cache,target=/c true\nCOPY --chmod=644 a /a\n")); err != nil {
		t.Errorf("RUN --mount and COPY --chmod on 20.10: %v", err)
	}
}

// No answer, no refusal: an unknown BuildKit, the classic builder, an engine
// without BuildKit or a fake without the probe all let the build go ahead.
func TestEngineFeaturesUnknownNeverRefuses(t *testing.T) {
	text := "FROM alpine\nRUN <<EOF\necho hi\nEOF\nCOPY --parents a /b/\n"
	unknown := debian2010()
	unknown.bkErr = errors.New("asking BuildKit: context deadline exceeded")
	unversioned := withFrontend(frontendVersion{1, 2})
	unversioned.bk = docker.BuildKitVersion{Engine: "24.0.0", Version: "v0.0.0+unknown"}
	noBuildKit := debian2010()
	noBuildKit.info.BuildKit = false
	classic := planFor(t, text)
	classic.Builder = docker.BuilderClassic
	for name, tc := range map[string]struct {
		e Engine
		p Plan
	}{
		"probe failed":       {unknown, planFor(t, text)},
		"unversioned":        {unversioned, planFor(t, text)},
		"no BuildKit":        {noBuildKit, planFor(t, text)},
		"classic builder":    {debian2010(), classic},
		"engine sans prober": {&fakeEngine{}, planFor(t, text)},
	} {
		if err := pingAndCheck(t, tc.e, tc.p); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// A `# syntax=` line hands the file to the frontend image it names, so the
// built-in frontend's limits never refuse it, on any engine, whether the
// image is local or must be pulled (a connected machine pulls it; a failed
// pull is explained after the build by the engine package).
func TestEngineFeaturesSyntaxDirective(t *testing.T) {
	const text = "# syntax=docker/dockerfile:1\nFROM alpine\nCOPY --parents a /b/\n"
	for name, e := range map[string]*probedEngine{"29.8": withFrontend(frontendVersion{1, 26}), "20.10": debian2010()} {
		if err := pingAndCheck(t, e, planFor(t, text)); err != nil {
			t.Errorf("syntax line on %s: %v", name, err)
		}
	}
	// Without the line, 20.10's built-in frontend (1.2) refuses the same flag:
	// the test above could fail.
	if err := pingAndCheck(t, debian2010(), planFor(t, "FROM alpine\nCOPY --parents a /b/\n")); err == nil {
		t.Error("COPY --parents on 20.10 without a syntax line was not refused")
	}
	// An empty directive names no frontend: the built-in one reads the file.
	if err := pingAndCheck(t, debian2010(), planFor(t, "# syntax=\nFROM alpine\nCOPY --parents a /b/\n")); err == nil {
		t.Error("an empty syntax directive hid COPY --parents from the check")
	}
	// The classic builder ignores the line; BUILDKIT_SYNTAX replaces the
	// built-in frontend, and the engine reports its own pull.
	classic := planFor(t, text)
	classic.Builder = docker.BuilderClassic
	if err := pingAndCheck(t, debian2010(), classic); err != nil {
		t.Errorf("classic builder: %v", err)
	}
	byArg := planFor(t, "FROM alpine\nCOPY --parents a /b/\n")
	byArg.BuildArgs = map[string]string{"BUILDKIT_SYNTAX": "docker/dockerfile:1"}
	if err := pingAndCheck(t, debian2010(), byArg); err != nil {
		t.Errorf("BUILDKIT_SYNTAX: %v", err)
	}
}

// A refusal stops the lab's build before the engine is asked to build.
func TestEngineFeaturesStopTheBuild(t *testing.T) {
	e := debian2010()
	s := Session{Engine: e, Out: io.Discard, UI: &scriptedUI{}}
	p := planFor(t, "FROM alpine\nCOPY --exclude=*.md . /app\n")
	if _, err := s.Build(context.Background(), p); docker.KindOf(err) != docker.BuildFailed || e.builds != 0 {
		t.Fatalf("Build = %v after %d builds", err, e.builds)
	}
	if _, err := s.Build(context.Background(), planFor(t, "FROM alpine\nCOPY . /app\n")); err != nil || e.builds != 1 {
		t.Fatalf("Build of a plain Dockerfile = %v after %d builds", err, e.builds)
	}
}

func TestBundledFrontend(t *testing.T) {
	// BuildKit's version (and the frontend version it reports, after "|")
	// → the frontend built into it; "" = unknown.
	cases := map[string]string{
		"v0.3": "1.0", "v0.5": "1.1", "v0.6.4": "1.1", "v0.8": "1.2", "v0.8.2+244e8cde": "1.2",
		"v0.9.3": "1.3", "v0.10": "1.4", "v0.11.6": "1.5", "v0.12.5-0.20231208203051-3b6880d2a00f": "1.6",
		"v0.25.2": "1.19", "v0.26.0": "1.20", "v0.32.2": "1.26", "v0.32.2|1.26.0": "1.26",
		"v0.34.2|1.28.0-dev": "1.28", "v0.0.0+unknown": "", "v1.0.0": "", "": "",
	}
	for in, want := range cases {
		version, dockerfile, _ := strings.Cut(in, "|")
		bk := docker.BuildKitVersion{Version: version, Dockerfile: dockerfile}
		v, ok := bundledFrontend(bk)
		got := ""
		if ok {
			got = v.String()
		}
		if got != want {
			t.Errorf("bundledFrontend(%+v) = %q, want %q", bk, got, want)
		}
	}
}

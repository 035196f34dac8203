package lab

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// pinger is implemented by engines that say which builder they have;
// *engine.Client does.
type pinger interface {
	Ping(ctx context.Context) (docker.Info, error)
}

// frontendProber is implemented by engines that also say which BuildKit
// they build with; *engine.Client does.
type frontendProber interface {
	pinger
	BuildKitVersion(ctx context.Context) (docker.BuildKitVersion, error)
}

// pingTimeout bounds the one ping a lab build makes, so a hung engine
// fails the build quickly instead of after the caller's long build timeout.
const pingTimeout = 10 * time.Second

// featureCheckTimeout bounds what checkEngineFeatures asks the engine (the
// BuildKit version) so that it never delays a build by more than this;
// past it the build goes ahead unchecked.
const featureCheckTimeout = 2 * time.Second

// ping asks the engine, once per lab action, what it is and which builders
// it has; the answer goes to the feature check and to the build. It is
// nil, with no error, for an engine that cannot be pinged (a test's fake):
// the build then decides alone.
func ping(ctx context.Context, e Engine) (*docker.Info, error) {
	p, ok := e.(pinger)
	if !ok {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	info, err := p.Ping(ctx)
	if err != nil {
		return nil, err
	}
	return &info, nil
}

// frontendVersion is a Dockerfile frontend release, major.minor ("1.20").
type frontendVersion struct{ major, minor int }

func (v frontendVersion) String() string { return fmt.Sprintf("%d.%d", v.major, v.minor) }

func (v frontendVersion) less(w frontendVersion) bool {
	return v.major < w.major || (v.major == w.major && v.minor < w.minor)
}

// construct is a piece of Dockerfile syntax that the Dockerfile frontend
// built into older engines does not read.
type construct struct {
	instruction string
	flag        string          // "" for a heredoc
	since       frontendVersion // the first stable frontend that reads it
}

// constructs says which frontend each construct needs. Every version was
// checked in moby/buildkit's history, not only in the reference's "Minimum
// Dockerfile version" tables (frontend/dockerfile/docs/reference.md):
// a flag counts from the first dockerfile/1.N.0 tag whose
// frontend/dockerfile/instructions/parse.go registers it outside a labs
// build tag (dfrunmount, dfrunnetwork, dfheredoc, dfexcludepatterns,
// dfparents, dfrunsecurity, dfrundevice) and without a "requires the labs
// channel" switch in dockerfile2llb, and against the release notes.
//
//   - heredocs 1.4 (parser_heredoc.go behind dfheredoc in 1.3);
//   - RUN --mount 1.2 (dfrunmount in 1.1), RUN --network 1.3 (dfrunnetwork
//     in 1.2), RUN --security 1.20 (dfrunsecurity until 1.19);
//   - COPY/ADD --chmod 1.2, COPY/ADD --link 1.4;
//   - ADD --checksum 1.6 (labs only in 1.5: addChecksumEnabled);
//   - ADD --keep-git-dir 1.6: the flag is parsed from 1.5, but ADD of a Git
//     repository, the only source it applies to, needs the labs channel in
//     1.5 (addGitEnabled); the reference's table says 1.1, which the code
//     contradicts;
//   - HEALTHCHECK --start-interval 1.6;
//   - ADD --unpack 1.17;
//   - COPY/ADD --exclude 1.19 (dfexcludepatterns until 1.18);
//   - COPY --parents 1.20 (dfparents until 1.19); ADD has no --parents in
//     any frontend, so the build's own "unknown flag" error stands;
//   - RUN --device 1.27: labs only (dfrundevice) from 1.14-labs through
//     1.26; the dockerfile/1.27.0 release notes promote it to stable, BuildKit
//     v0.34's reference says 1.27, and Docker 29.8's built-in 1.27 reads it.
var constructs = []construct{
	{instruction: "RUN", flag: "mount", since: frontendVersion{1, 2}},
	{instruction: "RUN", flag: "network", since: frontendVersion{1, 3}},
	{instruction: "RUN", flag: "security", since: frontendVersion{1, 20}},
	{instruction: "RUN", flag: "device", since: frontendVersion{1, 27}},
	{instruction: "COPY", flag: "chmod", since: frontendVersion{1, 2}},
	{instruction: "ADD", flag: "chmod", since: frontendVersion{1, 2}},
	{instruction: "COPY", flag: "link", since: frontendVersion{1, 4}},
	{instruction: "ADD", flag: "link", since: frontendVersion{1, 4}},
	{instruction: "ADD", flag: "checksum", since: frontendVersion{1, 6}},
	{instruction: "ADD", flag: "keep-git-dir", since: frontendVersion{1, 6}},
	{instruction: "HEALTHCHECK", flag: "start-interval", since: frontendVersion{1, 6}},
	{instruction: "ADD", flag: "unpack", since: frontendVersion{1, 17}},
	{instruction: "COPY", flag: "exclude", since: frontendVersion{1, 19}},
	{instruction: "ADD", flag: "exclude", since: frontendVersion{1, 19}},
	{instruction: "COPY", flag: "parents", since: frontendVersion{1, 20}},
}

// heredocs needs frontend 1.4.
var heredocs = construct{since: frontendVersion{1, 4}}

// bundledFrontend is the Dockerfile frontend built into the engine's
// BuildKit. BuildKit v0.30 and later say it themselves. Before, each
// BuildKit release bundles one frontend release: the dockerfile/1.N.0 tags
// of moby/buildkit sit on the v0.(N+6).0 tags from dockerfile/1.4.0 on
// v0.10.0 to dockerfile/1.26.0 on v0.32.0 (Docker 29.8 reports BuildKit
// v0.33.0 with 1.27.0, and 1.28 is BuildKit v0.34's
// frontend/dockerfile/version); dockerfile/1.3.0 is v0.9.0,
// dockerfile/1.2.0 two commits after v0.8.0, dockerfile/1.1.0 v0.5.0 (so
// v0.5–v0.7 bundle 1.1) and dockerfile/1.0.0 comes before v0.4.0.
func bundledFrontend(bk docker.BuildKitVersion) (frontendVersion, bool) {
	if m := dockerfileVersionRe.FindStringSubmatch(bk.Dockerfile); m != nil {
		major, _ := strconv.Atoi(m[1])
		minor, _ := strconv.Atoi(m[2])
		return frontendVersion{major, minor}, true
	}
	m := buildKitVersionRe.FindStringSubmatch(bk.Version)
	if m == nil {
		return frontendVersion{}, false
	}
	n, _ := strconv.Atoi(m[1])
	switch {
	case n >= 10:
		return frontendVersion{1, n - 6}, true
	case n == 9:
		return frontendVersion{1, 3}, true
	case n == 8:
		return frontendVersion{1, 2}, true
	case n >= 5:
		return frontendVersion{1, 1}, true
	case n >= 3:
		return frontendVersion{1, 0}, true
	}
	return frontendVersion{}, false
}

var (
	dockerfileVersionRe = regexp.MustCompile(`^(\d+)\.(\d+)`)
	// buildKitVersionRe takes the minor of a v0 BuildKit ("v0.32.2",
	// "v0.8" from the engine table); "v0.0.0+unknown" (a BuildKit built
	// without its version) and a future v1 are unknown.
	buildKitVersionRe = regexp.MustCompile(`^v?0\.([1-9]\d*)(?:[.+-]|$)`)
)

// checkEngineFeatures says in Korean, before building, what in the
// Dockerfile the engine's builder cannot read, with the line, instead of
// letting the build fail with an English parse error or a registry pull.
// It refuses only what it knows: when the engine was not pinged (info is
// nil), has no BuildKit, does not say its BuildKit's version in time, or
// when the build uses the classic builder, the build goes ahead and reports
// its own errors.
//
// A `# syntax=` parser directive (or the BUILDKIT_SYNTAX build argument)
// makes BuildKit, on every engine, hand the Dockerfile to the frontend image
// it names instead of its built-in frontend, so the built-in frontend's
// version says nothing then, and nothing is refused: the engine uses that
// image from its store or pulls it, which works on a learner's connected
// machine (most real Dockerfiles that have the line start with
// `# syntax=docker/dockerfile:1`). Where the pull fails (offline, as this
// lab's machines are), the build's own error is explained afterwards
// (explainBuildFailure), with the line and how to drop it. The classic builder
// ignores the line.
func checkEngineFeatures(ctx context.Context, e Engine, info *docker.Info, p Plan) error {
	m := p.Model
	prober, ok := e.(frontendProber)
	if !ok || m == nil || info == nil || !info.BuildKit || p.Builder == docker.BuilderClassic {
		return nil // the build reports an absent engine, or builds without BuildKit
	}
	if _, ok := p.BuildArgs["BUILDKIT_SYNTAX"]; ok {
		return nil // a frontend image chosen by build argument: the engine reports a failed pull itself
	}
	ctx, cancel := context.WithTimeout(ctx, featureCheckTimeout)
	defer cancel()
	for _, d := range m.Directives {
		if d.Name == "syntax" && strings.TrimSpace(d.Value) != "" {
			return nil // the named frontend image reads the file, not the built-in one
		}
	}
	// The built-in frontend: what it is and the first construct it cannot read.
	var builtIn *frontendCheck
	if bk, err := prober.BuildKitVersion(ctx); err == nil {
		if v, ok := bundledFrontend(bk); ok {
			builtIn = &frontendCheck{api: info.APIVersion, bk: bk, version: v}
			builtIn.find(m)
		}
	}
	if builtIn == nil || builtIn.problem == nil {
		return nil
	}
	return &docker.Error{Kind: docker.BuildFailed, Line: builtIn.line + 1, Message: builtIn.message()}
}

// frontendCheck is the outcome of reading a Dockerfile with one engine's
// built-in frontend.
type frontendCheck struct {
	api     string // the engine's API version, as the editor's status shows it
	bk      docker.BuildKitVersion
	version frontendVersion
	problem *construct // the first construct it cannot read, nil when none
	line    int        // zero-based line of problem
}

// find records the first construct in m that the frontend cannot read.
func (c *frontendCheck) find(m *dockerfile.Model) {
	for _, in := range m.Instructions {
		if len(m.Heredocs(in)) > 0 && c.version.less(heredocs.since) {
			c.problem, c.line = &heredocs, in.StartLine
			return
		}
		for _, f := range in.Flags {
			for i := range constructs {
				k := &constructs[i]
				if k.instruction != in.Name || !strings.EqualFold(f.Name, k.flag) {
					continue
				}
				if c.version.less(k.since) {
					c.problem, c.line = k, m.Mapper.Position(f.Span.Start).Line
					return
				}
			}
		}
	}
}

// engineName describes the engine for a message: "Docker 20.10.24+dfsg1,
// API 1.41, BuildKit v0.8".
func (c *frontendCheck) engineName() string {
	var parts []string
	if c.bk.Engine != "" {
		parts = append(parts, "Docker "+c.bk.Engine)
	}
	if c.api != "" {
		parts = append(parts, "API "+c.api)
	}
	return strings.Join(append(parts, "BuildKit "+c.bk.Version), ", ")
}

// what names the problem construct: "히어독(`<<EOF`)", "`COPY --parents` 플래그".
func (k *construct) what() string {
	if k.flag == "" {
		return "히어독(`<<EOF`)"
	}
	return fmt.Sprintf("`%s --%s` 플래그", k.instruction, k.flag)
}

// message is the Korean refusal for c.problem. Particles attach to Korean
// nouns (플래그, 프런트엔드, 이상), never to a code span or a version number,
// whose reading decides the particle.
func (c *frontendCheck) message() string {
	k := c.problem
	fix := "이 플래그 없이 같은 일을 하도록 고치거나"
	if k.flag == "" {
		fix = "히어독을 `&& \\`로 이은 명령이나 `COPY`할 파일로 바꾸거나"
	}
	return fmt.Sprintf("%s에는 Dockerfile 프런트엔드 %s 이상이 필요하지만, 이 Docker 엔진(%s)에 내장된 프런트엔드는 %s입니다. "+
		"%s Docker 엔진을 최신 버전으로 업데이트하십시오.", k.what(), k.since, c.engineName(), c.version, fix)
}

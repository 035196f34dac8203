package lab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
)

// TestEngineFeaturesRealEngine checks Dockerfiles against the real engine
// (DOCKER_HOST, else the default socket) before building, as the lab's
// build does: a heredoc is refused exactly where the engine's built-in
// frontend is older than 1.4 (Debian's dockerd 20.10: BuildKit v0.8,
// frontend 1.2), `COPY --parents` where it is older than 1.20, and a
// `# syntax=` line is never refused (the image it names reads the file);
// each refused Dockerfile is then sent to the engine, which must fail to
// build it too. Nothing is created (an unexpected image is
// removed). It fails, never skips, without
// an engine.
func TestEngineFeaturesRealEngine(t *testing.T) {
	cli, info := enginetest.Connect(t, engine.New)
	ctx := enginetest.Timeout(t, 30*time.Second)
	if !info.BuildKit {
		t.Fatalf("the engine (API %s) has no BuildKit", info.APIVersion)
	}
	bk, err := cli.BuildKitVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	have, ok := bundledFrontend(bk)
	if !ok {
		t.Fatalf("no frontend known for %+v", bk)
	}
	t.Logf("Docker %s, BuildKit %s: built-in Dockerfile frontend %s", bk.Engine, bk.Version, have)
	if strings.HasPrefix(bk.Engine, "20.10.") && have != (frontendVersion{1, 2}) {
		t.Errorf("dockerd 20.10's frontend = %s, want 1.2", have)
	}
	for _, tc := range []struct {
		text string
		need frontendVersion
	}{
		{"FROM scratch\nCOPY <<EOF /a.txt\nhi\nEOF\n", heredocs.since},
		{"FROM scratch\nCOPY --parents ./a/b.txt /c/\n", frontendVersion{1, 20}},
		{"FROM scratch\nRUN --network=none true\n", frontendVersion{1, 3}},
	} {
		err := checkEngineFeatures(ctx, cli, &info, planFor(t, tc.text))
		if want := have.less(tc.need); (err != nil) != want {
			t.Errorf("%q with frontend %s: %v, want refused = %v", tc.text, have, err, want)
			continue
		}
		if err == nil {
			continue
		}
		if !strings.Contains(err.Error(), "BuildKit "+bk.Version) || !strings.Contains(err.Error(), "프런트엔드는 "+have.String()+"입니다") {
			t.Errorf("message does not name the engine's BuildKit and frontend: %v", err)
		}
		// What is refused, the engine itself cannot build either.
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		tag := enginetest.Name("dockerlab-features")
		_, berr := cli.Build(ctx, docker.BuildRequest{ContextDir: dir, Tag: tag, Builder: docker.BuilderBuildKit,
			Labels: map[string]string{"dev.dockerlab.test": "1"}}, io.Discard)
		if berr == nil {
			t.Cleanup(func() { cli.ImageRemove(context.Background(), tag) })
			t.Errorf("refused %q, but the engine built it", tc.text)
		}
	}
	ref := enginetest.Name("dockerlab.invalid/frontend") + ":1"
	if err := checkEngineFeatures(ctx, cli, &info, planFor(t, "# syntax="+ref+"\nFROM scratch\nCOPY --parents a /b/\n")); err != nil {
		t.Errorf("syntax line naming an image: %v", err)
	}
}

// TestBuildFailureLinesRealEngine builds broken Dockerfiles through the
// lab on the real engine (DOCKER_HOST, else the default socket) with both
// builders: the engine says where it stopped in its own terms, and the lab
// names the Dockerfile line, in the message and for the editor's
// underline, which starts at the instruction even when it is indented with
// a tab. Nothing is left behind: a failed classic build's intermediate
// images are removed. It fails, never skips, without an engine.
func TestBuildFailureLinesRealEngine(t *testing.T) {
	cli, info := enginetest.Connect(t, engine.New)
	ctx := enginetest.Timeout(t, 2*time.Minute)
	cases := []struct {
		name, dockerfile string
		line             int
		detail           string // a piece of the engine's message
	}{
		// A step fails; the line comes from the step the engine names.
		{"missing file", "FROM scratch\n\n# the file is not in the context\nCOPY missing.txt /\n", 4, "missing.txt"},
		// The classic builder numbers global ARGs as steps, BuildKit does not.
		{"global arg", "ARG VERSION=1\nFROM scratch\nARG VERSION\nCOPY missing-$VERSION.txt /\n", 4, "missing-1.txt"},
		// A parse error names its line itself.
		{"unknown instruction", "FROM scratch\nLABEL a=b\nFOO bar\n", 3, "unknown instruction"},
		// RUN in scratch has no shell; the step is indented with a tab.
		{"tab-indented run", "FROM scratch\nWORKDIR /app\n\n\tRUN true\n", 4, "/bin/sh"},
		// A missing base image or a "# syntax=" line would make the engine
		// contact a registry, which tests must not do; build_failure_test.go
		// covers those with the engine's recorded words.
	}
	builders := []string{"classic"}
	if info.BuildKit {
		builders = append(builders, "buildkit")
	}
	for _, builder := range builders {
		for _, tc := range cases {
			t.Run(tc.name+"/"+builder, func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, "Dockerfile")
				if err := os.WriteFile(path, []byte(tc.dockerfile), 0o644); err != nil {
					t.Fatal(err)
				}
				var s Settings
				s.Build.Builder = builder
				s.Build.Tag = enginetest.Name("dockerlab-lab-fail")
				m := dockerfile.Parse(tc.dockerfile)
				var out enginetest.Buffer
				enginetest.RemoveIntermediates(t, cli, out.String)
				_, err := Session{Engine: cli, Out: &out, UI: &scriptedUI{}}.Build(ctx, NewPlan(path, m, s, ""))
				if err == nil {
					t.Cleanup(func() { cli.ImageRemove(context.Background(), s.Build.Tag) })
				}
				var e *docker.Error
				if !errors.As(err, &e) || e.Kind != docker.BuildFailed {
					t.Fatalf("Build = %v, want BuildFailed\noutput:\n%s", err, out.String())
				}
				if e.Line != tc.line || !strings.Contains(e.Message, fmt.Sprintf("%d번째 줄", tc.line)) || !strings.Contains(e.Detail, tc.detail) {
					t.Errorf("line %d, message %q, detail %q; want line %d and a detail with %q (engine said %+v)\noutput:\n%s",
						e.Line, e.Message, e.Detail, tc.line, tc.detail, e.Build, out.String())
				}
				f, ok := FailureOf(m, err)
				instr := m.Mapper.LineStart(tc.line-1) + len(m.Mapper.Line(tc.line-1)) - len(strings.TrimLeft(m.Mapper.Line(tc.line-1), " \t"))
				if !ok || f.Span.Start != instr || f.Span.End != m.Mapper.LineEnd(tc.line-1) {
					t.Errorf("FailureOf = %+v, %v; want the span of line %d from its instruction", f, ok, tc.line)
				}
			})
		}
	}
}

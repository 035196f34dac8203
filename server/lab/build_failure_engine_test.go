package lab

import (
	"context"
	"errors"
	"fmt"
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

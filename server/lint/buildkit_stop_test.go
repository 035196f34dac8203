package lint

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// buildkitVerdict is where BuildKit itself stops on a whole Dockerfile, as
// `docker build --check` (DockerfileLint) and a build (Dockerfile2LLB) see
// it offline: the 1-based line and BuildKit's message of each; line 0 when
// it does not stop there.
type buildkitVerdict struct {
	lintLine, buildLine int
	lint, build         string
}

func buildkitOn(text string) buildkitVerdict {
	var v buildkitVerdict
	dt := []byte(text)
	caps := llbCaps
	sm := llb.NewSourceMap(nil, "Dockerfile", "Dockerfile", dt)
	sm.Definition = &llb.Definition{}
	res, err := safeLint(context.Background(), dt, dockerfile2llb.ConvertOpt{MetaResolver: offlineResolver{}, SourceMap: sm, LLBCaps: &caps})
	if err == nil && res != nil && res.Error != nil && len(res.Error.Location.Ranges) > 0 {
		v.lint, v.lintLine = res.Error.Message, int(res.Error.Location.Ranges[0].Start.Line)
	}
	caps = llbCaps
	func() {
		defer func() { _ = recover() }()
		_, err = dockerfile2llb.Dockerfile2LLB(context.Background(), dt, dockerfile2llb.ConvertOpt{MetaResolver: offlineResolver{}, LLBCaps: &caps})
	}()
	var le *parser.LocationError
	if err != nil && errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		v.build, v.buildLine = err.Error(), le.Locations[0][0].Start.Line
	}
	return v
}

// says reports whether BuildKit stops on line (1-based) with message.
func (v buildkitVerdict) says(line int, message string) bool {
	return line == v.lintLine && message == v.lint || line == v.buildLine && message == v.build
}

// parseLevel are our findings for what BuildKit's parser (and its reading
// of each instruction) rejects: BuildKit reports them as its error, in its
// own words, on the same line.
var parseLevel = map[string]bool{
	"ParseError": true, "UnknownInstruction": true, "InvalidInstruction": true, "UnknownFlag": true,
	"NoFrom": true, "NoInstructions": true, "LineTooLong": true,
}

// stopTexts are the Dockerfiles the stop test reads: the corpus, the
// goldens, and (when it is on this machine) the real-world corpus.
func stopTexts(t *testing.T) map[string]string {
	texts := map[string]string{}
	for i, text := range testcorpus.Texts(t) {
		texts[fmt.Sprintf("testdata/corpus[%d]", i)] = text
	}
	addGoldenDockerfiles(t, texts)
	return texts
}

// Every BuildCheckError ("BuildKit stops here") is the error BuildKit
// itself stops at on the whole file, on the same line with the same
// message: recovering from one bad line must never invent a second stop (a
// "no build stage" after a FROM we cut out, a cycle through a stand-in
// stage, "file with no instructions" on a blank line). And where BuildKit
// stops, we say so on that line: as BuildCheckError, as the parse error
// BuildKit's parser gave, or as the rule that explains that very error
// (ExposePortRange for "invalid containerPort").
func TestBuildCheckErrorIsBuildKits(t *testing.T) {
	check := func(t *testing.T, name, text string) (stops, exact int) {
		m := dockerfile.Parse(text)
		fs := Check(context.Background(), m, Options{})
		v := buildkitOn(text)
		if v.lintLine > 0 {
			stops++
		}
		reported := false
		for _, f := range fs {
			line := m.Mapper.Position(f.Span.Start).Line + 1
			switch {
			case f.Code == "BuildCheckError":
				// BuildKit resolves stages concurrently and walks maps: where
				// two errors race, another run may stop at the other one.
				for try := 0; try < 5 && !v.says(line, f.arg(0)); try++ {
					v = buildkitOn(text)
				}
				if !v.says(line, f.arg(0)) {
					t.Errorf("%s:%d: we report BuildKit stopping with %q; BuildKit stops at line %d: %q", name, line, f.arg(0), v.lintLine, v.lint)
					continue
				}
				reported = true
			case parseLevel[f.Code] && line == v.lintLine,
				f.Code == "NoInstructions" && v.lint == "file with no instructions", // the whole file
				rule(f.Code).explainsStop != "" && line == v.lintLine && strings.HasPrefix(v.lint, rule(f.Code).explainsStop):
				reported = true
			}
		}
		if v.lintLine > 0 && !reported {
			t.Errorf("%s: BuildKit stops at line %d (%q); we report nothing there", name, v.lintLine, v.lint)
		}
		if reported {
			exact++
		}
		return stops, exact
	}
	stops, exact := 0, 0
	for name, text := range stopTexts(t) {
		s, e := check(t, name, text)
		stops, exact = stops+s, exact+e
	}
	t.Logf("corpus and goldens: BuildKit stops on %d files; we report that stop on %d", stops, exact)
	t.Run("realworld", func(t *testing.T) {
		stops, exact := 0, 0
		files := testcorpus.RealWorld(t)
		for _, f := range files {
			s, e := check(t, f.Name, f.Text)
			stops, exact = stops+s, exact+e
		}
		t.Logf("real-world corpus: BuildKit stops on %d of %d files; we report that stop on %d", stops, len(files), exact)
	})
}

package lint

import (
	"context"
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/subrequests/lint"
	"github.com/moby/buildkit/solver/pb"
	digest "github.com/opencontainers/go-digest"
)

// offlineResolver answers BuildKit's image look-ups without a registry: the
// linter must never touch the network, and an error would abort later rules.
type offlineResolver struct{}

func (offlineResolver) ResolveImageConfig(ctx context.Context, ref string, opt sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	return ref, "", []byte(`{"architecture":"amd64","os":"linux","rootfs":{"type":"layers"},"config":{}}`), nil
}

var llbCaps = pb.Caps.CapSet(pb.Caps.All())

// maxLintRecoveries bounds how often a fatal BuildKit error is cut out and
// the checks run again.
const maxLintRecoveries = 3

// buildkitFindings runs BuildKit's own build checks (those of
// `docker build --check`) in process and offline. Lines our parser already
// rejected are blanked first, and a line where BuildKit stops (an empty base
// name, say) is reported and blanked in turn, so one bad line does not hide
// every later check.
func buildkitFindings(ctx context.Context, m *dockerfile.Model) []Finding {
	lines := sanitizedLines(m)
	var out []Finding
	seen := map[string]bool{}
	for attempt := 0; attempt <= maxLintRecoveries; attempt++ {
		text := strings.Join(lines, "\n")
		if strings.TrimSpace(text) == "" || ctx.Err() != nil {
			break
		}
		sm := llb.NewSourceMap(nil, "Dockerfile", "Dockerfile", []byte(text))
		sm.Definition = &llb.Definition{}
		caps := llbCaps
		res, err := safeLint(ctx, []byte(text), dockerfile2llb.ConvertOpt{
			MetaResolver: offlineResolver{}, SourceMap: sm, LLBCaps: &caps,
		})
		if err != nil || res == nil {
			break
		}
		for _, w := range res.Warnings {
			var args []string
			if mt := matchers[w.RuleName]; mt != nil {
				args = mt.args(w.Detail)
			}
			f := Finding{
				Code:     w.RuleName,
				Severity: severityOf(w.RuleName, Warning),
				Message:  koreanMessage(w.RuleName, w.Detail),
				Href:     w.URL,
				Span:     exactSpan(m, w.RuleName, args, locationSpan(m, w.Location)),
				args:     args,
			}
			key := fmt.Sprintf("%s@%d-%d:%s", f.Code, f.Span.Start, f.Span.End, f.Message)
			if !seen[key] {
				seen[key] = true
				out = append(out, f)
			}
		}
		if res.Error == nil || len(res.Error.Location.Ranges) == 0 {
			break
		}
		span := locationSpan(m, &res.Error.Location)
		first, last := m.Mapper.Position(span.Start).Line, m.Mapper.Position(span.End).Line
		// A missing stage after a line our parser rejected (a mistyped FROM)
		// is that line's fault, already reported.
		consequence := len(m.Problems) > 0 && strings.Contains(res.Error.Message, "no build stage")
		if !consequence && !hasFindingOnLine(out, m, first) {
			out = append(out, Finding{Span: span, Severity: Error, Code: "BuildCheckError",
				Message: "BuildKit이 이 줄에서 빌드를 멈춥니다. 이 줄을 고쳐야 뒤의 검사도 모두 실행됩니다. (BuildKit: " + res.Error.Message + ")",
				Href:    "https://docs.docker.com/reference/build-checks/"})
		}
		for l := first; l <= last && l < len(lines); l++ {
			lines[l] = ""
		}
	}
	return out
}

func hasFindingOnLine(fs []Finding, m *dockerfile.Model, line int) bool {
	for _, f := range fs {
		if m.Mapper.Position(f.Span.Start).Line == line {
			return true
		}
	}
	return false
}

// sanitizedLines are the lines of the text with every line our parser
// rejected emptied; line numbers stay the same.
func sanitizedLines(m *dockerfile.Model) []string {
	bad := map[int]bool{}
	for _, p := range m.Problems {
		switch p.Kind {
		case dockerfile.ParseError, dockerfile.UnknownInstruction, dockerfile.InvalidInstruction, dockerfile.LineTooLong, dockerfile.NoFrom:
			first, last := m.Mapper.Position(p.Span.Start).Line, m.Mapper.Position(p.Span.End).Line
			if p.Kind == dockerfile.UnknownInstruction || p.Kind == dockerfile.InvalidInstruction || p.Kind == dockerfile.NoFrom {
				if in := m.InstructionAt(p.Span.Start); in != nil {
					first, last = in.StartLine, in.EndLine
				}
			}
			for l := first; l <= last; l++ {
				bad[l] = true
			}
		}
	}
	lines := make([]string, m.Mapper.LineCount())
	for l := range lines {
		if !bad[l] {
			lines[l] = m.Mapper.Line(l)
		}
	}
	return lines
}

// locationSpan converts BuildKit's location (1-based lines, byte columns,
// where a zero range means the whole line) to a span of our text.
func locationSpan(m *dockerfile.Model, loc *pb.Location) dockerfile.Span {
	if loc == nil || len(loc.Ranges) == 0 {
		return dockerfile.Span{}
	}
	first, last := loc.Ranges[0], loc.Ranges[len(loc.Ranges)-1]
	startLine, endLine := int(first.Start.Line)-1, int(last.End.Line)-1
	if startLine < 0 {
		startLine = 0
	}
	if endLine < startLine {
		endLine = startLine
	}
	start := m.Mapper.LineStart(startLine)
	end := m.Mapper.LineEnd(endLine)
	if c := int(first.Start.Character); c > 0 && start+c <= m.Mapper.LineEnd(startLine) {
		start += c
	} else {
		start += len(m.Mapper.Line(startLine)) - len(strings.TrimLeft(m.Mapper.Line(startLine), " \t"))
	}
	if c := int(last.End.Character); c > 0 && m.Mapper.LineStart(endLine)+c <= end {
		end = m.Mapper.LineStart(endLine) + c
	}
	if end < start {
		end = start
	}
	return dockerfile.Span{Start: start, End: end}
}

// safeLint runs DockerfileLint, turning a panic inside BuildKit into an
// error: no Dockerfile may take the server down.
func safeLint(ctx context.Context, dt []byte, opt dockerfile2llb.ConvertOpt) (res *lint.LintResults, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("buildkit lint: %v", p)
		}
	}()
	return dockerfile2llb.DockerfileLint(ctx, dt, opt)
}

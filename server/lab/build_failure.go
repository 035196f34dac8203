package lab

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/distribution/reference"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// explainBuildFailure names the Dockerfile line of a failed build: the
// engine says where it stopped in its own terms (BuildKit's step name, the
// classic builder's step number, the line of a parse error, the image it
// could not pull), and the plan's model says which instruction that is. It
// returns err unchanged when it is no build failure or there is no model.
func explainBuildFailure(p Plan, err error) error {
	var e *docker.Error
	if p.Model == nil || !errors.As(err, &e) || e.Kind != docker.BuildFailed {
		return err
	}
	m, f := p.Model, e.Build
	out := *e
	out.Line = f.ParseLine
	if out.Line == 0 && f.Vertex != "" {
		out.Line = buildkitStepLine(m, f.Vertex, p.Target)
	}
	if out.Line == 0 && f.Step > 0 {
		out.Line = classicStepLine(m, f.Step)
	}
	switch {
	case f.Pull && (f.Repository == "docker/dockerfile" || strings.Contains(e.Detail, "docker/dockerfile")):
		// A "# syntax=docker/dockerfile:1" line makes BuildKit fetch the
		// frontend image before reading anything else.
		// Without the line, the BUILDKIT_SYNTAX build argument named it.
		out.Line = syntaxLine(m)
		out.Message = "Dockerfile의 `# syntax=` 줄 때문에 BuildKit이 레지스트리에서 Dockerfile 프런트엔드 이미지를 내려받으려 했지만 레지스트리에 접속하지 못했습니다. " +
			"그 줄을 지우면 엔진에 내장된 프런트엔드로 빌드합니다. 지운 뒤 다시 빌드하십시오."
		if out.Line == 0 {
			out.Message = "BuildKit이 레지스트리에서 Dockerfile 프런트엔드 이미지를 내려받으려 했지만 레지스트리에 접속하지 못했습니다. " +
				"`BUILDKIT_SYNTAX` 빌드 인수를 지우면 엔진에 내장된 프런트엔드로 빌드합니다. 지운 뒤 다시 빌드하십시오."
		}
	case f.Pull:
		if out.Line == 0 {
			out.Line = fromLine(m, f.Repository)
		}
		out.Message = "베이스 이미지가 이 컴퓨터에 없어 레지스트리에서 내려받으려 했지만 실패했습니다. " +
			"`docker images`로 이미 있는 이미지를 확인하고 FROM에 그 이름과 태그를 정확히 쓰거나, 네트워크가 되는 곳에서 `docker pull`로 미리 받아 두십시오."
	case out.Line > 0:
		out.Message = fmt.Sprintf("Dockerfile %d번째 줄에서 이미지 빌드가 실패했습니다. 빌드 출력의 오류 내용을 확인하고 그 줄을 고친 뒤 다시 빌드하십시오.", out.Line)
	}
	if out.Line > 0 && !strings.Contains(out.Message, "번째 줄") {
		out.Message = fmt.Sprintf("Dockerfile %d번째 줄: %s", out.Line, out.Message)
	}
	return &out
}

// Failure is a failed build as the editor marks it: where in the
// Dockerfile, and a Korean sentence that keeps the engine's own words.
type Failure struct {
	// Span runs from the failed instruction's first character (after its
	// indentation, spaces or tabs) to the end of its line.
	Span    dockerfile.Span
	Message string
}

// FailureOf places a build error in m, the document's current model: the
// line the build failed on, underlined from its instruction. ok is false
// when err is no build failure with a line, or the line is no longer in
// the document.
func FailureOf(m *dockerfile.Model, err error) (f Failure, ok bool) {
	var e *docker.Error
	if m == nil || !errors.As(err, &e) || e.Kind != docker.BuildFailed || e.Line < 1 || e.Line > m.Mapper.LineCount() {
		return Failure{}, false
	}
	mp, line := m.Mapper, e.Line-1
	text := mp.Line(line)
	indent := len(text) - len(strings.TrimLeft(text, " \t"))
	msg := "빌드가 이 단계에서 실패했습니다. " + e.Message
	if e.Detail != "" && !strings.Contains(msg, e.Detail) {
		msg += fmt.Sprintf(" (엔진: %s)", e.Detail)
	}
	return Failure{Span: dockerfile.Span{Start: mp.LineStart(line) + indent, End: mp.LineEnd(line)}, Message: msg}, true
}

// classicStepLine maps the classic builder's "Step N/M" to a 1-based line:
// the classic builder numbers every instruction of the file, global ARGs
// included, so step N is the N-th instruction.
func classicStepLine(m *dockerfile.Model, step int) int {
	if step < 1 || step > len(m.Instructions) {
		return 0
	}
	return m.Instructions[step-1].StartLine + 1
}

// buildkitStepLine maps a BuildKit vertex name like "[builder 2/4] RUN make"
// to a 1-based line, 0 when it names no instruction (see buildkitStep).
func buildkitStepLine(m *dockerfile.Model, vertex, target string) int {
	if in := buildkitStep(m, vertex, target); in != nil {
		return in.StartLine + 1
	}
	return 0
}

// buildkitStep maps a BuildKit vertex name like "[builder 2/4] RUN make"
// to its instruction, nil when it names none ("[internal] load …").
// BuildKit's Dockerfile frontend numbers, per stage, the FROM (unless it is
// scratch or an earlier stage) and each RUN, COPY, ADD and WORKDIR; the
// stage is named by its AS name, "stage-N", or nothing when the file has
// one stage. target picks the stage of an unnamed step.
func buildkitStep(m *dockerfile.Model, vertex, target string) *dockerfile.Instruction {
	v := buildkitStepRe.FindStringSubmatch(vertex)
	if v == nil || len(m.Stages) == 0 {
		return nil
	}
	index, _ := strconv.Atoi(v[2])
	keyword := strings.ToUpper(v[4])
	st := pickStage(m, lastField(v[1]), target)
	if st == nil {
		return nil
	}
	var counted []*dockerfile.Instruction
	for _, in := range st.Instructions {
		switch in.Name {
		case "FROM":
			if in == st.From && m.ParentStage(st) == nil && !strings.EqualFold(m.BaseImage(st), "scratch") {
				counted = append(counted, in)
			}
		case "RUN", "COPY", "ADD", "WORKDIR":
			counted = append(counted, in)
		}
	}
	if index >= 1 && index <= len(counted) && counted[index-1].Name == keyword {
		return counted[index-1]
	}
	// The numbering differs between frontend versions; fall back to the
	// keyword when it occurs once in the stage.
	var only *dockerfile.Instruction
	for _, in := range st.Instructions {
		if in.Name == keyword {
			if only != nil {
				return nil
			}
			only = in
		}
	}
	return only
}

// buildkitStepRe matches a BuildKit vertex name such as "[2/4] RUN make",
// "[builder 2/4] COPY . ." or "[linux/amd64 stage-1  3/10] WORKDIR /app".
var buildkitStepRe = regexp.MustCompile(`^\[(.*?)\s*(\d+)/(\d+)\]\s+(?:ONBUILD\s+)?(\S+)`)

// lastField returns the last space-separated word of s, lower-cased: the
// stage name in a prefix that may start with a platform.
func lastField(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return strings.ToLower(f[len(f)-1])
}

// pickStage finds the stage a vertex prefix names: its AS name, "stage-N",
// or, when it names none, the target or the last stage.
func pickStage(m *dockerfile.Model, name, target string) *dockerfile.Stage {
	if name != "" {
		for _, st := range m.Stages {
			if st.Name == name {
				return st
			}
		}
		if n, ok := strings.CutPrefix(name, "stage-"); ok {
			if i, err := strconv.Atoi(n); err == nil && i >= 0 && i < len(m.Stages) {
				return m.Stages[i]
			}
		}
		return nil
	}
	if target != "" {
		for _, st := range m.Stages {
			if st.Name == strings.ToLower(target) {
				return st
			}
		}
	}
	return m.Stages[len(m.Stages)-1]
}

// syntaxLine is the 1-based line of the `# syntax=` parser directive, or 0.
func syntaxLine(m *dockerfile.Model) int {
	for _, d := range m.Directives {
		if d.Name == "syntax" {
			return m.Mapper.Position(d.Span.Start).Line + 1
		}
	}
	return 0
}

// fromLine is the 1-based line of the first FROM whose image is repo (a
// registry path such as "library/node"), with global ARGs expanded, or 0.
func fromLine(m *dockerfile.Model, repo string) int {
	if repo == "" {
		return 0
	}
	for _, st := range m.Stages {
		if m.ParentStage(st) != nil {
			continue
		}
		named, err := reference.ParseNormalizedNamed(m.BaseImage(st))
		if err == nil && reference.Path(named) == repo {
			return st.From.StartLine + 1
		}
	}
	return 0
}

package hover

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// defaultPath is the PATH BuildKit gives a Linux stage whose base image
// sets none (system.DefaultPathEnv in BuildKit).
const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

const (
	refEnvReplacement = "[변수 치환 설명](" + fullPageBase + "topics/variables.md) · [Dockerfile 레퍼런스: 변수 치환](https://docs.docker.com/reference/dockerfile/#environment-replacement)"
	refShellForm      = "[셸 형식과 exec 형식 설명](" + fullPageBase + "topics/shell-exec-form.md) · [Dockerfile 레퍼런스: 셸 형식과 exec 형식](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)"
	refHeredoc        = "[Dockerfile 레퍼런스: 히어독](https://docs.docker.com/reference/dockerfile/#here-documents)"
	refArg            = "[Dockerfile 레퍼런스: ARG](https://docs.docker.com/reference/dockerfile/#arg)"
	refEnv            = "[Dockerfile 레퍼런스: ENV](https://docs.docker.com/reference/dockerfile/#env)"
	refOnbuild        = "[Dockerfile 레퍼런스: ONBUILD](https://docs.docker.com/reference/dockerfile/#onbuild)"
)

// source is where the value of a variable reference comes from.
type source int

const (
	srcNone          source = iota // defined nowhere (certain)
	srcDefined                     // an ARG or ENV in scope in this stage (or a global ARG on a FROM line)
	srcInherited                   // an ARG or ENV of the stage this one is built FROM
	srcPredefined                  // one of BuildKit's automatic ARGs
	srcPlatformArg                 // a platform ARG not declared in this stage
	srcShellLocal                  // set earlier by the same shell text
	srcPath                        // PATH: the base image's or BuildKit's default
	srcBaseKnown                   // the base image's environment, as the local engine reports it
	srcBaseUnknown                 // the base image may define it; the engine does not tell
	srcNotApplicable               // nothing substitutes it here (exec form, quotes, ONBUILD)
)

// varInfo is what hover knows about one variable reference.
type varInfo struct {
	ref    *dockerfile.VarRef
	source source
	// base is the image the reference's stage is built on ("" when none
	// or unknown); baseEnv its environment when the engine knows it.
	base      string
	baseKnown bool
	baseHas   bool   // the base image's environment has the variable
	baseValue string // its value there
	baseOS    string
	baseWhy   string // why the base image's environment is not known
	// shell is the assignment earlier in the same shell text, when source
	// is srcShellLocal: its text and line.
	shell     string
	shellLine int
	place     string // placeText, with what a ${NAME:-word} form gives
}

// explain decides where the value of r comes from at its place.
func explain(ctx context.Context, m *dockerfile.Model, r *dockerfile.VarRef, images Images) varInfo {
	v := varInfo{ref: r}
	switch r.Expansion {
	case dockerfile.NotExpanded, dockerfile.Literal, dockerfile.Deferred:
		v.source = srcNotApplicable
		return v
	}
	in := r.Instruction
	if r.Expansion == dockerfile.ByShell {
		if text, line, ok := shellAssignment(m, r); ok {
			v.source, v.shell, v.shellLine = srcShellLocal, text, line
			return v
		}
	}
	stage := -1
	if in != nil && in.Name != "FROM" {
		stage = in.Stage
	}
	// The base image matters for a valueless ARG too: its value then is
	// the image's, when the image has one.
	valueless := r.Def != nil && r.Def.Kind == dockerfile.Arg && !r.Def.HasValue && r.Def.Global == nil
	if stage >= 0 && stage < len(m.Stages) && (r.Def == nil || valueless) && !r.Predefined {
		v.lookupBase(ctx, m, m.Stages[stage], images)
	}
	switch {
	case r.Def != nil && r.Def.Stage >= 0 && r.Def.Stage != stage:
		v.source = srcInherited
	case r.Def != nil:
		v.source = srcDefined
	case r.Predefined:
		v.source = srcPredefined
	case stage < 0:
		v.source = srcNone // a FROM line or the global scope sees only global ARGs
	case r.Name == "PATH":
		v.source = srcPath
	case dockerfile.PredefinedArgs[r.Name] && !v.baseHas:
		v.source = srcPlatformArg
	case v.baseHas:
		v.source = srcBaseKnown
	case v.baseKnown || v.base == "scratch":
		v.source = srcNone
	default:
		v.source = srcBaseUnknown
	}
	return v
}

// lookupBase reads the environment of the image st is built on.
func (v *varInfo) lookupBase(ctx context.Context, m *dockerfile.Model, st *dockerfile.Stage, images Images) {
	v.base = m.BaseImage(st)
	switch {
	case v.base == "":
		v.baseWhy = "베이스 이미지 이름에 값을 알 수 없는 변수가 있어 확인하지 못했습니다."
		return
	case strings.EqualFold(v.base, "scratch"):
		v.base, v.baseKnown = "scratch", true // empty: BuildKit adds only PATH
		return
	case images == nil:
		v.baseWhy = "Docker 엔진에 연결하지 않아 확인하지 못했습니다."
		return
	}
	img, err := images.Image(ctx, v.base)
	var e *docker.Error
	switch {
	case err == nil:
		v.baseKnown, v.baseOS = true, img.OS
		prefix := v.ref.Name + "="
		for _, kv := range img.Env {
			if strings.HasPrefix(kv, prefix) {
				v.baseHas, v.baseValue = true, kv[len(prefix):]
			}
		}
	case errors.As(err, &e) && e.Kind == docker.NotFound:
		v.baseWhy = "로컬 엔진에 이 이미지가 없어 확인하지 못했습니다."
	default:
		v.baseWhy = "로컬 엔진에서 이미지 정보를 제때 받지 못했습니다. 잠시 뒤 다시 마우스를 올려 보십시오."
	}
}

// variableRef explains a $VAR at its place: who substitutes it and when,
// and where its value comes from.
func variableRef(ctx context.Context, m *dockerfile.Model, r *dockerfile.VarRef, images Images) string {
	return explain(ctx, m, r, images).markdown(m)
}

func (v varInfo) markdown(m *dockerfile.Model) string {
	r := v.ref
	var b strings.Builder
	place := placeText(m, r)
	op, word := modifier(m, r)
	if mt := modifierText(r.Name, op, word); mt != "" && v.source != srcNotApplicable {
		place += " " + mt
	}
	hasDefault := (op == ":-" || op == "-") && word != ""
	switch v.source {
	case srcNotApplicable:
		fmt.Fprintf(&b, "**`%s`** — 여기서는 변수로 바뀌지 않습니다.\n\n%s\n\n%s", r.Name, place, placeLink(r))
		return b.String()
	case srcDefined, srcInherited:
		v.place = place
		b.WriteString(definition(m, r.Name, r.Def, &v))
		return b.String()
	case srcPredefined:
		if md := docs.Arg(r.Name); md != "" {
			return place + "\n\n---\n\n" + md
		}
		fmt.Fprintf(&b, "**`%s`** — BuildKit이 미리 정의한 빌드 인수입니다. `ARG`로 선언하지 않아도 쓸 수 있습니다.\n\n%s\n\n[Dockerfile 레퍼런스: 미리 정의된 ARG](https://docs.docker.com/reference/dockerfile/#predefined-args)", r.Name, place)
		return b.String()
	case srcPlatformArg:
		if r.Expansion == dockerfile.ByShell {
			fmt.Fprintf(&b, "**`%s`** — 플랫폼 빌드 인수는 전역 범위에만 있습니다. 이 빌드 단계에서 `ARG %s` 지시문으로 다시 선언하지 않아 BuildKit이 셸의 환경에 넣지 않습니다. `FROM` 다음 줄에 `ARG %s` 지시문을 쓰면 이 단계에서도 쓸 수 있습니다.\n\n%s", r.Name, r.Name, r.Name, place)
		} else {
			fmt.Fprintf(&b, "**`%s`** — 플랫폼 빌드 인수는 전역 범위에만 있어서 이 빌드 단계에서는 빈 값입니다. `FROM` 다음 줄에 `ARG %s`를 쓰면 이 단계에서도 쓸 수 있습니다.", r.Name, r.Name)
		}
		if doc := docs.Arg(r.Name); doc != "" {
			b.WriteString("\n\n---\n\n" + doc)
		}
		return b.String()
	case srcShellLocal:
		fmt.Fprintf(&b, "**`%s`** — 셸 변수\n\n%s\n\n- 값: 같은 명령의 앞부분에서 셸이 정합니다(%d번째 줄 `%s`).\n", r.Name, place, v.shellLine, v.shell)
		if r.Def != nil {
			fmt.Fprintf(&b, "- %d번째 줄의 `%s` 값보다 셸이 정한 값이 먼저입니다.\n", line(m, r.Def.NameSpan), r.Def.Name)
		}
		b.WriteString("\n" + placeLink(r))
		return b.String()
	case srcPath:
		fmt.Fprintf(&b, "**`PATH`** — 셸이 명령을 찾는 디렉터리 목록입니다. 늘 정의되어 있습니다.\n\n%s\n\n", place)
		switch {
		case v.baseHas:
			fmt.Fprintf(&b, "- 베이스 이미지 `%s`에 정의된 값: `%s`\n", v.base, v.baseValue)
		case v.baseKnown && strings.EqualFold(v.baseOS, "windows"):
			b.WriteString("- Windows 이미지에서는 OS가 정한 값을 씁니다.\n")
		case v.baseKnown:
			fmt.Fprintf(&b, "- 베이스 이미지에 없어서 BuildKit이 기본값으로 `%s` 경로를 넣습니다.\n", defaultPath)
		default:
			fmt.Fprintf(&b, "- 베이스 이미지가 정한 값을 씁니다. 베이스 이미지에 없으면 BuildKit이 기본값으로 `%s` 경로를 넣습니다(Windows 이미지 제외).\n", defaultPath)
		}
		b.WriteString("- `ENV PATH=/app/bin:$PATH`처럼 지금 값 앞이나 뒤에 디렉터리를 덧붙여 씁니다. `PATH`를 따로 정의할 필요는 없습니다.\n\n")
		b.WriteString(refEnv)
		return b.String()
	case srcBaseKnown:
		fmt.Fprintf(&b, "**`%s`** — 베이스 이미지의 환경 변수\n\n%s\n\n- 베이스 이미지 `%s`에 정의된 값: `%s`\n- 로컬 엔진의 이미지 설정(`docker image inspect`)에서 읽었습니다. 베이스 이미지의 `ENV`는 이 빌드 단계와 컨테이너로 이어집니다.\n\n%s",
			r.Name, place, v.base, v.baseValue, refEnv)
		return b.String()
	case srcBaseUnknown:
		fmt.Fprintf(&b, "**`%s`** — 이 Dockerfile에는 정의가 없습니다.\n\n%s\n\n", r.Name, place)
		if v.base != "" {
			fmt.Fprintf(&b, "베이스 이미지(`%s`)가 환경 변수로 정의했을 수 있습니다. %s", v.base, v.baseWhy)
		} else {
			fmt.Fprintf(&b, "베이스 이미지가 환경 변수로 정의했을 수 있습니다. %s", v.baseWhy)
		}
		if r.Expansion == dockerfile.ByBuilder && !hasDefault {
			fmt.Fprintf(&b, " 베이스 이미지에도 없으면 BuildKit이 빈 문자열로 바꿉니다. 값이 없을 때 쓸 기본값은 `${%s:-기본값}`처럼 적습니다.", r.Name)
		}
		b.WriteString("\n\n" + placeLink(r))
		return b.String()
	}
	// srcNone
	if r.Expansion == dockerfile.ByShell {
		fmt.Fprintf(&b, "**`%s`** — 이 Dockerfile에는 정의가 없습니다.\n\n%s\n\n", r.Name, place)
		if v.base != "" && v.base != "scratch" {
			fmt.Fprintf(&b, "베이스 이미지 `%s`의 환경 변수에도 없습니다. ", v.base)
		}
		fmt.Fprintf(&b, "셸이 실행하면서 정하는 변수(`%s=…`, `export %s=…`, `for %s in …`, 셸이 스스로 정하는 `PWD` 등)라면 그 값을 씁니다.\n\n%s", r.Name, r.Name, r.Name, placeLink(r))
		return b.String()
	}
	if hasDefault {
		fmt.Fprintf(&b, "**`%s`** — 이 위치에서는 정의되지 않은 변수입니다. BuildKit이 적어 둔 기본값 `%s` 값으로 바꿉니다.\n\n", r.Name, word)
	} else {
		fmt.Fprintf(&b, "**`%s`** — 이 위치에서는 정의되지 않은 변수입니다. BuildKit이 빈 문자열로 바꿉니다.\n\n", r.Name)
	}
	switch {
	case v.base == "scratch":
		b.WriteString("`scratch` 이미지에는 환경 변수가 없습니다. ")
	case v.baseKnown:
		fmt.Fprintf(&b, "베이스 이미지 `%s`의 환경 변수에도 없습니다. ", v.base)
	}
	fmt.Fprintf(&b, "먼저 `ARG %s=<기본값>`이나 `ENV %s=<값>`으로 정의하거나, 값이 없을 때 쓸 기본값을 `${%s:-기본값}`처럼 적습니다.", r.Name, r.Name, r.Name)
	if g := globalArg(m, r.Name); g != nil && r.Instruction != nil && r.Instruction.Stage >= 0 && r.Instruction.Name != "FROM" {
		fmt.Fprintf(&b, " %d번째 줄의 전역 `ARG`는 빌드 단계 안에서 `ARG %s` 지시문으로 다시 선언해야 보입니다.", line(m, g.NameSpan), r.Name)
	}
	b.WriteString("\n\n" + refEnvReplacement)
	return b.String()
}

// modifier is the operator and word of a `${NAME<op>word}` reference
// (`:-`, `-`, `:+`, `+`), or "" for `$NAME`, `${NAME}` and the pattern forms.
func modifier(m *dockerfile.Model, r *dockerfile.VarRef) (op, word string) {
	text := m.Text[r.Span.Start:r.Span.End]
	if !strings.HasPrefix(text, "${") || !strings.HasSuffix(text, "}") || len(text) < len(r.Name)+3 {
		return "", ""
	}
	rest := text[2+len(r.Name) : len(text)-1]
	for _, o := range []string{":-", ":+", "-", "+"} {
		if strings.HasPrefix(rest, o) {
			return o, rest[len(o):]
		}
	}
	return "", ""
}

// modifierText says what `${NAME<op>word}` gives.
func modifierText(name, op, word string) string {
	form := "`${" + name + op + word + "}`"
	if word == "" {
		return ""
	}
	switch op {
	case ":-":
		return form + " 형식이라 값이 없거나 비어 있으면 `" + word + "` 값을 씁니다."
	case "-":
		return form + " 형식이라 값이 없으면 `" + word + "` 값을 씁니다."
	case ":+":
		return form + " 형식이라 값이 있고 비어 있지 않을 때만 `" + word + "` 값을 넣습니다."
	case "+":
		return form + " 형식이라 값이 있을 때만 `" + word + "` 값을 넣습니다."
	}
	return ""
}

// globalArg is the last global ARG named name, or nil.
func globalArg(m *dockerfile.Model, name string) *dockerfile.VarDef {
	var out *dockerfile.VarDef
	for _, d := range m.VarDefs {
		if d.Stage < 0 && d.Name == name {
			out = d
		}
	}
	return out
}

// placeText says who substitutes the variable at r's place, and when.
func placeText(m *dockerfile.Model, r *dockerfile.VarRef) string {
	in := r.Instruction
	name := ""
	if in != nil {
		name = in.Name
	}
	lit := "`$" + r.Name + "` 문자열"
	switch r.Expansion {
	case dockerfile.ByShell:
		switch {
		case r.Heredoc != nil && r.Script:
			if first := heredocFirstLine(m, r.Heredoc); strings.HasPrefix(first, "#!") {
				return fmt.Sprintf("이 히어독 본문은 첫 줄(`%s`)이 정한 셸이 스크립트로 실행합니다. BuildKit은 본문의 변수를 바꾸지 않고, 이 단계를 실행할 때 셸이 바꿉니다.", first)
			}
			return "이 히어독 본문은 셸이 스크립트로 실행합니다. BuildKit은 본문의 변수를 바꾸지 않고, 이 단계를 실행할 때 셸이 바꿉니다."
		case r.Heredoc != nil:
			return "히어독 본문의 변수는 BuildKit이 바꾸지 않습니다. 이 단계를 실행할 때 셸이 본문을 명령에 넘기기 전에 바꿉니다."
		case name == "RUN":
			return "셸 형식 `RUN` 지시문의 변수는 BuildKit이 바꾸지 않습니다. 이 단계를 실행할 때 셸이 바꿉니다."
		case name == "HEALTHCHECK":
			return "`HEALTHCHECK CMD`의 셸 형식 명령은 컨테이너에서 검사할 때마다 셸이 실행합니다. 변수도 그때 셸이 바꿉니다."
		default:
			return fmt.Sprintf("셸 형식 `%s` 지시문의 변수는 BuildKit이 바꾸지 않습니다. 컨테이너를 실행할 때 셸이 바꿉니다.", name)
		}
	case dockerfile.NotExpanded:
		switch {
		case r.Heredoc != nil:
			return fmt.Sprintf("이 히어독 본문은 첫 줄(`%s`)이 정한 프로그램이 실행합니다. BuildKit도 셸도 변수를 바꾸지 않아 %s이 그대로 그 프로그램에 넘어갑니다. `ARG`와 `ENV` 값은 그 프로그램의 환경 변수로 들어갑니다.", heredocFirstLine(m, r.Heredoc), lit)
		case r.Flag != "" && strings.EqualFold(r.Flag, "from"):
			return "`--from` 플래그에는 변수를 쓸 수 없습니다. BuildKit이 빌드를 멈춥니다. 전역 `ARG`를 쓴 `FROM` 줄로 빌드 단계를 만들고 그 이름을 적습니다."
		case r.Flag != "":
			return fmt.Sprintf("BuildKit은 `--%s` 플래그의 값에서 변수를 바꾸지 않고 글자 그대로 읽습니다.", r.Flag)
		case name == "MAINTAINER":
			return "`MAINTAINER` 지시문은 변수를 바꾸지 않고 글자 그대로 기록합니다."
		case name == "SHELL":
			return "`SHELL` 지시문의 JSON 배열에서는 변수를 바꾸지 않습니다. " + lit + "이 그대로 남습니다."
		}
		return fmt.Sprintf("exec 형식(JSON 배열)은 셸을 거치지 않습니다. BuildKit도 셸도 변수를 바꾸지 않아 %s이 그대로 프로그램에 넘어갑니다. 변수가 필요하면 `[\"sh\", \"-c\", \"echo $%s\"]`처럼 셸을 직접 부릅니다.", lit, r.Name)
	case dockerfile.Literal:
		shellPlace := shellInstruction(name)
		switch {
		case r.Heredoc != nil && !shellPlace:
			return "구분자에 따옴표가 있는 히어독(`<<'EOF'`)이라 BuildKit이 본문의 변수를 바꾸지 않습니다. 파일에 " + lit + "이 그대로 들어갑니다."
		case r.Heredoc != nil && !insideSingleQuotes(m, r):
			return "구분자에 따옴표가 있는 히어독(`<<'EOF'`)이라 셸이 본문의 변수를 바꾸지 않고 글자 그대로 명령에 넘깁니다."
		case shellPlace:
			return "작은따옴표 안이라 셸이 바꾸지 않고 " + lit + "을 그대로 명령에 넘깁니다. 이 문자열을 받은 명령이 다시 셸이면(`sh -c '…'`) 그 셸이 실행할 때 바꿉니다."
		}
		return "작은따옴표 안이라 BuildKit이 바꾸지 않습니다. " + lit + "이 그대로 남습니다."
	case dockerfile.Deferred:
		return "`ONBUILD`로 예약한 지시문은 이 이미지를 베이스 이미지로 쓰는 다음 빌드에서 실행됩니다. 변수도 그때 그 빌드의 범위에서 바뀝니다(`RUN`이면 셸이, 다른 지시문이면 BuildKit이 바꿉니다)."
	}
	switch {
	case r.Heredoc != nil:
		return "구분자에 따옴표가 없는 히어독이라 BuildKit이 빌드할 때 본문의 변수를 값으로 바꿉니다. 작은따옴표 안도 바꿉니다."
	case name == "FROM":
		return "`FROM` 줄에서는 BuildKit이 `FROM` 앞의 전역 `ARG`로 변수를 바꿉니다."
	case in != nil && in.Stage < 0:
		return "BuildKit이 `FROM` 앞의 전역 `ARG`로 변수를 바꿉니다."
	}
	return "BuildKit이 빌드할 때 이 자리의 변수를 값으로 바꿉니다."
}

// placeLink is the reference section about who substitutes variables at r's place.
func placeLink(r *dockerfile.VarRef) string {
	switch {
	case r.Expansion == dockerfile.Deferred:
		return refOnbuild
	case r.Heredoc != nil:
		return refHeredoc
	case r.Expansion == dockerfile.ByShell || (r.Expansion == dockerfile.NotExpanded && r.Flag == ""):
		return refShellForm
	case r.Expansion == dockerfile.Literal && r.Instruction != nil && shellInstruction(r.Instruction.Name):
		return refShellForm
	}
	return refEnvReplacement
}

// shellInstruction reports whether an instruction's shell form runs in a shell.
func shellInstruction(name string) bool {
	return name == "RUN" || name == "CMD" || name == "ENTRYPOINT" || name == "HEALTHCHECK"
}

// insideSingleQuotes reports whether a Literal reference in a shell heredoc
// body is literal because of single quotes rather than a quoted delimiter.
func insideSingleQuotes(m *dockerfile.Model, r *dockerfile.VarRef) bool {
	in := r.Instruction
	if in == nil || in.Node == nil {
		return false
	}
	for k, h := range m.Heredocs(in) {
		if h.FirstBodyLine == r.Heredoc.FirstBodyLine && k < len(in.Node.Heredocs) {
			return in.Node.Heredocs[k].Expand || r.Script
		}
	}
	return false
}

// heredocFirstLine is the first line of a heredoc body, trimmed.
func heredocFirstLine(m *dockerfile.Model, h *dockerfile.Heredoc) string {
	if h.FirstBodyLine >= h.TerminatorLine {
		return ""
	}
	return strings.TrimSpace(m.Mapper.Line(h.FirstBodyLine))
}

func kindText(k dockerfile.VarKind) string {
	switch k {
	case dockerfile.Env:
		return "환경 변수(`ENV`) · 이미지와 컨테이너에 남습니다"
	case dockerfile.Predefined:
		return "미리 정의된 빌드 인수"
	default:
		return "빌드 인수(`ARG`) · 빌드하는 동안에만 있습니다"
	}
}

func variableDef(m *dockerfile.Model, d *dockerfile.VarDef) string {
	return definition(m, d.Name, d, nil)
}

// definition describes an ARG or ENV definition; v, when not nil, is the
// reference being hovered, whose place adds what the value means there.
func definition(m *dockerfile.Model, name string, d *dockerfile.VarDef, v *varInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`** — %s\n\n", name, kindText(d.Kind))
	var r *dockerfile.VarRef
	if v != nil {
		r = v.ref
		b.WriteString(v.place + "\n\n")
	}
	switch {
	case len(d.Unresolved) > 0:
		fmt.Fprintf(&b, "- 값: `%s`", d.Raw)
		for _, n := range d.Unresolved {
			if n == "PATH" {
				b.WriteString(" · `$PATH` 부분은 빌드할 때 베이스 이미지의 `PATH` 값으로 바뀝니다(없으면 BuildKit의 기본값).")
			} else {
				fmt.Fprintf(&b, " · `$%s` 부분은 이 Dockerfile에 정의가 없어 베이스 이미지의 환경 변수 값으로 바뀝니다(없으면 그 부분은 비게 됩니다).", n)
			}
		}
		b.WriteString("\n")
	case d.HasValue || d.Global != nil:
		fmt.Fprintf(&b, "- 값: `%s`", d.Value)
		if d.Raw != d.Value {
			fmt.Fprintf(&b, " (쓴 그대로: `%s`)", d.Raw)
		}
		b.WriteString("\n")
	case dockerfile.PredefinedArgs[name]:
		// A platform ARG declared without a value takes BuildKit's own value.
		fmt.Fprintf(&b, "- 값: BuildKit이 자동으로 채웁니다. %s\n", platformArgValue(name))
	case v != nil && v.baseHas:
		fmt.Fprintf(&b, "- 값: 기본값이 없습니다. `docker build --build-arg %s=<값>`으로 넘기지 않으면 베이스 이미지 `%s`에 정의된 값(`%s`)을 그대로 씁니다.\n", name, v.base, v.baseValue)
	case r != nil && r.Expansion == dockerfile.ByShell:
		fmt.Fprintf(&b, "- 값: 기본값이 없습니다. `docker build --build-arg %s=<값>`으로 넘긴 값이 셸의 환경에 들어갑니다. 넘기지 않으면 BuildKit이 이 변수를 환경에 넣지 않습니다.\n", name)
	case v != nil && !v.baseKnown && v.base != "scratch":
		fmt.Fprintf(&b, "- 값: 기본값이 없습니다. `docker build --build-arg %s=<값>`으로 넘기지 않으면 베이스 이미지의 같은 환경 변수 값을, 그것도 없으면 빈 문자열을 씁니다.\n", name)
	default:
		b.WriteString("- 값: 기본값이 없습니다. `docker build --build-arg " + name + "=<값>`으로 넘기지 않으면 빈 문자열입니다.\n")
	}
	fmt.Fprintf(&b, "- 정의: %d번째 줄 `%s`\n", line(m, d.NameSpan), strings.TrimSpace(m.Mapper.Line(m.Mapper.Position(d.NameSpan.Start).Line)))
	switch {
	case v != nil && v.source == srcInherited:
		if st := m.Stages[d.Stage]; st.Name != "" {
			fmt.Fprintf(&b, "- 빌드 단계 `%s`에서 이어받았습니다. `FROM %s` 줄로 시작한 빌드 단계는 그 단계의 `ARG`와 `ENV`를 그대로 봅니다.\n", st.Name, st.Name)
		}
	case d.Global != nil:
		fmt.Fprintf(&b, "- %d번째 줄의 전역 `ARG`를 이 빌드 단계에서 다시 선언했습니다.\n", line(m, d.Global.NameSpan))
	case d.Stage < 0:
		b.WriteString("- `FROM` 앞의 전역 `ARG`입니다. `FROM` 줄에서 쓸 수 있고, 빌드 단계 안에서는 다시 선언해야 합니다.\n")
	}
	if r != nil && r.Expansion == dockerfile.ByShell && r.Instruction != nil && r.Instruction.Name != "RUN" {
		if d.Kind == dockerfile.Env {
			b.WriteString("- `ENV` 값은 컨테이너의 환경 변수로 남아 실행할 때의 셸도 봅니다.\n")
		} else {
			fmt.Fprintf(&b, "- `ARG`는 빌드하는 동안에만 있어서 컨테이너를 실행할 때의 셸은 이 값을 보지 못합니다. 컨테이너에서도 쓰려면 `ENV %s=$%s` 지시문으로 값을 옮깁니다.\n", name, name)
		}
	} else if r != nil && r.Expansion == dockerfile.ByShell {
		b.WriteString("- 이 값은 셸의 환경 변수로 들어갑니다.\n")
	}
	ref := refArg
	if d.Kind == dockerfile.Env {
		ref = refEnv
	}
	if r != nil {
		ref += " · " + placeLink(r) // who substitutes here, and the Korean page about it
	}
	b.WriteString("\n" + ref)
	return b.String()
}

// shellAssignment finds where the shell text before r sets r's variable
// itself: `NAME=…` (also after export, local, readonly, declare), a
// `for NAME in` loop, `read … NAME` or `getopts … NAME`. It returns the
// assignment's text and its line (1-based).
func shellAssignment(m *dockerfile.Model, r *dockerfile.VarRef) (string, int, bool) {
	in := r.Instruction
	if in == nil {
		return "", 0, false
	}
	// The command line and what precedes r; a heredoc run as a script
	// starts afresh at its body.
	start := in.KeywordSpan.End
	if r.Heredoc != nil && r.Script {
		start = m.Mapper.LineStart(r.Heredoc.FirstBodyLine)
	}
	if start > r.Span.Start {
		return "", 0, false
	}
	text := m.Text[start:r.Span.Start]
	n := regexp.QuoteMeta(r.Name)
	re := regexp.MustCompile(`(?:^|[\s;&|({` + "`" + `])(?:(?:export|local|readonly|declare|typeset)\s+(?:-\w+\s+)*)?(` + n + `=(?:"[^"]*"|'[^']*'|[^\s;&|)"'])*)` +
		`|\b(for\s+` + n + `)\b` +
		`|\b(read\b[^;&|\n]*\s` + n + `)\b` +
		`|\b(getopts\s+\S+\s+` + n + `)\b`)
	locs := re.FindAllStringSubmatchIndex(text, -1)
	if len(locs) == 0 {
		return "", 0, false
	}
	loc := locs[len(locs)-1]
	for g := 1; g*2+1 < len(loc); g++ {
		if loc[g*2] >= 0 {
			s := text[loc[g*2]:loc[g*2+1]]
			s = strings.Join(strings.Fields(strings.ReplaceAll(s, "`", "'")), " ")
			if rs := []rune(s); len(rs) > 60 {
				s = string(rs[:60]) + "…"
			}
			if strings.HasPrefix(s, "for") {
				s += " in …"
			}
			return s, line(m, dockerfile.Span{Start: start + loc[g*2]}), true
		}
	}
	return "", 0, false
}

// platformArgValue says what BuildKit puts in an automatic platform ARG
// (https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope).
func platformArgValue(name string) string {
	target := strings.HasPrefix(name, "TARGET")
	which := "빌드 결과물의 대상 플랫폼(`--platform`으로 정하고, 주지 않으면 빌드하는 엔진의 플랫폼)"
	if !target {
		which = "빌드를 실행하는 엔진의 플랫폼"
	}
	switch strings.TrimPrefix(strings.TrimPrefix(name, "TARGET"), "BUILD") {
	case "PLATFORM":
		return which + "을 `linux/amd64` 같은 형식으로 넣습니다."
	case "OS":
		return which + "의 OS를 `linux` 같은 형식으로 넣습니다."
	case "ARCH":
		return which + "의 아키텍처를 `amd64`, `arm64` 같은 형식으로 넣습니다."
	}
	return which + "의 변형을 `v7` 같은 형식으로 넣습니다(변형이 없는 플랫폼에서는 비어 있습니다)."
}

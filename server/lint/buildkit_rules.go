package lint

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
)

// buildkitRules are the catalogue's entries for BuildKit's build checks, in
// BuildKit's order, each with where its finding goes (BuildKit places them
// on whole lines), its quick fix, and whether it judges a line by others. Their Format functions write the
// English messages the Korean ones take their details from.
func buildkitRules() []Rule {
	return []Rule{
		fromBuildKit(linter.RuleStageNameCasing, stageNameSpan, stageNameFix),
		fromBuildKit(linter.RuleFromAsCasing, asSpan, asCasingFix),
		fromBuildKit(linter.RuleNoEmptyContinuation, nil, emptyLineFix),
		fromBuildKit(linter.RuleConsistentInstructionCasing, keywordSpan, instructionCasingFix),
		fromBuildKit(linter.RuleDuplicateStageName, stageNameSpan, nil),
		fromBuildKit(linter.RuleReservedStageName, stageNameSpan, nil),
		fromBuildKit(linter.RuleJSONArgsRecommended, argsSpan, execFormFix).seesOtherLines(),
		fromBuildKit(linter.RuleMaintainerDeprecated, keywordSpan, maintainerFix),
		fromBuildKit(linter.RuleUndefinedArgInFrom, baseSpan, variableNameFix).seesOtherLines(),
		fromBuildKit(linter.RuleWorkdirRelativePath, firstArgWordSpan, absolutePathFix).seesOtherLines(),
		fromBuildKit(linter.RuleUndefinedVar, varRefSpan, variableNameFix).seesOtherLines(),
		fromBuildKit(linter.RuleMultipleInstructionsDisallowed, keywordSpan, removeInstructionFix).seesOtherLines(),
		fromBuildKit(linter.RuleLegacyKeyValueFormat, argsSpan, keyValueFix),
		fromBuildKit(linter.RuleInvalidBaseImagePlatform, baseSpan, nil).seesOtherLines(),
		fromBuildKit(linter.RuleRedundantTargetPlatform, platformSpan, removePlatformFix(true)).seesOtherLines(),
		fromBuildKit(linter.RuleSecretsUsedInArgOrEnv, varDefSpan, nil),
		fromBuildKit(linter.RuleInvalidDefaultArgInFrom, baseSpan, nil).seesOtherLines(),
		fromBuildKit(linter.RuleFromPlatformFlagConstDisallowed, platformSpan, removePlatformFix(false)).seesOtherLines(),
		fromBuildKit(linter.RuleCopyIgnoredFile, nil, nil),
		fromBuildKit(linter.RuleInvalidDefinitionDescription, nil, nil),
		fromBuildKit(linter.RuleExposeProtoCasing, firstArgWordSpan, protoCasingFix).seesOtherLines(),
		fromBuildKit(linter.RuleExposeInvalidFormat, firstArgWordSpan, containerPortFix).seesOtherLines(),
	}
}

// spanFunc narrows a BuildKit finding on instruction in to the word it is
// about; false leaves it on the line.
type spanFunc func(m *dockerfile.Model, in *dockerfile.Instruction, args []string) (dockerfile.Span, bool)

// fixFunc is a rule's own quick fix for finding f.
type fixFunc func(m *dockerfile.Model, f Finding) (Fix, bool)

// fromBuildKit is the catalogue entry of a BuildKit rule.
func fromBuildKit[F any](r linter.LinterRule[F], span spanFunc, fix fixFunc) Rule {
	return Rule{Name: r.Name, Source: BuildKit, Severity: Warning, Experimental: r.Experimental,
		Href: r.URL, format: r.Format, span: span, fix: fix}
}

// seesOtherLines marks r as a rule whose verdict on a line depends on
// other lines (see Rule.readsOtherLines).
func (r Rule) seesOtherLines() Rule {
	r.readsOtherLines = true
	return r
}

// exactSpan narrows a BuildKit finding, which BuildKit places on whole
// lines, to the word it is about: the stage name, the `AS` keyword, the
// `--platform` flag, the variable, the port. args are the rule's Format
// arguments; when nothing more exact is found the line span stays.
func exactSpan(m *dockerfile.Model, name string, args []string, line dockerfile.Span) dockerfile.Span {
	in := m.InstructionAt(line.Start)
	r := rule(name)
	if in == nil || r.span == nil {
		return line
	}
	if s, ok := r.span(m, in, args); ok {
		return s
	}
	return line
}

// argAt is the i-th of args, or "".
func argAt(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return ""
}

// stageNameSpan is the name after `FROM image AS`.
func stageNameSpan(_ *dockerfile.Model, in *dockerfile.Instruction, _ []string) (dockerfile.Span, bool) {
	if len(in.Args) >= 3 {
		return in.Args[2].Span, true
	}
	return dockerfile.Span{}, false
}

// asSpan is the `AS` keyword of a FROM.
func asSpan(_ *dockerfile.Model, in *dockerfile.Instruction, _ []string) (dockerfile.Span, bool) {
	if len(in.Args) >= 2 && strings.EqualFold(in.Args[1].Value, "as") {
		return in.Args[1].Span, true
	}
	return dockerfile.Span{}, false
}

// platformSpan is FROM's `--platform` flag.
func platformSpan(_ *dockerfile.Model, in *dockerfile.Instruction, _ []string) (dockerfile.Span, bool) {
	for _, f := range in.Flags {
		if strings.EqualFold(f.Name, "platform") {
			return f.Span, true
		}
	}
	return dockerfile.Span{}, false
}

// baseSpan is the base image of a stage's FROM.
func baseSpan(m *dockerfile.Model, in *dockerfile.Instruction, _ []string) (dockerfile.Span, bool) {
	if in.Stage >= 0 && in.Stage < len(m.Stages) && m.Stages[in.Stage].From == in {
		return m.Stages[in.Stage].BaseSpan, true
	}
	return dockerfile.Span{}, false
}

// varRefSpan is the use of the variable args[0] names.
func varRefSpan(m *dockerfile.Model, in *dockerfile.Instruction, args []string) (dockerfile.Span, bool) {
	for _, r := range m.VarRefs {
		if r.Instruction == in && r.Name == argAt(args, 0) {
			return r.Span, true
		}
	}
	return dockerfile.Span{}, false
}

// varDefSpan is the definition of the variable args[1] names.
func varDefSpan(m *dockerfile.Model, in *dockerfile.Instruction, args []string) (dockerfile.Span, bool) {
	for _, d := range m.VarDefs {
		if d.Instruction == in && d.Name == argAt(args, 1) {
			return d.NameSpan, true
		}
	}
	return dockerfile.Span{}, false
}

// firstArgWordSpan is the argument of the instruction that args[0] quotes.
func firstArgWordSpan(_ *dockerfile.Model, in *dockerfile.Instruction, args []string) (dockerfile.Span, bool) {
	for _, a := range in.Args {
		if a.Value == argAt(args, 0) {
			return a.Span, true
		}
	}
	return dockerfile.Span{}, false
}

// argsSpan is all of the instruction's arguments (its keyword when it has none).
func argsSpan(_ *dockerfile.Model, in *dockerfile.Instruction, _ []string) (dockerfile.Span, bool) {
	if len(in.Args) == 0 {
		return in.KeywordSpan, true
	}
	return dockerfile.Span{Start: in.Args[0].Span.Start, End: in.Args[len(in.Args)-1].Span.End}, true
}

// keywordSpan is the instruction's keyword.
func keywordSpan(_ *dockerfile.Model, in *dockerfile.Instruction, _ []string) (dockerfile.Span, bool) {
	return in.KeywordSpan, true
}

// instructionCasingFix writes the keyword in the case of most of the file.
func instructionCasingFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if in == nil {
		return Fix{}, false
	}
	want := strings.ToUpper(in.Keyword)
	if f.arg(1) == "lowercase" {
		want = strings.ToLower(in.Keyword)
	}
	if want == in.Keyword {
		return Fix{}, false
	}
	return replace("`"+in.Keyword+"` 지시문을 "+letterCase(want)+"로 바꾸기", true, in.KeywordSpan, want)
}

// asCasingFix writes `AS` in the case of its FROM.
func asCasingFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	text := m.Text[f.Span.Start:f.Span.End]
	if in == nil {
		return Fix{}, false
	}
	want := sameCase("as", in.Keyword)
	if want == text {
		return Fix{}, false
	}
	return replace("`"+text+"` 키워드를 "+letterCase(want)+"로 바꾸기", true, f.Span, want)
}

// stageNameFix lower-cases a stage name and every use of it: later FROMs,
// `COPY --from=` and `RUN --mount=from=`.
func stageNameFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	var st *dockerfile.Stage
	for _, s := range m.Stages {
		if s.NameSpan == f.Span {
			st = s
		}
	}
	if st == nil {
		return Fix{}, false
	}
	low := strings.ToLower(m.Text[f.Span.Start:f.Span.End])
	fix := Fix{Title: "빌드 단계 이름을 소문자로 바꾸기(`" + low + "`)", Preferred: true}
	add := func(span dockerfile.Span) {
		if m.Text[span.Start:span.End] != low {
			fix.Edits = append(fix.Edits, Edit{Span: span, NewText: low})
		}
	}
	add(st.NameSpan)
	for _, other := range m.Stages {
		if other.Base != "" && m.StageByName(other.Base, other.From.Span.Start) == st {
			add(other.BaseSpan)
		}
	}
	for _, in := range m.Instructions {
		for _, fl := range in.Flags {
			switch {
			case strings.EqualFold(fl.Name, "from") && m.StageByName(fl.Value, in.Span.Start) == st:
				add(fl.ValueSpan)
			case strings.EqualFold(fl.Name, "mount"):
				for _, o := range fl.Options() {
					if strings.EqualFold(o.Key, "from") && m.StageByName(o.Value, in.Span.Start) == st {
						add(o.ValueSpan)
					}
				}
			}
		}
	}
	return fix, len(fix.Edits) > 0
}

// maintainerFix rewrites `MAINTAINER x` as
// `LABEL org.opencontainers.image.authors="x"`.
func maintainerFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if in == nil || len(in.Args) == 0 {
		return Fix{}, false
	}
	var vals []string
	for _, a := range in.Args {
		vals = append(vals, a.Value)
	}
	esc := string(m.Escape)
	val := strings.ReplaceAll(strings.Join(vals, " "), esc, esc+esc)
	val = strings.NewReplacer(`"`, esc+`"`, "$", esc+"$").Replace(val)
	label := sameCase("LABEL", in.Keyword) + ` org.opencontainers.image.authors="` + val + `"`
	return replace("`LABEL org.opencontainers.image.authors` 지시문으로 바꾸기", true, dockerfile.Span{Start: in.KeywordSpan.Start, End: in.Span.End}, label)
}

// keyValueFix rewrites the legacy `ENV key value` as `ENV key=value`,
// quoting a value with spaces; values whose quotes or escapes could change
// meaning get no fix.
func keyValueFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if in == nil || len(in.Args) < 2 || strings.Contains(in.Args[0].Value, "=") {
		return Fix{}, false
	}
	key, first, last := in.Args[0], in.Args[1], in.Args[len(in.Args)-1]
	value := m.Text[first.Span.Start:last.Span.End]
	if strings.ContainsAny(value, "\r\n") {
		return Fix{}, false
	}
	title := "`" + key.Value + "=<값>` 형식으로 바꾸기"
	gap := dockerfile.Span{Start: key.Span.End, End: first.Span.Start}
	quoted := len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' && strings.Count(value, `"`) == 2
	switch {
	case len(in.Args) == 2 || quoted:
		return replace(title, true, gap, "=")
	case !strings.ContainsAny(value, `"'`+string(m.Escape)):
		return Fix{Title: title, Preferred: true, Edits: []Edit{
			{Span: gap, NewText: `="`},
			{Span: dockerfile.Span{Start: last.Span.End, End: last.Span.End}, NewText: `"`},
		}}, true
	}
	return Fix{}, false
}

// execFormFix rewrites a shell-form CMD or ENTRYPOINT in exec form when the
// shell would do nothing but split words: no operator, variable, quote,
// escape, glob or redirection.
func execFormFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if in == nil || len(in.Args) == 0 || isJSONForm(in) {
		return Fix{}, false
	}
	var quoted []string
	for _, a := range in.Args {
		if strings.ContainsAny(a.Value, "$`\"'\\;&|<>()*?[]~#{}!"+string(m.Escape)) || isAssignment(a.Value) {
			return Fix{}, false
		}
		quoted = append(quoted, `"`+a.Value+`"`)
	}
	exec := "[" + strings.Join(quoted, ", ") + "]"
	return replace("`"+exec+"` exec 형식으로 바꾸기", true,
		dockerfile.Span{Start: in.Args[0].Span.Start, End: in.Args[len(in.Args)-1].Span.End}, exec)
}

// emptyLineFix removes every blank line inside a continued instruction
// (before any heredoc body); BuildKit reports only one of them.
func emptyLineFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if in == nil || len(in.Args) == 0 {
		return Fix{}, false
	}
	fix := Fix{Title: "빈 줄 지우기", Preferred: true}
	last := m.Mapper.Position(in.Args[len(in.Args)-1].Span.Start).Line
	for l := in.StartLine + 1; l < last; l++ {
		if strings.TrimSpace(m.Mapper.Line(l)) != "" {
			continue
		}
		first := l
		for l+1 < last && strings.TrimSpace(m.Mapper.Line(l+1)) == "" {
			l++
		}
		fix.Edits = append(fix.Edits, Edit{Span: dockerfile.Span{Start: m.Mapper.LineStart(first), End: m.Mapper.LineStart(l + 1)}})
	}
	return fix, len(fix.Edits) > 0
}

// removePlatformFix deletes FROM's `--platform` flag; preferred when the
// flag only repeats the default.
func removePlatformFix(preferred bool) fixFunc {
	return func(m *dockerfile.Model, f Finding) (Fix, bool) {
		end := f.Span.End
		for end < len(m.Text) && (m.Text[end] == ' ' || m.Text[end] == '\t') {
			end++
		}
		return replace("`"+m.Text[f.Span.Start:f.Span.End]+"` 지우기", preferred, dockerfile.Span{Start: f.Span.Start, End: end}, "")
	}
}

// absolutePathFix puts a `/` before a relative WORKDIR without variables.
func absolutePathFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	text := m.Text[f.Span.Start:f.Span.End]
	if strings.Contains(text, "$") {
		return Fix{}, false
	}
	at, path := f.Span.Start, text
	if strings.HasPrefix(text, `"`) || strings.HasPrefix(text, "'") {
		at, path = at+1, strings.Trim(text, `"'`)
	}
	return insert("`/"+path+"` 절대 경로로 바꾸기", at, "/")
}

// variableNameFix renames an undefined variable to the defined one
// BuildKit suggests.
func variableNameFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	s := f.arg(1)
	if s == "" {
		return Fix{}, false
	}
	in := m.InstructionAt(f.Span.Start)
	for _, r := range m.VarRefs {
		if r.Instruction == in && r.Name == f.arg(0) && f.Span.Contains(r.NameSpan.Start) {
			return replace("`"+s+"` 변수로 바꾸기", true, r.NameSpan, s)
		}
	}
	return Fix{}, false
}

// protoCasingFix lower-cases EXPOSE's protocol.
func protoCasingFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	text := m.Text[f.Span.Start:f.Span.End]
	if low := strings.ToLower(text); low != text {
		return replace("`"+text+"`의 프로토콜을 소문자로 바꾸기", true, f.Span, low)
	}
	return Fix{}, false
}

// containerPortFix keeps only the container port of `EXPOSE ip:host:container`.
func containerPortFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	text := m.Text[f.Span.Start:f.Span.End]
	if i := strings.LastIndexByte(text, ':'); i >= 0 && i+1 < len(text) {
		return replace("컨테이너 포트 `"+text[i+1:]+"`만 남기기", true, f.Span, text[i+1:])
	}
	return Fix{}, false
}

// removeInstructionFix deletes an instruction that a later one of the same
// kind overrides (not preferred: which one to keep is the learner's call).
func removeInstructionFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if in == nil {
		return Fix{}, false
	}
	end := m.Mapper.LineStart(in.EndLine + 1)
	if in.EndLine+1 >= m.Mapper.LineCount() {
		end = len(m.Text)
	}
	return replace("이 `"+in.Keyword+"` 지우기", false, dockerfile.Span{Start: m.Mapper.LineStart(in.StartLine), End: end}, "")
}

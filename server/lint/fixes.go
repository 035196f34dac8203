package lint

import (
	"strings"
	"unicode"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Fix is one quick fix: a Korean title for the editor's light bulb and the
// edits that make it.
type Fix struct {
	Title string
	// Preferred marks the obvious fix, the one "auto fix" applies.
	Preferred bool
	Edits     []Edit
}

// Edit replaces Span of the text with NewText. The edits of one fix never
// overlap.
type Edit struct {
	Span    dockerfile.Span
	NewText string
}

// Fixes returns the quick fixes for finding f of m: the rule's own fix when
// there is a safe one, then "ignore this rule on this line / in this file".
// Every fix makes the finding go away at that place, so applying it and
// checking again never offers it twice.
func Fixes(m *dockerfile.Model, f Finding) []Fix {
	var out []Fix
	if fx, ok := ruleFix(m, f); ok {
		out = append(out, fx)
	}
	if f.Code == "AptUpdateAlone" {
		if fx, ok := mergeWithNextRun(m, f); ok {
			out = append(out, fx)
		}
	}
	if suppressible(f.Code) {
		if fx, ok := ignoreHereFix(m, f); ok {
			out = append(out, fx)
		}
		if fx, ok := ignoreFileFix(m, f); ok {
			out = append(out, fx)
		}
	}
	return out
}

// replace is a fix of one edit.
func replace(title string, preferred bool, span dockerfile.Span, text string) (Fix, bool) {
	return Fix{Title: title, Preferred: preferred, Edits: []Edit{{Span: span, NewText: text}}}, true
}

// insert is a fix that inserts text at offset.
func insert(title string, at int, text string) (Fix, bool) {
	return replace(title, true, dockerfile.Span{Start: at, End: at}, text)
}

// arg is the i-th detail of a finding, or "".
func (f Finding) arg(i int) string {
	if i < len(f.args) {
		return f.args[i]
	}
	return ""
}

// sameCase writes word in the case of like: lower case when like has no
// upper-case letter, upper case otherwise.
func sameCase(word, like string) string {
	if strings.ToLower(like) == like {
		return strings.ToLower(word)
	}
	return strings.ToUpper(word)
}

// letterCase names the case of word for a fix title: 대문자 when it has
// an upper-case letter, 소문자 otherwise (as sameCase writes it).
func letterCase(word string) string {
	if strings.ToLower(word) == word {
		return "소문자"
	}
	return "대문자"
}

// ruleFix is the fix of f's own rule, if it has a safe one.
func ruleFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	text := m.Text[f.Span.Start:f.Span.End]
	switch f.Code {
	case "UnknownInstruction":
		if s := f.arg(1); s != "" && in != nil {
			s = sameCase(s, in.Keyword)
			return replace("`"+s+"` 지시문으로 바꾸기", true, in.KeywordSpan, s)
		}
	case "UnknownFlag":
		if s := f.arg(2); s != "" {
			return replace("`--"+s+"` 플래그로 바꾸기", true, f.Span, "--"+s)
		}
	case "ConsistentInstructionCasing":
		if in != nil {
			want := strings.ToUpper(in.Keyword)
			if f.arg(1) == "lowercase" {
				want = strings.ToLower(in.Keyword)
			}
			if want != in.Keyword {
				return replace("`"+in.Keyword+"` 지시문을 "+letterCase(want)+"로 바꾸기", true, in.KeywordSpan, want)
			}
		}
	case "FromAsCasing":
		if in != nil {
			want := sameCase("as", in.Keyword)
			if want != text {
				return replace("`"+text+"` 키워드를 "+letterCase(want)+"로 바꾸기", true, f.Span, want)
			}
		}
	case "StageNameCasing":
		return stageNameFix(m, f)
	case "MaintainerDeprecated":
		return maintainerFix(m, in)
	case "LegacyKeyValueFormat":
		return keyValueFix(m, in)
	case "JSONArgsRecommended":
		return execFormFix(m, in)
	case "CopyInsteadOfAdd":
		if in != nil {
			s := sameCase("COPY", in.Keyword)
			return replace("`"+s+"` 지시문으로 바꾸기", true, in.KeywordSpan, s)
		}
	case "AptGetInstallYes":
		return insert("`-y` 붙이기", f.Span.End, " -y")
	case "AptNoInstallRecommends":
		fx, ok := insert("`--no-install-recommends` 붙이기", afterYes(m.Text, f.Span.End), " --no-install-recommends")
		if f.arg(0) == "" {
			return fx, ok
		}
		// curl, wget or git without their recommended ca-certificates
		// could no longer check HTTPS servers: add it to the packages.
		if last, found := lastOperand(m, in, f); found && last.Span.End > fx.Edits[0].Span.Start {
			fx.Title = "`--no-install-recommends` 붙이고 `ca-certificates` 패키지 적기"
			fx.Edits = append(fx.Edits, Edit{Span: dockerfile.Span{Start: last.Span.End, End: last.Span.End}, NewText: " ca-certificates"})
			return fx, true
		}
		return Fix{}, false
	case "ApkNoCache":
		return insert("`--no-cache` 붙이기", f.Span.End, " --no-cache")
	case "PipNoCacheDir":
		return insert("`--no-cache-dir` 붙이기", f.Span.End, " --no-cache-dir")
	case "AptCleanLists":
		if r, ok := shellRun(m, in); ok && !r.heredoc && !r.comment && r.last != ';' && r.last != '&' {
			return insert("`&& rm -rf /var/lib/apt/lists/*` 붙이기", r.cmdEnd, " && rm -rf /var/lib/apt/lists/*")
		}
	case "NoSudo":
		if in == nil || !rootUser(runUser(m, in)) {
			break // a user other than root needs its sudo until the RUN moves before USER
		}
		end := f.Span.End
		for end < len(m.Text) && (m.Text[end] == ' ' || m.Text[end] == '\t') {
			end++
		}
		if end > f.Span.End && end < len(m.Text) && m.Text[end] != '-' && m.Text[end] != '\n' && m.Text[end] != '\r' {
			return replace("`sudo` 지우기", true, dockerfile.Span{Start: f.Span.Start, End: end}, "")
		}
	case "NpmCiInsteadOfInstall":
		if i := strings.LastIndexAny(text, " \t"); i >= 0 {
			return replace("`npm ci` 명령으로 바꾸기", true, dockerfile.Span{Start: f.Span.Start + i + 1, End: f.Span.End}, "ci")
		}
	case "PipefailForPipes":
		if r, ok := shellRun(m, in); ok && pipefailFixable(m, r) {
			return insert("`set -o pipefail &&` 붙이기", r.cmdStart, "set -o pipefail && ")
		}
	case "WorkdirInsteadOfCd":
		return workdirFix(m, in, f)
	case "ConsecutiveRuns":
		if in != nil && in.Stage >= 0 {
			if prev := previousInStage(m, in); prev != nil {
				if fx, ok := mergeRuns(m, prev, in); ok {
					fx.Title = "앞의 `RUN`과 합치기"
					return fx, true
				}
			}
		}
	case "NoEmptyContinuation":
		return emptyLineFix(m, in)
	case "RedundantTargetPlatform", "FromPlatformFlagConstDisallowed":
		end := f.Span.End
		for end < len(m.Text) && (m.Text[end] == ' ' || m.Text[end] == '\t') {
			end++
		}
		return replace("`"+text+"` 지우기", f.Code == "RedundantTargetPlatform", dockerfile.Span{Start: f.Span.Start, End: end}, "")
	case "WorkdirRelativePath":
		if strings.Contains(text, "$") {
			break
		}
		at, path := f.Span.Start, text
		if strings.HasPrefix(text, `"`) || strings.HasPrefix(text, "'") {
			at, path = at+1, strings.Trim(text, `"'`)
		}
		return insert("`/"+path+"` 절대 경로로 바꾸기", at, "/")
	case "UndefinedVar", "UndefinedArgInFrom":
		if s := f.arg(1); s != "" {
			for _, r := range m.VarRefs {
				if r.Instruction == in && r.Name == f.arg(0) && f.Span.Contains(r.NameSpan.Start) {
					return replace("`"+s+"` 변수로 바꾸기", true, r.NameSpan, s)
				}
			}
		}
	case "ExposeProtoCasing":
		if low := strings.ToLower(text); low != text {
			return replace("`"+text+"`의 프로토콜을 소문자로 바꾸기", true, f.Span, low)
		}
	case "ExposeInvalidFormat":
		if i := strings.LastIndexByte(text, ':'); i >= 0 && i+1 < len(text) {
			return replace("컨테이너 포트 `"+text[i+1:]+"`만 남기기", true, f.Span, text[i+1:])
		}
	case "MultipleInstructionsDisallowed":
		if in != nil {
			end := m.Mapper.LineStart(in.EndLine + 1)
			if in.EndLine+1 >= m.Mapper.LineCount() {
				end = len(m.Text)
			}
			return replace("이 `"+in.Keyword+"` 지우기", false, dockerfile.Span{Start: m.Mapper.LineStart(in.StartLine), End: end}, "")
		}
	case "CopySourceMissing":
		if s := f.arg(1); s != "" {
			return replace("`"+s+"` 경로로 바꾸기", true, f.Span, s)
		}
	}
	return Fix{}, false
}

// lastOperand is the last package name of the apt-get install call a
// finding marks.
func lastOperand(m *dockerfile.Model, in *dockerfile.Instruction, f Finding) (shellWord, bool) {
	r, ok := shellRun(m, in)
	if !ok {
		return shellWord{}, false
	}
	for _, c := range calls(r, []string{"apt-get"}, aptGetArgOpts) {
		if c.span() == f.Span && len(c.operands) > 0 {
			return c.operands[len(c.operands)-1], true
		}
	}
	return shellWord{}, false
}

// afterYes skips the -y style options right after offset, so
// --no-install-recommends lands after them: `install -y --no-install-recommends`.
func afterYes(text string, at int) int {
	for {
		i := at
		for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		j := i
		for j < len(text) && !unicode.IsSpace(rune(text[j])) {
			j++
		}
		switch text[i:j] {
		case "-y", "--yes", "--assume-yes", "-qq", "-qy", "-yq", "-qqy", "-yqq", "-q":
			at = j
		default:
			return at
		}
	}
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
func maintainerFix(m *dockerfile.Model, in *dockerfile.Instruction) (Fix, bool) {
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
func keyValueFix(m *dockerfile.Model, in *dockerfile.Instruction) (Fix, bool) {
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
func execFormFix(m *dockerfile.Model, in *dockerfile.Instruction) (Fix, bool) {
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

// workdirFix turns `RUN cd /dir && cmd` into `WORKDIR /dir` and `RUN cmd`,
// and `RUN cd /dir` alone into `WORKDIR /dir`. Only for an absolute,
// literal folder as the RUN's first command.
func workdirFix(m *dockerfile.Model, in *dockerfile.Instruction, f Finding) (Fix, bool) {
	r, ok := shellRun(m, in)
	if !ok || r.heredoc || len(r.cmds) == 0 {
		return Fix{}, false
	}
	c := r.cmds[0]
	if len(c.Words) != 2 || c.Words[0].Span.Start != f.Span.Start || c.Words[0].Span.Start != r.cmdStart {
		return Fix{}, false
	}
	dir := c.Words[1].Raw
	if !strings.HasPrefix(dir, "/") || strings.ContainsAny(dir, "$`\"'\\ ") {
		return Fix{}, false
	}
	workdir := sameCase("WORKDIR", in.Keyword) + " " + dir
	title := "`WORKDIR " + dir + "` 지시문으로 옮기기"
	if len(r.cmds) == 1 && len(in.Flags) == 0 {
		return replace(title, false, dockerfile.Span{Start: in.KeywordSpan.Start, End: in.Span.End}, workdir)
	}
	if c.Op != "&&" || len(r.cmds) < 2 || r.cmds[1].Start <= c.Words[1].Span.End {
		return Fix{}, false
	}
	indent := m.Text[m.Mapper.LineStart(in.StartLine):in.KeywordSpan.Start]
	if strings.TrimLeft(indent, " \t") != "" {
		indent = ""
	}
	return Fix{Title: title, Edits: []Edit{
		{Span: dockerfile.Span{Start: in.KeywordSpan.Start, End: in.KeywordSpan.Start}, NewText: workdir + newline(m) + indent},
		{Span: dockerfile.Span{Start: c.Words[0].Span.Start, End: r.cmds[1].Start}, NewText: ""},
	}}, true
}

// emptyLineFix removes every blank line inside a continued instruction
// (before any heredoc body); BuildKit reports only one of them.
func emptyLineFix(m *dockerfile.Model, in *dockerfile.Instruction) (Fix, bool) {
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

// previousInStage is the instruction right before in within its stage.
func previousInStage(m *dockerfile.Model, in *dockerfile.Instruction) *dockerfile.Instruction {
	if in.Stage < 0 || in.Stage >= len(m.Stages) {
		return nil
	}
	ins := m.Stages[in.Stage].Instructions
	for i := 1; i < len(ins); i++ {
		if ins[i] == in {
			return ins[i-1]
		}
	}
	return nil
}

// nextInStage is the instruction right after in within its stage.
func nextInStage(m *dockerfile.Model, in *dockerfile.Instruction) *dockerfile.Instruction {
	if in.Stage < 0 || in.Stage >= len(m.Stages) {
		return nil
	}
	ins := m.Stages[in.Stage].Instructions
	for i := 0; i+1 < len(ins); i++ {
		if ins[i] == in {
			return ins[i+1]
		}
	}
	return nil
}

// mergeRuns joins RUN b into the RUN a above it: `RUN x` and `RUN y`
// become `RUN x \` and `    && y`. Both must be shell-form RUNs with the
// same flags and no heredoc, with nothing but comment lines between them
// (comments may sit inside a continued instruction; a blank line may not),
// and a must not end in a comment, `;` or `&`.
func mergeRuns(m *dockerfile.Model, a, b *dockerfile.Instruction) (Fix, bool) {
	if a == nil || b == nil || a.Name != "RUN" || b.Name != "RUN" || b.StartLine <= a.EndLine || flagText(m, a) != flagText(m, b) {
		return Fix{}, false
	}
	for l := a.EndLine + 1; l < b.StartLine; l++ {
		if !isComment(m.Mapper.Line(l)) {
			return Fix{}, false
		}
	}
	ra, okA := shellRun(m, a)
	rb, okB := shellRun(m, b)
	if !okA || !okB || ra.heredoc || rb.heredoc || ra.comment || ra.last == ';' || ra.last == '&' || ra.cmdEnd == 0 {
		return Fix{}, false
	}
	return Fix{Edits: []Edit{
		{Span: dockerfile.Span{Start: ra.cmdEnd, End: m.Mapper.LineEnd(a.EndLine)}, NewText: " " + string(m.Escape)},
		{Span: dockerfile.Span{Start: m.Mapper.LineStart(b.StartLine), End: rb.cmdStart}, NewText: "    && "},
	}}, true
}

// mergeWithNextRun is AptUpdateAlone's fix: join the lone `apt-get update`
// with the RUN below it, where the install usually is.
func mergeWithNextRun(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if in == nil {
		return Fix{}, false
	}
	fx, ok := mergeRuns(m, in, nextInStage(m, in))
	fx.Title, fx.Preferred = "다음 `RUN`과 합치기", true
	return fx, ok
}

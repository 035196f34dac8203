package lab

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Insight is what one build from the editor did to each instruction of the
// Dockerfile it built: how long its step ran, whether it came from the
// cache, the size of the layer it added, and, in a rebuild, where the cache
// broke and why. It is computed once per build, from the engine's report
// (docker.BuildInsight) and the model of the text that was built, and then
// only read: hints, hovers and the output summary come from it.
type Insight struct {
	// Text is the Dockerfile as it was built.
	Text string
	// Dockerfile is its absolute path; Tag the image's name.
	Dockerfile, Tag string
	BuildKit        bool
	// Lines are the instructions the build ran, took from the cache or
	// that set only the image's configuration, in file order.
	Lines []LineInsight
	// Miss is where a rebuild first could not use the cache; nil on a first
	// build or when every step came from the cache.
	Miss *CacheMiss
	// Total is the build's wall time; Steps and Cached count the steps that
	// belong to instructions, and how many of them came from the cache.
	Total         time.Duration
	Steps, Cached int
	ImageSize     int64
	// Biggest are the image's three biggest layers of this Dockerfile.
	Biggest []LineInsight
	Context docker.BuildContext
}

// LineInsight is what the build did for one instruction.
type LineInsight struct {
	// Line is the instruction's first line and HintLine the line whose end
	// shows it (the last line of its own text, before any heredoc body);
	// zero-based, in Insight.Text.
	Line, HintLine int
	Keyword        string // upper case
	Text           string // the instruction's first line, trimmed
	// Step: a builder step of this instruction was seen; Cached: it came
	// from the cache; Duration: how long it ran (0 when cached or unknown).
	Step     bool
	Cached   bool
	Duration time.Duration
	// Layer: the image's history has a row for it (the final stage only);
	// Size is that row's size and CreatedBy its text.
	Layer     bool
	Size      int64
	CreatedBy string
	// BaseSize is, for the final stage's FROM, the size of the base
	// image's layers.
	BaseSize int64
}

// CacheMiss is the first instruction of a rebuild whose step could not
// come from the cache, and why.
type CacheMiss struct {
	Line    int // zero-based, in Insight.Text
	Keyword string
	// Why: TextChanged (the instruction differs from the last build's),
	// FilesChanged (a COPY/ADD whose files changed; Files names them) or
	// Unknown (the same text: the cache was pruned, a build argument
	// changed, …; nothing certain to say).
	Why   MissReason
	Files []string // up to five changed files, sorted
	More  int      // changed files not named
	// Fix is the Korean advice for the classic pattern (`COPY . .` before
	// a dependency install), "" when it does not apply.
	Fix string
}

// MissReason tells why a step missed the cache.
type MissReason int

const (
	// Unknown: the step's text and files look the same as last time.
	Unknown MissReason = iota
	// TextChanged: the instruction's own text changed.
	TextChanged
	// FilesChanged: files it copies from the build context changed.
	FilesChanged
)

// configOnly are the instructions that change only the image's
// configuration: no layer (docs/glossary.md, 레이어).
var configOnly = map[string]bool{
	"ENV": true, "CMD": true, "ENTRYPOINT": true, "EXPOSE": true, "LABEL": true, "USER": true,
	"ARG": true, "STOPSIGNAL": true, "HEALTHCHECK": true, "SHELL": true, "VOLUME": true,
	"ONBUILD": true, "MAINTAINER": true,
}

// NewInsight maps a successful build's report to the plan's Dockerfile.
// prev is the insight of the last build of the same Dockerfile (nil for
// none): a rebuild compares with it to say where and why the cache broke.
func NewInsight(p Plan, res docker.BuildResult, prev *Insight) *Insight {
	m := p.Model
	if m == nil || len(m.Stages) == 0 {
		return nil
	}
	rep := res.Insight
	in := &Insight{Text: m.Text, Dockerfile: p.Dockerfile, Tag: p.Tag, BuildKit: res.BuildKit,
		ImageSize: rep.ImageSize, Context: rep.Context}
	if !rep.Started.IsZero() && rep.Finished.After(rep.Started) {
		in.Total = rep.Finished.Sub(rep.Started)
	}
	lines := map[*dockerfile.Instruction]*LineInsight{}
	at := func(ins *dockerfile.Instruction) *LineInsight {
		if li, ok := lines[ins]; ok {
			return li
		}
		li := &LineInsight{Line: ins.StartLine, HintLine: m.LogicalEndLine(ins), Keyword: ins.Name,
			Text: strings.TrimSpace(m.Mapper.Line(ins.StartLine))}
		lines[ins] = li
		return li
	}
	for _, s := range rep.Steps {
		var ins *dockerfile.Instruction
		if res.BuildKit {
			ins = buildkitStep(m, s.Vertex, p.Target)
		} else {
			ins = classicStep(m, s.Step)
		}
		if ins == nil {
			continue
		}
		li := at(ins)
		li.Step = true
		li.Cached = s.Cached
		if !s.Cached {
			li.Duration += s.Duration()
		}
		in.Steps++
		if s.Cached {
			in.Cached++
		}
	}
	final := pickStage(m, "", p.Target)
	mapHistory(m, final, rep.History, at)
	for _, ins := range final.Instructions {
		if configOnly[ins.Name] {
			at(ins) // configuration only: shown even without a step or a row
		}
	}
	for _, li := range lines {
		in.Lines = append(in.Lines, *li)
	}
	sort.Slice(in.Lines, func(i, j int) bool { return in.Lines[i].Line < in.Lines[j].Line })
	for _, li := range in.Lines {
		if li.Layer && li.Size > 0 {
			in.Biggest = append(in.Biggest, li)
		}
	}
	sort.SliceStable(in.Biggest, func(i, j int) bool { return in.Biggest[i].Size > in.Biggest[j].Size })
	if len(in.Biggest) > 3 {
		in.Biggest = in.Biggest[:3]
	}
	if prev != nil && in.Cached < in.Steps {
		in.Miss = firstMiss(m, in, prev)
	}
	return in
}

// classicStep is the instruction of the classic builder's step n: it
// numbers every instruction of the file, global ARGs included.
func classicStep(m *dockerfile.Model, n int) *dockerfile.Instruction {
	if n < 1 || n > len(m.Instructions) {
		return nil
	}
	return m.Instructions[n-1]
}

// mapHistory gives the final stage's instructions their rows of the
// image's history: walking both backwards, a row belongs to the nearest
// instruction of the same keyword; an instruction whose keyword does not
// match the row has none (BuildKit writes no row for some). The rows
// before the stage's first one are the base image's.
func mapHistory(m *dockerfile.Model, st *dockerfile.Stage, rows []docker.HistoryEntry, at func(*dockerfile.Instruction) *LineInsight) {
	r := len(rows) - 1
	for i := len(st.Instructions) - 1; i >= 1 && r >= 0; i-- {
		ins := st.Instructions[i]
		if historyKeyword(rows[r].CreatedBy) != ins.Name {
			continue
		}
		li := at(ins)
		li.Layer, li.Size, li.CreatedBy = true, rows[r].Size, rows[r].CreatedBy
		r--
	}
	if m.ParentStage(st) != nil || r < 0 {
		return
	}
	var base int64
	for _, row := range rows[:r+1] {
		base += row.Size
	}
	at(st.From).BaseSize = base
}

// historyKeyword is the instruction a row of `docker history` records:
// the classic builder writes `/bin/sh -c #(nop)  CMD ["node"]` for
// configuration steps and the shell command alone for RUN; BuildKit writes
// the instruction (`RUN /bin/sh -c yarn install # buildkit`, `WORKDIR /app`).
func historyKeyword(createdBy string) string {
	s := strings.TrimSpace(createdBy)
	if i := strings.Index(s, "#(nop)"); i >= 0 {
		if f := strings.Fields(s[i+len("#(nop)"):]); len(f) > 0 {
			return strings.ToUpper(f[0])
		}
		return ""
	}
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	if dockerfile.IsKnown(f[0]) && f[0] == strings.ToUpper(f[0]) {
		return f[0]
	}
	return "RUN" // the classic builder's RUN: `/bin/sh -c …`, `|1 A=b /bin/sh -c …`
}

// firstMiss finds the first instruction, in file order, whose step ran
// although the last build had one for it, and says why.
func firstMiss(m *dockerfile.Model, in *Insight, prev *Insight) *CacheMiss {
	for _, li := range in.Lines {
		if !li.Step || li.Cached || li.Keyword == "FROM" {
			continue
		}
		ins := m.InstructionAt(m.Mapper.LineStart(li.Line))
		if ins == nil {
			return nil
		}
		miss := &CacheMiss{Line: li.Line, Keyword: li.Keyword}
		if !prev.hadInstruction(instructionText(m, ins), li.Keyword) {
			miss.Why = TextChanged
		} else if (ins.Name == "COPY" || ins.Name == "ADD") && !hasFlag(ins, "from") {
			changed := changedFiles(prev.Context.Digests, in.Context.Digests)
			var mine []string
			for _, f := range changed {
				if copiesFile(ins, f) {
					mine = append(mine, f)
				}
			}
			if len(mine) > 0 {
				miss.Why = FilesChanged
				if len(mine) > 5 {
					miss.More = len(mine) - 5
					mine = mine[:5]
				}
				miss.Files = mine
			}
		}
		miss.Fix = dependencyFix(m, ins, miss.Files)
		return miss
	}
	return nil
}

// hadInstruction reports whether the last build's text had an instruction
// with this text.
func (in *Insight) hadInstruction(text, keyword string) bool {
	pm := dockerfile.Parse(in.Text)
	for _, ins := range pm.Instructions {
		if ins.Name == keyword && instructionText(pm, ins) == text {
			return true
		}
	}
	return false
}

// instructionText is an instruction's text with its lines joined and
// blanks squeezed: what the builder's cache key sees of it.
func instructionText(m *dockerfile.Model, ins *dockerfile.Instruction) string {
	var words []string
	for l := ins.StartLine; l <= ins.EndLine; l++ {
		words = append(words, strings.Fields(m.Mapper.Line(l))...)
	}
	return strings.Join(words, " ")
}

func hasFlag(ins *dockerfile.Instruction, name string) bool {
	for _, f := range ins.Flags {
		if strings.EqualFold(f.Name, name) {
			return true
		}
	}
	return false
}

// changedFiles are the paths added, removed or changed between two
// contexts' digests, sorted.
func changedFiles(old, cur map[string]string) []string {
	var out []string
	for p, d := range cur {
		if old[p] != d {
			out = append(out, p)
		}
	}
	for p := range old {
		if _, ok := cur[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// sources are a COPY or ADD's source arguments (all but the destination),
// in either form.
func sources(ins *dockerfile.Instruction) []string {
	var args []string
	for _, w := range ins.Args {
		args = append(args, w.Value)
	}
	if len(args) > 0 && strings.HasPrefix(args[0], "[") {
		joined := strings.Trim(strings.Join(args, " "), "[] ")
		args = nil
		for _, a := range strings.Split(joined, ",") {
			args = append(args, strings.Trim(strings.TrimSpace(a), `"`))
		}
	}
	if len(args) < 2 {
		return nil
	}
	return args[:len(args)-1]
}

// copiesFile reports whether a COPY or ADD takes file (a context path)
// from the context: a source names it, a directory above it, or a pattern
// that matches either.
func copiesFile(ins *dockerfile.Instruction, file string) bool {
	for _, src := range sources(ins) {
		src = contextPath(src)
		if src == "" {
			return true
		}
		for p := file; p != "." && p != "/" && p != ""; p = path.Dir(p) {
			if ok, _ := path.Match(src, p); ok || p == src {
				return true
			}
		}
	}
	return false
}

// installs are the dependency installs whose manifests can be copied
// first, with those manifests.
var installs = []struct {
	run, copy string
}{
	{"yarn install", "package.json yarn.lock"},
	{"npm ci", "package.json package-lock.json"},
	{"npm install", "package.json package-lock.json"},
	{"pnpm install", "package.json pnpm-lock.yaml"},
	{"pip install -r requirements.txt", "requirements.txt"},
}

// dependencyFix is the advice for the classic pattern: the missed
// instruction copies the whole context and a later RUN of its stage
// installs dependencies, while the changed files (when known) are not the
// dependency manifests. "" when it does not apply.
func dependencyFix(m *dockerfile.Model, ins *dockerfile.Instruction, changed []string) string {
	if ins.Name != "COPY" || hasFlag(ins, "from") || !copiesWholeContext(ins) || ins.Stage < 0 {
		return ""
	}
	st := m.Stages[ins.Stage]
	for _, later := range st.Instructions {
		if later.Name != "RUN" || later.StartLine <= ins.StartLine {
			continue
		}
		text := instructionText(m, later)
		for _, i := range installs {
			if !strings.Contains(text, i.run) {
				continue
			}
			for _, f := range changed {
				if strings.Contains(" "+i.copy+" ", " "+f+" ") {
					return "" // the manifests changed: the install had to run again
				}
			}
			cmd := strings.TrimSpace(strings.TrimPrefix(text, later.Keyword))
			return fmt.Sprintf("`COPY %s ./` 지시문과 `RUN %s` 지시문을 `%s` 지시문 앞에 두면, 소스만 바뀐 재빌드에서 의존성 설치 스텝은 캐시를 씁니다.",
				i.copy, cmd, strings.TrimSpace(m.Mapper.Line(ins.StartLine)))
		}
	}
	return ""
}

// copiesWholeContext reports whether a COPY takes the whole context (`.`).
func copiesWholeContext(ins *dockerfile.Instruction) bool {
	for _, src := range sources(ins) {
		if contextPath(src) == "" {
			return true
		}
	}
	return false
}

// contextPath is a source as a path in the context, cleaned and relative:
// "" for the whole context (`.`, `./`).
func contextPath(src string) string {
	return strings.TrimPrefix(path.Clean("/"+src), "/")
}

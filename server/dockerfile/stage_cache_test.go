package dockerfile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

// fullDump writes everything a model holds, pointers as the index of what
// they point to, to compare a model copied from stage parts with one built.
func fullDump(m *Model) string {
	var b strings.Builder
	instr := map[*Instruction]int{}
	for i, in := range m.Instructions {
		instr[in] = i
	}
	at := func(in *Instruction) int {
		if in == nil {
			return -1
		}
		if i, ok := instr[in]; ok {
			return i
		}
		return -2 // outside the model
	}
	def := map[*VarDef]int{}
	for i, d := range m.VarDefs {
		def[d] = i
	}
	defAt := func(d *VarDef) int {
		if d == nil {
			return -1
		}
		if i, ok := def[d]; ok {
			return i
		}
		return -2
	}
	fmt.Fprintf(&b, "escape %q directives %+v\n", m.Escape, m.Directives)
	for i, in := range m.Instructions {
		c := *in
		c.Node, c.Shell, c.command = nil, nil, nil
		fmt.Fprintf(&b, "instr %d %+v shell %d", i, c, at(in.Shell))
		if in.Node != nil {
			fmt.Fprintf(&b, " node %d-%d %q %v heredocs %+v", in.Node.StartLine, in.Node.EndLine, in.Node.Original, in.Node.Attributes, in.Node.Heredocs)
		}
		if in.command != nil {
			fmt.Fprintf(&b, " parsed %+v", in.command.pairs)
		}
		fmt.Fprintf(&b, " heredocs %+v\n", m.Heredocs(in))
	}
	for _, st := range m.Stages {
		c := *st
		c.From, c.Instructions = nil, nil
		fmt.Fprintf(&b, "stage %+v from %d instrs", c, at(st.From))
		for _, in := range st.Instructions {
			fmt.Fprintf(&b, " %d", at(in))
		}
		b.WriteString("\n")
	}
	for _, p := range m.Problems {
		fmt.Fprintf(&b, "problem %+v\n", p)
	}
	for i, d := range m.VarDefs {
		c := *d
		c.Instruction, c.Global = nil, nil
		fmt.Fprintf(&b, "def %d %+v instr %d global %d\n", i, c, at(d.Instruction), defAt(d.Global))
	}
	for k, refs := range [][]*VarRef{m.VarRefs, m.TextRefs} {
		name := []string{"ref", "text"}[k]
		for i, r := range refs {
			c := *r
			c.Instruction, c.Def, c.Heredoc = nil, nil, nil
			h := "none"
			if r.Heredoc != nil {
				h = fmt.Sprintf("%+v", *r.Heredoc)
			}
			fmt.Fprintf(&b, "%s %d %+v instr %d def %d heredoc %s\n", name, i, c, at(r.Instruction), defAt(r.Def), h)
		}
	}
	return b.String()
}

// stageShapes are multi-stage files with what a stage part must carry:
// heredocs with variables, SHELL, redeclared global ARGs, ENV built from
// them, quoted text, flags, an unknown and an invalid instruction, a stage
// built on another, CRLF line ends and the backtick escape.
var stageShapes = map[string]string{
	"vars": "ARG BASE=alpine:3.20\nARG VERSION=1\nFROM ${BASE} AS one\nARG VERSION\nENV V=${VERSION} \\\n    W='$V'\nRUN echo $V ${W:-x} '$V'\n" +
		"FROM ${BASE} AS two\nSHELL [\"/bin/bash\", \"-c\"]\nARG VERSION\nRUN <<EOF\necho $VERSION\nEOF\nCOPY --chown=$UID:0 <<'EOT' /x\n$NOT\nEOT\n" +
		"FROM one AS three\nRUN echo $V\nFORM x\nEXPOSE $PORT\n" +
		"FROM ${BASE}\nCOPY --from=two --chmod=755 /a /b\nHEALTHCHECK --interval=bad CMD true\nRUN --mount=type=cache,target=/c,id=$VERSION echo hi\n",
	"crlf":     "ARG B=a\r\nFROM $B AS x\r\nRUN echo $B\r\nFROM $B AS y\r\nENV A=1\r\nFROM $B\r\nRUN echo $A\r\n",
	"backtick": "# escape=`\nARG B=c\nFROM $B AS x\nRUN echo `\n  $B\nFROM $B\nENV A=`$B\nFROM b\nCOPY --from=x c:\\a c:\\b\n",
}

// A model copied from the stage parts the cache keeps is the model built
// from scratch, field by field, through a series of edits anywhere in the
// file (in a stage, before the stages, adding and removing stages), for
// every test Dockerfile and, where it is on the machine, the real-world
// corpus.
func TestStagePartsEqualBuilding(t *testing.T) {
	cacheEveryInstruction(t)
	texts := corpusTexts(t)
	for name, text := range stageShapes {
		texts[name] = text
	}
	copied := map[string]int{}
	for name, text := range texts {
		copied[name] = checkStageParts(t, name, text)
	}
	for _, name := range append([]string{"../../testdata/bench/big.Dockerfile"}, keys(stageShapes)...) {
		if copied[name] == 0 {
			t.Errorf("%s: no stage was copied from the cache; the test would not see a wrong copy", name)
		}
	}
	if testing.Short() {
		return
	}
	t.Run("realworld", func(t *testing.T) {
		n := 0
		for _, f := range testcorpus.RealWorld(t) {
			n += checkStageParts(t, f.Name, f.Text)
		}
		if n == 0 {
			t.Error("no stage of the real-world corpus was copied from the cache")
		}
	})
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// checkStageParts parses text and edits of it with one cache, compares
// each model with a built one, and returns how many stages were copied.
func checkStageParts(t *testing.T, name, text string) int {
	t.Helper()
	cache := NewParseCache()
	versions := []string{text, text}
	for _, at := range []int{len(text) / 3, len(text) / 2, len(text) - 1, 0} {
		nl := strings.LastIndexByte(text[:max(at, 0)], '\n') + 1
		for _, ins := range []string{"RUN echo edited $V\n", "FROM z AS inserted\n", "ARG V=2\n", "ENV A=1 \\\n", "RUN <<EOF\n"} {
			versions = append(versions, text[:nl]+ins+text[nl:], text)
		}
	}
	for i, v := range versions {
		if got, want := fullDump(ParseCached(v, cache)), fullDump(Parse(v)); got != want {
			t.Errorf("%s, version %d: the model from the cache differs from the one built\n%s", name, i, firstDiff(got, want))
			return cache.copied
		}
	}
	return cache.copied
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d\n--- cached\n%s\n--- built\n%s", i, g[i], w[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(g), len(w))
}

// The cache keeps at most the parts of the last two parses, however many
// different edits a stage sees, and never a part of a stage that was seen
// only once (a stage being typed in).
func TestStagePartsAreForgotten(t *testing.T) {
	text := testcorpus.Big(t)
	cache := NewParseCache()
	mid := len(text) / 2
	mid += strings.IndexByte(text[mid:], '\n') + 1
	var m *Model
	for i := range 20 {
		m = ParseCached(fmt.Sprintf("%sRUN echo %d\n%s", text[:mid], i, text[mid:]), cache)
	}
	if len(m.Stages) < 10 {
		t.Fatalf("the big file has %d stages; the test needs many", len(m.Stages))
	}
	if n := len(cache.parts); n == 0 || n > len(m.Stages) {
		t.Errorf("after 20 edits of one stage the cache holds %d stage parts, want 1 to %d (one per stage: the edited stage's versions are never seen twice)", n, len(m.Stages))
	}
	if cache.copied == 0 {
		t.Error("no stage was copied")
	}
}

// FuzzStageParts: for any text, a model copied from stage parts after an
// edit elsewhere equals the model built from scratch, field by field.
func FuzzStageParts(f *testing.F) {
	for _, text := range testcorpus.Texts(f) {
		f.Add(text, len(text)/2, "FROM z AS x\n")
	}
	for _, text := range stageShapes {
		f.Add(text, 1, "RUN echo $V\n")
	}
	f.Fuzz(func(t *testing.T, text string, at int, ins string) {
		if len(text) > 20_000 || len(ins) > 200 {
			return
		}
		old := instrCacheMinLines
		instrCacheMinLines = 0
		defer func() { instrCacheMinLines = old }()
		cache := NewParseCache()
		ParseCached(text, cache)
		ParseCached(text, cache) // the stages are seen twice: parts are kept
		at = min(max(at, 0), len(text))
		nl := strings.LastIndexByte(text[:at], '\n') + 1
		for _, v := range []string{text[:nl] + ins + text[nl:], text} {
			if got, want := fullDump(ParseCached(v, cache)), fullDump(Parse(v)); got != want {
				t.Fatalf("the model from the cache differs on %q\n%s", v, firstDiff(got, want))
			}
		}
	})
}

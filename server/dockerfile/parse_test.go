package dockerfile

import (
	"strings"
	"testing"
)

func TestParseLab(t *testing.T) {
	src := "FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\nRUN yarn install --production\nCMD [\"node\", \"src/index.js\"]\nEXPOSE 3000\n"
	m := Parse(src)
	if len(m.Problems) != 0 {
		t.Fatalf("problems: %+v", m.Problems)
	}
	if len(m.Instructions) != 6 || len(m.Stages) != 1 {
		t.Fatalf("got %d instructions, %d stages", len(m.Instructions), len(m.Stages))
	}
	st := m.Stages[0]
	if st.Base != "node:lts-alpine" || src[st.BaseSpan.Start:st.BaseSpan.End] != "node:lts-alpine" {
		t.Fatalf("base = %q", st.Base)
	}
	run := m.Instructions[3]
	if run.Name != "RUN" || run.StartLine != 3 || src[run.KeywordSpan.Start:run.KeywordSpan.End] != "RUN" {
		t.Fatalf("RUN = %+v", run)
	}
}

func TestParseTypoAndRecovery(t *testing.T) {
	src := "FORM alpine\nRUN <<EOF\necho never closed\n"
	m := Parse(src)
	var kinds []ProblemKind
	for _, p := range m.Problems {
		kinds = append(kinds, p.Kind)
	}
	if len(m.Problems) == 0 {
		t.Fatal("no problems")
	}
	// The unterminated heredoc is a parse error; after blanking it, FORM is still reported.
	var sawParse, sawUnknown bool
	for _, p := range m.Problems {
		switch p.Kind {
		case ParseError:
			sawParse = strings.Contains(p.Detail, "heredoc")
		case UnknownInstruction:
			sawUnknown = p.Keyword == "FORM" && p.Suggest == "FROM" && src[p.Span.Start:p.Span.End] == "FORM"
		}
	}
	if !sawParse || !sawUnknown {
		t.Fatalf("problems = %+v", m.Problems)
	}
}

func TestParseFlagsContinuationKorean(t *testing.T) {
	src := "# escape=`\nFROM alpine AS Build\nLABEL 설명=\"한국어\" `\n  other=1\nCOPY --from=build --chmod=755 a b\n"
	m := Parse(src)
	if m.Escape != '`' || len(m.Directives) != 1 || m.Directives[0].Name != "escape" {
		t.Fatalf("escape=%q directives=%+v", m.Escape, m.Directives)
	}
	if m.Stages[0].Name != "build" {
		t.Fatalf("stage name %q", m.Stages[0].Name)
	}
	label := m.Instructions[1]
	if label.EndLine != 3 || len(label.Args) != 2 || label.Args[1].Value != "other=1" {
		t.Fatalf("label = %+v", label)
	}
	cp := m.Instructions[2]
	if len(cp.Flags) != 2 || cp.Flags[0].Name != "from" || cp.Flags[0].Value != "build" ||
		src[cp.Flags[1].ValueSpan.Start:cp.Flags[1].ValueSpan.End] != "755" {
		t.Fatalf("flags = %+v", cp.Flags)
	}
}

func TestParseEmptyAndGarbage(t *testing.T) {
	for _, src := range []string{"", "# just a comment\n", "\xff\xfe\x00garbage\n", strings.Repeat("x", 70000) + "\nFROM a\n"} {
		m := Parse(src)
		if m == nil {
			t.Fatal("nil model")
		}
	}
	m := Parse(strings.Repeat("x", 70000) + "\nFROM a\n")
	if len(m.Stages) != 1 || m.Problems[0].Kind != LineTooLong {
		t.Fatalf("long line: %+v", m.Problems)
	}
}

func TestEscapedEscapeEndsTheLine(t *testing.T) {
	m := Parse("FROM alpine\nRUN echo \\\\\nUSER nobody\n")
	if len(m.Instructions) != 3 || m.Instructions[1].EndLine != 1 || len(m.Instructions[1].Args) != 2 {
		t.Fatalf("instructions: %d, RUN ends on line %d with %d words", len(m.Instructions), m.Instructions[1].EndLine, len(m.Instructions[1].Args))
	}
}

// NoFrom ("no build stage in current context") is reported only where it
// is certain: not after a line that may itself be the FROM (a template line
// a generator fills in, a mistyped FROM, a FROM the parser rejected and
// Parse blanked), whose recovery would otherwise invent the error.
func TestNoFromOnlyWhenCertain(t *testing.T) {
	long := "FROM " + strings.Repeat("x", 70000)
	cases := []struct {
		src    string
		noFrom int // 0-based line of the NoFrom, or -1 for none
	}{
		{"{{ .base | strings.TrimSpace }}\n\nSHELL [\"powershell\"]\nRUN dir\n", -1},
		{"FORM alpine\nRUN echo\n", -1},
		{long + "\nRUN echo\n", -1},
		{"RUN echo\nFROM alpine\n", 0},
		{"ARG X=1\nRUNN echo\nRUN echo\n", 2},                  // RUNN is a RUN, not a FROM
		{"ENV A=1 B\nRUN echo\nFROM alpine\n", 1},              // the rejected line is an ENV
		{"# syntax=docker/dockerfile:1\nARG B\nCOPY . .\n", 2}, // directives and ARGs may precede FROM
	}
	for _, c := range cases {
		m := Parse(c.src)
		got := -1
		for _, p := range m.Problems {
			if p.Kind == NoFrom {
				got = m.Mapper.Position(p.Span.Start).Line
			}
		}
		if got != c.noFrom {
			t.Errorf("%.40q: NoFrom on line %d, want %d (problems %+v)", c.src, got, c.noFrom, m.Problems)
		}
	}
}

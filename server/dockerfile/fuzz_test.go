package dockerfile

import (
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

// FuzzParse: any text parses without panicking into a model whose spans lie
// inside the text, in order, and name what they claim to.
func FuzzParse(f *testing.F) {
	testcorpus.Seed(f)
	f.Add("# escape=`\nFROM a AS b `\n  x\nRUN <<EOF\nhi\nEOF\n")
	f.Add("FROM ${A:-b}\nCOPY --from=b --chmod=7 a b\nENV x=\"$y 'z\"\n")
	f.Add("FROM a AS x\nRUN <<EOF\nFROM b\nEOF\nFROM c \\\n  AS d\nFROM e\nfrom f\n")
	f.Fuzz(func(t *testing.T, text string) {
		done := make(chan *Model, 1)
		go func() { done <- Parse(text) }()
		var m *Model
		select {
		case m = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Parse did not finish in 5 s on %q", text)
		}
		if got, want := dump(ParseCached(text, NewParseCache())), dump(m); got != want {
			t.Fatalf("the stage-by-stage parse differs on %q\n--- cached\n%s--- whole\n%s", text, got, want)
		}
		in := func(s Span, what string) {
			if s.Start < 0 || s.End > len(text) || s.Start > s.End {
				t.Fatalf("%s span %+v outside [0,%d]", what, s, len(text))
			}
		}
		for _, ins := range m.Instructions {
			in(ins.KeywordSpan, "keyword")
			in(ins.Span, "instruction")
			if text[ins.KeywordSpan.Start:ins.KeywordSpan.End] != ins.Keyword || !strings.EqualFold(ins.Keyword, ins.Name) {
				t.Fatalf("keyword %q at %+v", ins.Keyword, ins.KeywordSpan)
			}
			if ins.StartLine > ins.EndLine {
				t.Fatalf("lines %d..%d", ins.StartLine, ins.EndLine)
			}
			for _, fl := range ins.Flags {
				in(fl.Span, "flag")
				in(fl.NameSpan, "flag name")
				in(fl.ValueSpan, "flag value")
				for _, o := range fl.Options() {
					in(o.Span, "option")
				}
			}
			for _, a := range ins.Args {
				in(a.Span, "arg")
				if text[a.Span.Start:a.Span.End] != a.Value {
					t.Fatalf("arg %q at %+v", a.Value, a.Span)
				}
			}
		}
		for _, p := range m.Problems {
			in(p.Span, "problem")
		}
		for _, r := range m.VarRefs {
			in(r.Span, "var ref")
			in(r.NameSpan, "var name")
		}
		for _, d := range m.VarDefs {
			in(d.NameSpan, "var def")
		}
		for _, d := range m.Directives {
			in(d.Span, "directive")
		}
		for _, st := range m.Stages {
			in(st.BaseSpan, "base")
			in(st.NameSpan, "stage name")
		}
	})
}

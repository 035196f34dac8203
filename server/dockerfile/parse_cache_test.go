package dockerfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// dump writes what features read of a model, to compare two parses.
func dump(m *Model) string {
	var b strings.Builder
	for _, in := range m.Instructions {
		fmt.Fprintf(&b, "%s %d-%d %v %v %d flags %d args stage %d heredocs %d\n", in.Keyword, in.StartLine, in.EndLine,
			in.KeywordSpan, in.Span, len(in.Flags), len(in.Args), in.Stage, len(m.Heredocs(in)))
	}
	for _, st := range m.Stages {
		fmt.Fprintf(&b, "stage %d %q %q %v\n", st.Index, st.Name, st.Base, st.BaseSpan)
	}
	for _, p := range m.Problems {
		fmt.Fprintf(&b, "problem %d %v %s\n", p.Kind, p.Span, p.Detail)
	}
	for _, r := range m.VarRefs {
		def := ""
		if r.Def != nil {
			def = r.Def.Value
		}
		fmt.Fprintf(&b, "ref %s %v %q %v\n", r.Name, r.Span, def, r.Predefined)
	}
	fmt.Fprintf(&b, "escape %q directives %d\n", m.Escape, len(m.Directives))
	return b.String()
}

func corpusTexts(t testing.TB) map[string]string {
	texts := map[string]string{}
	files, _ := filepath.Glob("../../testdata/corpus/*.Dockerfile")
	files = append(files, "../../testdata/bench/big.Dockerfile")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts[p] = string(b)
	}
	goldens, _ := filepath.Glob("../../testdata/lsp/*.txtar")
	for _, p := range goldens {
		ar, _ := txtar.ParseFile(p)
		for _, f := range ar.Files {
			if f.Name == "Dockerfile" {
				texts[p] = string(f.Data)
			}
		}
	}
	// Shapes that must not be cut: FROM in a heredoc, after a continuation,
	// after a comment inside a continuation, with the backtick escape.
	texts["heredoc-from"] = "FROM a AS x\nRUN <<EOF\nFROM not-a-stage\nEOF\nFROM b AS y\nRUN true\nFROM c\n"
	texts["continued"] = "FROM a\nRUN echo \\\n# comment\n\nFROM b AS y\nFROM c\nFROM d\n"
	texts["backtick"] = "# escape=`\nFROM a AS x\nRUN echo `\n  hi\nFROM b\nCOPY --from=x c:\\a c:\\b\nFROM c\n"
	return texts
}

// A cached, stage-by-stage parse gives the same model as a whole parse,
// for every test Dockerfile, before and after edits served from the cache.
func TestParseCachedEqualsParse(t *testing.T) {
	cacheEveryInstruction(t)
	for name, text := range corpusTexts(t) {
		cache := NewParseCache()
		if got, want := dump(ParseCached(text, cache)), dump(Parse(text)); got != want {
			t.Errorf("%s: cached parse differs\n--- cached\n%s--- whole\n%s", name, got, want)
			continue
		}
		for _, at := range []int{len(text) / 3, len(text) / 2, len(text) - 1} {
			if at <= 0 {
				continue
			}
			nl := strings.LastIndexByte(text[:at], '\n') + 1
			for _, ins := range []string{"RUN echo edited\n", "FROM z AS inserted\n", "RUN <<EOF\n", "ENV A=1 \\\n"} {
				edited := text[:nl] + ins + text[nl:]
				if got, want := dump(ParseCached(edited, cache)), dump(Parse(edited)); got != want {
					t.Errorf("%s + %q at %d: cached parse differs\n--- cached\n%s--- whole\n%s", name, ins, nl, got, want)
				}
			}
		}
	}
}

// BenchmarkParseBigEdit parses the 5,000-line file after an edit in one
// stage, with the cache a document keeps.
func BenchmarkParseBigEdit(b *testing.B) {
	data, err := os.ReadFile("../../testdata/bench/big.Dockerfile")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	mid := len(text) / 2
	mid += strings.IndexByte(text[mid:], '\n') + 1
	edited := []string{text[:mid] + "RUN echo edited\n" + text[mid:], text}
	cache := NewParseCache()
	ParseCached(text, cache)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ParseCached(edited[i%2], cache)
		i++
	}
}

// A document's cache keeps what the last two parses used, however long the
// learner types: an instruction edited a hundred times is kept twice.
func TestParseCacheForgetsOldInstructions(t *testing.T) {
	cacheEveryInstruction(t)
	cache := NewParseCache()
	for i := range 100 {
		text := fmt.Sprintf("FROM alpine\nENV A=%d\nRUN echo $A\n", i)
		m := ParseCached(text, cache)
		if got := m.VarRefs[0].Def.Value; got != fmt.Sprint(i) {
			t.Fatalf("edit %d: $A is %q from the cache, want %d", i, got, i)
		}
	}
	if n := len(cache.instrs); n == 0 || n > 2*3 {
		t.Errorf("after 100 edits the cache holds %d instructions, want 1 to 6 (3 lines, two parses)", n)
	}
}

// cacheEveryInstruction makes the cache keep the instructions of files of
// any size for the test (the threshold would leave it untested on small
// files).
func cacheEveryInstruction(t *testing.T) {
	old := instrCacheMinLines
	instrCacheMinLines = 0
	t.Cleanup(func() { instrCacheMinLines = old })
}

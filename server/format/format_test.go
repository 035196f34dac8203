package format

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// corpus is a copy of the shared benchmark corpus: handwritten Dockerfiles of every
// common shape, broken ones included.
const corpus = "../../testdata/corpus"

// formatText formats a whole text and returns the result, for the tests
// that format twice (the server only ever sends edits).
func formatText(text string, opts Options) string {
	m := dockerfile.Parse(text)
	lines := format(m, opts)
	var b strings.Builder
	b.Grow(len(text))
	prev := 0
	for i, l := range lines {
		b.WriteString(text[prev:m.Mapper.LineStart(i)])
		b.WriteString(l)
		prev = m.Mapper.LineEnd(i)
	}
	b.WriteString(text[prev:])
	return b.String()
}

// TestCorpusMeaningAndIdempotence formats every corpus file (with spaces,
// two spaces and tabs) and checks that formatting twice equals formatting
// once, and that BuildKit's parser reads the same AST before and after.
func TestCorpusMeaningAndIdempotence(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpus, "*.Dockerfile"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s: %v", corpus, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(f), func(t *testing.T) { checkFormat(t, string(b)) })
	}
}

// TestBigFile does the same for the generated 5,000-line file.
func TestBigFile(t *testing.T) {
	checkFormat(t, testcorpus.Big(t))
}

// TestTricky covers what the corpus does not: lower-case keywords, blanks
// everywhere, blanks inside quotes across a line break, comments inside a
// continuation, JSON arrays, ONBUILD, HEALTHCHECK, heredocs with a
// continued marker line, words joined across a line break, the backtick
// escape, unknown instructions, the legacy ENV form and a byte order mark.
func TestTricky(t *testing.T) {
	cases := map[string]string{
		"messy": "  from   alpine:3.20   as   build  \n" +
			"run   apk add --no-cache \\\n      curl \\\n  # comment inside   \n\t&& echo  \"a   b\" \\   \n  && true\n" +
			"env A=1   B=\"x \\\n  y\" \\\n C=3\n" +
			"copy  --from=build   [\"a\",   \"b\"] \\\n   /dst/\n" +
			"onbuild   run   echo hi\n" +
			"healthcheck   --interval=5s   cmd   curl -f x\n" +
			"RUN <<EOF bash \\\n  -x\necho   $A   \nEOF\n" +
			"RUN echo a\\\nb\n" +
			"RUN \\\n    echo x\n" +
			"   # top comment   \n" +
			"foo bar  baz  \n" +
			"ENV LEGACY value   with   spaces\n" +
			"label a=b \\\n\tc=d\n",
		"backtick": "# escape=`\nfrom mcr.microsoft.com/windows/servercore:ltsc2022\n" +
			"run echo a `\n  && echo b\ncopy app\\ C:\\app\\\nworkdir C:\\app  \n",
		"escaped escape":      "FROM alpine\nRUN echo \\\\\nRUN echo a \\\\ \\\n  b\n",
		"bom":                 "\ufeff# syntax=docker/dockerfile:1\nfrom alpine\n",
		"crlf":                "FROM alpine\r\nrun echo a \\\r\n  b   \r\n",
		"flags":               "FROM alpine\nRUN --mount=type=cache,target=/a \\\n  --mount=type=secret,id=\"x  y\" \\\n      echo hi\n",
		"empty continuation":  "FROM alpine\nRUN echo a \\\n\n    b\n",
		"continuation at end": "FROM alpine\nRUN echo a \\",
		"heredocs":            "FROM alpine\nrun <<A cat - <<-B > /out\n  a  \nA\n\tb\n\tB\ncopy <<EOF /x\n  keep   \nEOF\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { checkFormat(t, src) })
	}
}

func checkFormat(t *testing.T, src string) {
	t.Helper()
	for _, indent := range []string{"    ", "  ", "\t"} {
		for _, fault := range formatFaults(src, Options{Indent: indent}) {
			t.Errorf("indent %q: %s", indent, fault)
		}
	}
}

// formatFaults formats src with opts and says which of the formatter's
// promises it broke: formatting twice equals formatting once, BuildKit's
// parser reads the same AST before and after, the line count stays.
func formatFaults(src string, opts Options) []string {
	var faults []string
	once := formatText(src, opts)
	if twice := formatText(once, opts); twice != once {
		faults = append(faults, fmt.Sprintf("formatting twice differs from once\n--- src\n%q\n--- once\n%q\n--- twice\n%q", src, once, twice))
	}
	if before, after := dump(src), dump(once); before != after {
		faults = append(faults, fmt.Sprintf("BuildKit reads the formatted file differently\n--- src\n%q\n--- before\n%s\n--- after\n%s\n--- formatted\n%s", src, before, after, once))
	}
	if strings.Count(once, "\n") != strings.Count(src, "\n") {
		faults = append(faults, "line count changed")
	}
	return faults
}

// dump is BuildKit's AST dump (instruction names lower-cased by Dump
// itself; the `AS` of FROM and HEALTHCHECK's CMD/NONE, which the formatter
// writes in upper case, too) followed by every heredoc, or the parse error.
func dump(src string) string {
	res, err := parser.Parse(strings.NewReader(src))
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, n := range res.AST.Children {
		switch strings.ToLower(n.Value) {
		case "from":
			if n.Next != nil && n.Next.Next != nil && strings.EqualFold(n.Next.Next.Value, "as") {
				n.Next.Next.Value = "as"
			}
		case "healthcheck":
			if n.Next != nil {
				n.Next.Value = strings.ToLower(n.Next.Value)
			}
		}
		b.WriteString(n.Dump())
		for _, h := range n.Heredocs {
			b.WriteString("\n<<" + h.Name + "\n" + h.Content)
		}
		b.WriteString("\n")
	}
	return b.String()
}

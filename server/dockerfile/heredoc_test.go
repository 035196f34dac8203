package dockerfile

import (
	"strings"
	"testing"
)

func TestHeredocs(t *testing.T) {
	src := "FROM alpine\nRUN <<A cat - <<-B \\\n  # note\n  > /out\nline a\nA\n\tline b\n\tB\nRUN echo \\\\\nCOPY x y\n"
	m := Parse(src)
	if len(m.Problems) != 0 {
		t.Fatalf("problems: %+v", m.Problems)
	}
	run := m.Instructions[1]
	if got := m.LogicalEndLine(run); got != 3 {
		t.Fatalf("LogicalEndLine = %d, want 3", got)
	}
	hs := m.Heredocs(run)
	if len(hs) != 2 {
		t.Fatalf("heredocs: %+v", hs)
	}
	if a := hs[0]; a.Name != "A" || src[a.Marker.Start:a.Marker.End] != "<<A" || a.FirstBodyLine != 4 || a.TerminatorLine != 5 {
		t.Fatalf("A = %+v", a)
	}
	if b := hs[1]; b.Name != "B" || !b.Chomp || src[b.Marker.Start:b.Marker.End] != "<<-B" || b.FirstBodyLine != 6 ||
		b.TerminatorLine != 7 || src[b.Terminator.Start:b.Terminator.End] != "B" {
		t.Fatalf("B = %+v", b)
	}
	// An escaped escape character does not continue the line.
	if m.Continues(`RUN echo \\`) || !m.Continues(`RUN echo \ `) || !m.Continues(`\`) {
		t.Fatal("Continues disagrees with BuildKit")
	}
	if m.Instructions[2].EndLine != 8 || m.Instructions[3].StartLine != 9 {
		t.Fatalf("instructions after the heredoc: %+v", m.Instructions[2:])
	}
}

func TestStageRefs(t *testing.T) {
	src := "FROM golang AS build\nFROM build AS test\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\nCOPY --from=nginx /c /c\n" +
		"RUN --mount=type=cache,from=test,target=/x true\nFROM later\nFROM scratch AS later\n"
	m := Parse(src)
	var got []string
	for _, r := range m.StageRefs() {
		s := "-"
		if r.Stage != nil {
			s = r.Stage.From.Args[0].Value
		}
		got = append(got, src[r.Span.Start:r.Span.End]+"→"+s)
	}
	want := "golang→- build→golang build→golang 0→golang nginx→- test→build later→- scratch→-"
	if g := strings.Join(got, " "); g != want {
		t.Fatalf("StageRefs = %s\nwant       %s", g, want)
	}
}

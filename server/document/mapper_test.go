package document

import (
	"testing"
	"unicode/utf16"
)

func TestMapperKoreanColumns(t *testing.T) {
	text := "FROM alpine\nLABEL 설명=\"한국어 😀 값\" x=1\r\nRUN echo hi\rUSER me"
	m := NewMapper(text)
	if got := m.LineCount(); got != 4 {
		t.Fatalf("LineCount = %d, want 4", got)
	}
	line := m.Line(1)
	// Every rune boundary of line 1 must round-trip through UTF-16 columns.
	col := 0
	for i, r := range line {
		off := m.LineStart(1) + i
		p := m.Position(off)
		if p.Line != 1 || p.Character != col {
			t.Fatalf("Position(%d) = %+v, want 1:%d", off, p, col)
		}
		back, clamped := m.Offset(p)
		if back != off || clamped {
			t.Fatalf("Offset(%+v) = %d (clamped %v), want %d", p, back, clamped, off)
		}
		col += len(utf16.Encode([]rune{r}))
	}
	if got := m.Line(2); got != "RUN echo hi" {
		t.Fatalf("Line(2) = %q", got)
	}
	if got := m.Line(3); got != "USER me" {
		t.Fatalf("Line(3) = %q", got)
	}
}

func TestMapperClamps(t *testing.T) {
	m := NewMapper("ab😀c\nx")
	cases := []struct {
		p       Position
		want    int
		clamped bool
	}{
		{Position{0, 0}, 0, false},
		{Position{0, 2}, 2, false},
		{Position{0, 3}, 2, true}, // inside the surrogate pair
		{Position{0, 4}, 6, false},
		{Position{0, 99}, 7, true},
		{Position{1, 1}, 9, false},
		{Position{7, 0}, 9, true},
		{Position{-1, 0}, 0, true},
	}
	for _, c := range cases {
		got, clamped := m.Offset(c.p)
		if got != c.want || clamped != c.clamped {
			t.Errorf("Offset(%+v) = %d,%v want %d,%v", c.p, got, clamped, c.want, c.clamped)
		}
	}
}

func TestApplyIncrementalEdits(t *testing.T) {
	d := New("file:///Dockerfile", 1, "FROM alpine\nRUN 설치\n")
	d2, clamped := d.Apply(2, []Change{
		{Range: &Range{Start: Position{1, 4}, End: Position{1, 6}}, Text: "echo 안녕"},
		{Range: &Range{Start: Position{0, 0}, End: Position{0, 4}}, Text: "from"},
	})
	if clamped {
		t.Fatal("unexpected clamp")
	}
	if want := "from alpine\nRUN echo 안녕\n"; d2.Text != want {
		t.Fatalf("text = %q, want %q", d2.Text, want)
	}
	if d.Text != "FROM alpine\nRUN 설치\n" {
		t.Fatal("Apply changed the old document")
	}
	d3, clamped := d2.Apply(3, []Change{{Range: &Range{Start: Position{9, 0}, End: Position{9, 5}}, Text: "EXPOSE 3000\n"}})
	if !clamped || d3.Text != d2.Text+"EXPOSE 3000\n" {
		t.Fatalf("out-of-range edit: clamped=%v text=%q", clamped, d3.Text)
	}
	d4, _ := d3.Apply(4, []Change{{Text: "FROM scratch"}})
	if d4.Text != "FROM scratch" || d4.Version != 4 {
		t.Fatalf("full change: %v", d4)
	}
}

package document

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// naivePosition computes a position the slow, obvious way, independently
// of the mapper: count line breaks, then UTF-16 units of the line's prefix.
func naivePosition(text string, offset int) Position {
	line, start := 0, 0
	for i := 0; i < offset; i++ {
		switch text[i] {
		case '\n':
			line, start = line+1, i+1
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				if i+1 < offset {
					continue // the \n ends the line
				}
				return Position{Line: line, Character: len(utf16.Encode([]rune(text[start:i])))}
			}
			line, start = line+1, i+1
		}
	}
	return Position{Line: line, Character: len(utf16.Encode([]rune(text[start:offset])))}
}

// snap moves an offset back to the start of its rune and off the \n of a \r\n.
func snap(text string, off int) int {
	for off > 0 && off < len(text) && !utf8.RuneStart(text[off]) {
		off--
	}
	if off > 0 && off < len(text) && text[off] == '\n' && text[off-1] == '\r' {
		off--
	}
	return off
}

func addCorpus(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/corpus/*.Dockerfile")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b), []byte{3, 40, 7, 1, 200, 9})
		}
	}
	f.Add("FROM alpine\r\nLABEL 설명=\"한국어 😀\"\rRUN x\n", []byte{1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add("", []byte{0, 0, 0})
	f.Add("\xff\xfe\xfd\n\xe4\xb8", []byte{1, 1, 1})
}

// FuzzApply: random incremental edits, expressed in UTF-16 positions the
// mapper produced, give the same text as editing the string directly, and
// every position the mapper reports equals the naive computation.
func FuzzApply(f *testing.F) {
	addCorpus(f)
	f.Fuzz(func(t *testing.T, text string, script []byte) {
		doc := New("file:///f", 0, text)
		want := text
		for i := 0; i+2 < len(script) && i < 60; i += 3 {
			m := doc.Mapper()
			a := snap(want, int(script[i])*len(want)/256)
			b := snap(want, min(len(want), a+int(script[i+1])%17))
			if b < a {
				b = a
			}
			pa, pb := m.Position(a), m.Position(b)
			if na := naivePosition(want, a); na != pa {
				t.Fatalf("Position(%d) = %+v, naive %+v in %q", a, pa, na, want)
			}
			insert := strings.Repeat("가😀\n x\r\n"[script[i+2]%8:], int(script[i+2])%3)
			doc, _ = doc.Apply(int32(i), []Change{{Range: &Range{Start: pa, End: pb}, Text: insert}})
			want = want[:a] + insert + want[b:]
			if doc.Text != want {
				t.Fatalf("edit %d: got %q, want %q", i/3, doc.Text, want)
			}
		}
	})
}

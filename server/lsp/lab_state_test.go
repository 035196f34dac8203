package lsp

import "testing"

// A failed step's diagnostic starts at its instruction: leading spaces and
// tabs are skipped, and nothing else (the old cut set " \\t" also ate
// backslashes and the letter t).
func TestIndentWidth(t *testing.T) {
	for line, want := range map[string]int{
		"RUN exit 3":   0,
		"  RUN exit 3": 2,
		"\tRUN exit 3": 1,
		"\t  \tRUN x":  4,
		"tRUN":         0,
		"\\\\ RUN":     0,
		"":             0,
		"   ":          3,
	} {
		if got := indentWidth(line); got != want {
			t.Errorf("indentWidth(%q) = %d, want %d", line, got, want)
		}
	}
}

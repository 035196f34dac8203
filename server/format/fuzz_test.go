package format

import (
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

// FuzzFormat checks on any text that formatting is idempotent, keeps the
// line count and never changes what BuildKit's parser reads.
func FuzzFormat(f *testing.F) {
	for _, text := range testcorpus.Texts(f) {
		f.Add(text)
		f.Add(messy(text))
	}
	f.Add("# escape=`\nfrom a\nrun echo `\n  b\n")
	f.Fuzz(func(t *testing.T, src string) {
		if faults := formatFaults(src, DefaultOptions); len(faults) > 0 {
			t.Fatal(strings.Join(faults, "\n"))
		}
	})
}

// messy lower-cases every instruction keyword and re-indents continuation
// lines by two spaces: what a learner's file often looks like.
func messy(src string) string {
	lines := strings.Split(src, "\n")
	cont := false
	for i, l := range lines {
		switch {
		case cont:
			lines[i] = "  " + strings.TrimLeft(l, " \t")
		case l != "" && !strings.HasPrefix(l, "#"):
			if k := strings.IndexByte(l, ' '); k > 0 {
				lines[i] = strings.ToLower(l[:k]) + l[k:]
			}
		}
		cont = strings.HasSuffix(strings.TrimRight(l, " \t"), "\\")
	}
	return strings.Join(lines, "\n")
}

package format

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzFormat checks on any text that formatting is idempotent, keeps the
// line count and never changes what BuildKit's parser reads.
func FuzzFormat(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(corpus, "*.Dockerfile"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
		f.Add(messy(string(b)))
	}
	f.Add("# escape=`\nfrom a\nrun echo `\n  b\n")
	f.Fuzz(func(t *testing.T, src string) {
		once := formatText(src, DefaultOptions)
		if twice := formatText(once, DefaultOptions); twice != once {
			t.Fatalf("not idempotent\n--- src\n%q\n--- once\n%q\n--- twice\n%q", src, once, twice)
		}
		if before, after := dump(src), dump(once); before != after {
			t.Fatalf("BuildKit reads it differently\n--- src\n%q\n--- once\n%q\n--- before\n%s\n--- after\n%s", src, once, before, after)
		}
		if strings.Count(once, "\n") != strings.Count(src, "\n") {
			t.Fatalf("line count changed")
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

package lint

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the @findings sections of testdata/lint/*.txtar")

// Golden tests for the rules that read the build context. Each archive in
// testdata/lint holds a Dockerfile, the files of its build context (every
// other file not starting with @), and @findings: what Check reports with
// that context, each finding followed by the titles of its fixes.
// `go test ./server/lint -update` rewrites @findings; a person reviews the diff.
func TestGoldenContext(t *testing.T) {
	files, err := filepath.Glob("../../testdata/lint/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ctx := fstest.MapFS{}
			var text, want string
			for _, f := range ar.Files {
				switch {
				case f.Name == "Dockerfile":
					text = string(f.Data)
				case f.Name == "@findings":
					want = string(f.Data)
				case !strings.HasPrefix(f.Name, "@"):
					ctx[f.Name] = &fstest.MapFile{Data: f.Data}
				}
			}
			m := dockerfile.Parse(text)
			got := formatFindings(m, Check(context.Background(), m, Options{Context: ctx}))
			if *update {
				var out []txtar.File
				for _, f := range ar.Files {
					if f.Name != "@findings" {
						out = append(out, f)
					}
				}
				ar.Files = append(out, txtar.File{Name: "@findings", Data: []byte(got)})
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("@findings differs\n--- want\n%s--- got\n%s", want, got)
			}
		})
	}
}

func formatFindings(m *dockerfile.Model, fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		s, e := m.Mapper.Position(f.Span.Start), m.Mapper.Position(f.Span.End)
		fmt.Fprintf(&b, "%d:%d-%d:%d %s %s: %s <%s>\n", s.Line, s.Character, e.Line, e.Character, f.Severity, f.Code, f.Message, f.Href)
		for _, fx := range Fixes(m, f) {
			fmt.Fprintf(&b, "  fix: %s\n", fx.Title)
		}
	}
	if len(fs) == 0 {
		b.WriteString("(none)\n")
	}
	return b.String()
}

// The lab's model answer, checked with its real build context, gets no
// warning or error (a hint would be fine; today it gets nothing).
func TestLabModelAnswer(t *testing.T) {
	data, err := os.ReadFile("../../testdata/lab/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	m := dockerfile.Parse(string(data))
	for _, f := range Check(context.Background(), m, Options{Context: os.DirFS("../../testdata/lab")}) {
		if f.Severity <= Warning {
			t.Errorf("the lab's Dockerfile gets %s %s: %s", f.Severity, f.Code, f.Message)
		}
	}
}

package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unsafe"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
	"golang.org/x/tools/txtar"
)

// wholeFile is BuildKit's checks over the whole file at once: the reference
// the stage-by-stage checks must equal (UndefinedVar settled the same way,
// and what could depend on a blanked line dropped the same way).
func wholeFile(m *dockerfile.Model) []string {
	lines := sanitizedLines(m)
	var fs []Finding
	stopped := map[int]bool{}
	for _, r := range lintLines(context.Background(), lines, nil) {
		if r.fatal {
			// where BuildKit stops is reported by the goldens' BuildCheckError
			for l := int(r.loc.Ranges[0].Start.Line) - 1; l <= int(r.loc.Ranges[len(r.loc.Ranges)-1].End.Line)-1; l++ {
				stopped[l] = true
			}
			continue
		}
		fs = append(fs, toFinding(m, r))
	}
	var out []string
	for _, f := range dropUncertain(m, settleUndefinedVar(m, fs, nil), blankedLines(m, lines, stopped)) {
		out = append(out, fmt.Sprintf("%s %d-%d %s", f.Code, f.Span.Start, f.Span.End, f.Message))
	}
	return normalize(out)
}

func chunked(m *dockerfile.Model, cache *Cache) []string {
	var out []string
	for _, f := range buildkitFindings(context.Background(), m, cache, nil) {
		if f.Code == "BuildCheckError" {
			continue
		}
		out = append(out, fmt.Sprintf("%s %d-%d %s", f.Code, f.Span.Start, f.Span.End, f.Message))
	}
	return normalize(out)
}

func normalize(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

func testTexts(t *testing.T) map[string]string {
	texts := map[string]string{}
	files, _ := filepath.Glob("../../testdata/corpus/*.Dockerfile")
	files = append(files, "../../testdata/bench/big.Dockerfile", "../../testdata/lab/Dockerfile")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts[p] = string(b)
	}
	addGoldenDockerfiles(t, texts)
	return texts
}

// addGoldenDockerfiles adds the Dockerfile of every golden archive
// (testdata/lsp and testdata/lint) to texts, keyed by the archive's path.
func addGoldenDockerfiles(t *testing.T, texts map[string]string) {
	goldens, _ := filepath.Glob("../../testdata/lsp/*.txtar")
	lintGoldens, _ := filepath.Glob("../../testdata/lint/*.txtar")
	for _, p := range append(goldens, lintGoldens...) {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name == "Dockerfile" {
				texts[p] = string(f.Data)
			}
		}
	}
}

// The stage-by-stage checks with their cache report exactly the warnings
// BuildKit reports on the whole file, for every test Dockerfile we have, before and
// after an edit in the middle (served partly from the cache).
func TestStageChunksEqualWholeFile(t *testing.T) {
	for name, text := range testTexts(t) {
		m := dockerfile.Parse(text)
		want := wholeFile(m)
		cache := NewCache()
		if got := chunked(m, cache); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\nchunked:\n  %s\nwhole file:\n  %s", name, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			continue
		}
		cache.endRun()
		mid := len(text) / 2
		if nl := strings.IndexByte(text[mid:], '\n'); nl >= 0 {
			edited := text[:mid+nl+1] + "ENV EDITED=1\n" + text[mid+nl+1:]
			m2 := dockerfile.Parse(edited)
			if got, want := chunked(m2, cache), wholeFile(m2); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s after an edit:\nchunked:\n  %s\nwhole file:\n  %s", name, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		}
	}
}

// A check with the document's cache says what a check without one says —
// every finding, message and quick fix — after edits that move the RUNs
// the cache read (a line inserted at the top), change one, or touch none;
// on every test Dockerfile and, where it is on the machine, every
// real-world file.
func TestCachedCheckEqualsUncached(t *testing.T) {
	cacheEverything(t)
	texts := testTexts(t)
	if os.Getenv(testcorpus.EnvRequired) == "1" || isDirTest(testcorpus.FilesDir()) {
		for _, f := range testcorpus.RealWorld(t) {
			texts[f.Name] = f.Text
		}
	}
	describe := func(m *dockerfile.Model, fs []Finding) string {
		var b strings.Builder
		for _, f := range fs {
			fmt.Fprintf(&b, "%s %v %d %s\n", f.Code, f.Span, f.Severity, f.Message)
			for _, fx := range Fixes(m, f) {
				fmt.Fprintf(&b, "  fix %s %v\n", fx.Title, fx.Edits)
			}
		}
		return b.String()
	}
	for name, text := range texts {
		cache := NewCache()
		nl := strings.IndexByte(text, '\n') + 1
		versions := []string{text, text[:nl] + "RUN echo moved\n" + text[nl:], text}
		if i := strings.Index(text, "\nRUN "); i >= 0 {
			versions = append(versions, text[:i+5]+"true && "+text[i+5:])
		}
		for v, edited := range versions {
			m := dockerfile.Parse(edited)
			got := describe(m, Check(context.Background(), m, Options{Cache: cache}))
			want := describe(m, Check(context.Background(), m, Options{}))
			if got != want {
				t.Errorf("%s, version %d: cached check differs\n--- cached\n%s--- uncached\n%s", name, v, got, want)
				break
			}
		}
	}
}

func isDirTest(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// What the cache keeps of a RUN holds nothing of the version it was read
// from: no instruction and no slice of the text, either of which would
// keep a whole old version of the document alive (found with gctrace: the
// live heap grew with every edit of a big file).
func TestShellCacheHoldsNoVersion(t *testing.T) {
	cacheEverything(t)
	text := "FROM alpine\nRUN apk add curl && echo \"hi $HOME\" | tee /x\nRUN <<EOF\nset -e\napt-get update\nEOF\n"
	m := dockerfile.Parse(text)
	cache := NewCache()
	Check(context.Background(), m, Options{Cache: cache})
	if len(cache.shells) != 2 {
		t.Fatalf("the cache read %d RUNs, want 2", len(cache.shells))
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(m.Text)))
	hi := lo + uintptr(len(m.Text))
	inText := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		return s != "" && p >= lo && p < hi
	}
	for k, e := range cache.shells {
		if inText(k.text) {
			t.Errorf("the key of %q is a slice of the document's text", k.text)
		}
		if e.r.in != nil {
			t.Errorf("the entry of %q keeps its instruction", k.text)
		}
		for _, c := range e.r.cmds {
			for _, w := range c.Words {
				if inText(w.Value) || inText(w.Raw) {
					t.Errorf("the word %q of %q is a slice of the document's text", w.Raw, k.text)
				}
			}
		}
	}
}

// cacheEverything makes the document cache keep RUNs of files of any size
// for the test: the thresholds that spare small files would leave the
// cache untested on them.
func cacheEverything(t *testing.T) {
	old := shellCacheMin
	shellCacheMin = 0
	t.Cleanup(func() { shellCacheMin = old })
}

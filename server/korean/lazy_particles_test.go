package korean

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// lazyParticle matches both forms of a particle written in parentheses
// after a word, leaving the choice to the reader: 이(가), 을(를), 은(는),
// 와(과), (으)로, (이)라 and their reversed spellings.
var lazyParticle = regexp.MustCompile(`[이가을를은는와과]\([이가을를은는와과]\)|\((?:으|이)\)`)

// pendingLazy counts lazy particles a file may still hold while someone
// fixes them; delete the entry at zero. Empty: none is allowed.
var pendingLazy = map[string]int{}

// root is the repository, two directories above this package.
const root = "../.."

// The user reads Korean written by a person: no message, document or
// setting leaves the particle for the reader to pick. Rephrase so the
// particle follows a fixed Korean noun ("`FROM` 지시문을", "`x` 컨테이너가"),
// or, for a Hangul word or a number, let Particle choose it.
func TestNoLazyParticles(t *testing.T) {
	var files []string
	walk := func(dir string, keep func(path string) bool) {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			if !d.IsDir() && keep(path) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("reading %s: %v", dir, err)
		}
	}
	ext := func(exts ...string) func(string) bool {
		return func(path string) bool {
			for _, e := range exts {
				if strings.HasSuffix(path, e) {
					return true
				}
			}
			return false
		}
	}
	walk("server", func(path string) bool { return strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") })
	walk("docs", ext(".md"))
	walk("editor-ext/src", ext(".ts"))
	walk("editor-ext/l10n", ext(".json"))
	walk("scripts", ext(".sh"))
	walk("testdata/lsp", ext(".txtar")) // the goldens: what the server says
	walk("testdata/lint", ext(".txtar"))
	files = append(files,
		filepath.Join(root, "README.md"),
		filepath.Join(root, "editor-ext/package.nls.ko.json"),
	)
	if len(files) < 100 {
		t.Fatalf("found only %d files to check; is the repository layout different?", len(files))
	}

	found := map[string]int{}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range lazyParticle.FindAllString(line, -1) {
				found[rel]++
				if found[rel] > pendingLazy[rel] {
					t.Errorf("%s:%d: %q leaves the particle to the reader; rephrase so it follows a Korean noun, or choose it with korean.Particle:\n\t%s",
						rel, i+1, m, strings.TrimSpace(line))
				}
			}
		}
	}
	for rel, n := range pendingLazy {
		if found[rel] < n {
			t.Errorf("%s now has %d lazy particles, not %d: lower its count in pendingLazy (delete the entry at zero)", rel, found[rel], n)
		}
	}
}

// The pattern finds every lazy spelling and nothing a person would write.
func TestLazyParticlePattern(t *testing.T) {
	for _, s := range []string{
		"컨테이너 'x'이(가)", "`FROM`을(를)", "`a`은(는)", "`b`와(과)", "`c`과(와)",
		"`d`(으)로", "`e`(이)라는", "`f`를(을)", "`g`가(이)", "`h`는(은)",
	} {
		if !lazyParticle.MatchString(s) {
			t.Errorf("%q is not caught", s)
		}
	}
	for _, s := range []string{
		"`x` 컨테이너가", "`FROM` 지시문을", "프런트엔드(1.26)로", "이미지(`nginx`)를",
		"사용 중단(deprecated)", "히어독(`<<EOF`)", "(이미지 `d83611d298ff`)", "설정(`dockerlab.build.tag`)",
	} {
		if lazyParticle.MatchString(s) {
			t.Errorf("%q is caught, but reads as written by a person", s)
		}
	}
}

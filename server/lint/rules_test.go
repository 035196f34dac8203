package lint

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/txtar"
)

// The catalogue names each rule once; every BuildKit and beginner rule has
// its page, its Korean message and a link, BuildKit's rules come with
// BuildKit's own metadata, and only the errors a build stops at cannot be
// turned off.
func TestCatalogue(t *testing.T) {
	count := map[Source]int{}
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.Name] {
			t.Errorf("%s is in the catalogue twice", r.Name)
		}
		seen[r.Name] = true
		count[r.Source]++
		if got, ok := RuleByName(r.Name); !ok || got.Name != r.Name {
			t.Errorf("RuleByName(%q) = %q, %v", r.Name, got.Name, ok)
		}
		if r.Suppressible() == (r.Source == Parser) {
			t.Errorf("%s: Suppressible() = %v for source %d", r.Name, r.Suppressible(), r.Source)
		}
		// BuildKit gives InvalidBaseImagePlatform no page.
		if (r.Href == "" && r.Name != linter.RuleInvalidBaseImagePlatform.Name) || r.Severity == 0 {
			t.Errorf("%s: no link (%q) or no severity (%d)", r.Name, r.Href, r.Severity)
		}
		if r.Source != Parser && r.Name != "ChecksSkipped" && (!r.Documented || r.Message == "" || r.Summary == r.Name) {
			t.Errorf("%s: documented %v, message %q, summary %q", r.Name, r.Documented, r.Message, r.Summary)
		}
	}
	if count[BuildKit] != 22 || count[Dockerlab] != 17 || count[Parser] != 8 {
		t.Errorf("catalogue has %d BuildKit, %d dockerlab and %d parser rules, want 22, 17 and 8", count[BuildKit], count[Dockerlab], count[Parser])
	}
	ig, _ := RuleByName(linter.RuleInvalidDefinitionDescription.Name)
	if !ig.Experimental || ig.Href != linter.RuleInvalidDefinitionDescription.URL || ig.Severity != Information {
		t.Errorf("InvalidDefinitionDescription = %+v, want BuildKit's experimental rule with its URL, as info", ig)
	}
	if r, ok := RuleByName("NoSuchRule"); ok {
		t.Errorf("RuleByName(NoSuchRule) = %+v", r)
	}
	for s, want := range map[Severity]string{Error: "error", Warning: "warning", Information: "note", Hint: "note"} {
		if got := s.SARIFLevel(); got != want {
			t.Errorf("%s.SARIFLevel() = %q, want %q", s, got, want)
		}
	}
}

// Every finding the golden files and the corpus produce names a rule of
// the catalogue, with the catalogue's severity unless `# check=error=true`
// or BuildKit's uncertainty changed it.
func TestFindingsNameCatalogueRules(t *testing.T) {
	var texts []string
	archives, _ := filepath.Glob("../../testdata/lint/*.txtar")
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name == "Dockerfile" {
				texts = append(texts, string(f.Data))
			}
		}
	}
	files, _ := filepath.Glob("../../testdata/corpus/*.Dockerfile")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	if len(texts) < 20 {
		t.Fatalf("only %d Dockerfiles to check", len(texts))
	}
	codes := map[string]bool{}
	for _, text := range texts {
		for _, f := range Check(context.Background(), dockerfile.Parse(text), Options{}) {
			codes[f.Code] = true
			if _, ok := RuleByName(f.Code); !ok {
				t.Errorf("finding %s (%s) names no rule of the catalogue", f.Code, f.Message)
			}
		}
	}
	if len(codes) < 10 {
		t.Errorf("the Dockerfiles produced only %d rules: %v", len(codes), codes)
	}
}

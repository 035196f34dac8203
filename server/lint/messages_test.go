package lint

import (
	"testing"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
)

// Every BuildKit rule has a Korean message and a severity, and the
// arguments of its English message come back intact, whatever BuildKit
// quotes or leaves out.
func TestEveryBuildKitRuleHasKoreanMessage(t *testing.T) {
	for _, r := range Rules() {
		if r.Source != BuildKit {
			continue
		}
		name := r.Name
		msg, ok := docs.RuleMessages()[name]
		if !ok || msg.Template == "" {
			t.Errorf("docs/rules/messages.md has no row for %s", name)
		}
		if docs.Rule(name) == "" {
			t.Errorf("docs/rules/%s.md is missing", name)
		}
	}
	cases := []struct {
		rule, english string
		want          []string
	}{
		{"UndefinedVar", linter.RuleUndefinedVar.Format("PORT", ""), []string{"PORT", ""}},
		{"UndefinedVar", linter.RuleUndefinedVar.Format("PROT", "PORT"), []string{"PROT", "PORT"}},
		{"DuplicateStageName", linter.RuleDuplicateStageName.Format("build"), []string{"build"}},
		{"SecretsUsedInArgOrEnv", linter.RuleSecretsUsedInArgOrEnv.Format("ENV", "API_KEY"), []string{"ENV", "API_KEY"}},
		{"LegacyKeyValueFormat", linter.RuleLegacyKeyValueFormat.Format("ENV"), []string{"ENV"}},
		{"FromAsCasing", linter.RuleFromAsCasing.Format("FROM", "as"), []string{"FROM", "as"}},
	}
	for _, c := range cases {
		got := rule(c.rule).matcher.args(c.english)
		if len(got) != len(c.want) {
			t.Errorf("%s: args(%q) = %q", c.rule, c.english, got)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: args(%q) = %q, want %q", c.rule, c.english, got, c.want)
			}
		}
		if k := koreanMessage(c.rule, c.english); k == c.english {
			t.Errorf("%s: no Korean message for %q", c.rule, c.english)
		}
	}
}

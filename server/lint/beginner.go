package lint

import (
	"os"
	"regexp"
	"sync"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// BeginnerRules are dockerlab's own rules for the mistakes learners make
// most, in the order of docs/rules/README.md. Each has a page
// docs/rules/<name>.md and a row in docs/rules/messages.md, which give its
// severity and Korean message; `# check=skip=<name>` and the
// dockerlab.lint.skip setting turn it off like any BuildKit rule.
var BeginnerRules = []string{
	"PinBaseImageTag", "AptGetInstallYes", "AptNoInstallRecommends", "AptCleanLists",
	"AptUpdateAlone", "WorkdirInsteadOfCd", "CopyInsteadOfAdd", "PipNoCacheDir",
	"ApkNoCache", "NoSudo", "PipefailForPipes", "NpmCiInsteadOfInstall",
	"LastUserRoot", "ConsecutiveRuns", "ExposePortRange", "CopySourceMissing",
}

// beginnerFindings runs dockerlab's own rules. contextDir is the build
// context for the rules that look at files ("" when unknown).
func beginnerFindings(m *dockerfile.Model, contextDir string) []Finding {
	if st, err := os.Stat(contextDir); contextDir != "" && (err != nil || !st.IsDir()) {
		contextDir = "" // a file not on disk yet: judge without its context
	}
	var out []Finding
	out = append(out, pinBaseImageTag(m)...)
	var runs []runScript
	for _, in := range m.Instructions {
		if r, ok := shellRun(m, in); ok {
			runs = append(runs, r)
		}
	}
	for _, r := range runs {
		out = append(out, aptFindings(r)...)
		out = append(out, packageFindings(m, r, contextDir)...)
		out = append(out, shellFindings(m, r)...)
	}
	out = append(out, consecutiveRuns(m)...)
	out = append(out, copyFindings(m, contextDir)...)
	out = append(out, lastUserRoot(m)...)
	out = append(out, exposePortRange(m)...)
	return out
}

// finding makes a finding of one of dockerlab's rules with its severity,
// Korean message (args fill {1}, {2}, …) and the link on its page.
func finding(rule string, span dockerfile.Span, args ...string) Finding {
	return Finding{
		Span:     span,
		Severity: severityOf(rule, Warning),
		Code:     rule,
		Message:  fillTemplate(docs.RuleMessages()[rule].Template, args),
		Href:     ruleLink(rule),
		args:     args,
	}
}

var (
	linkMu    sync.Mutex
	ruleLinks = map[string]string{}
	linkRe    = regexp.MustCompile(`\]\((https?://[^)\s]+)\)`)
)

// ruleLink is the last link on a rule's page: the official reference or
// best-practice section the page points the learner to.
func ruleLink(rule string) string {
	linkMu.Lock()
	defer linkMu.Unlock()
	if l, ok := ruleLinks[rule]; ok {
		return l
	}
	all := linkRe.FindAllStringSubmatch(docs.Rule(rule), -1)
	l := ""
	if len(all) > 0 {
		l = all[len(all)-1][1]
	}
	ruleLinks[rule] = l
	return l
}

// dropRedundantStops leaves out BuildKit's "stops here" error on a line
// where a rule already explains the error (EXPOSE 70000 is ExposePortRange).
func dropRedundantStops(m *dockerfile.Model, fs []Finding) []Finding {
	explained := map[int]bool{}
	for _, f := range fs {
		if f.Code != "BuildCheckError" && f.Severity == Error {
			explained[m.Mapper.Position(f.Span.Start).Line] = true
		}
	}
	out := fs[:0]
	for _, f := range fs {
		if f.Code == "BuildCheckError" && explained[m.Mapper.Position(f.Span.Start).Line] {
			continue
		}
		out = append(out, f)
	}
	return out
}

package lint

import (
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Source says who defines a rule, and so whether it can be turned off.
type Source int

// The sources of rules.
const (
	// Parser rules are the errors a build stops at: the parser's, an
	// unknown flag, and the line where BuildKit's checks stop. Nothing
	// turns them off.
	Parser Source = iota + 1
	// BuildKit rules are BuildKit's build checks, those of
	// `docker build --check`, run in process.
	BuildKit
	// Dockerlab rules are dockerlab's own: the beginner rules and its notices.
	Dockerlab
)

// Rule is one entry of the rule catalogue: everything dockerlab knows about
// a rule, so that the checks, their fixes, completion and `dockerlab check`
// read one place instead of each keeping a list of names.
type Rule struct {
	Name   string
	Source Source
	// Severity is the rule's default severity (docs/rules/messages.md for
	// the rules that have a row there); `# check=error=true` raises it for
	// a file, and UndefinedVar lowers it where BuildKit cannot be sure.
	Severity Severity
	// Experimental marks a BuildKit rule that runs only when
	// `# check=experimental=` names it.
	Experimental bool
	// Documented tells whether docs/rules/<Name>.md explains the rule.
	Documented bool
	// Summary is the one-line summary at the top of the rule's page, or the
	// rule's name when it has no page.
	Summary string
	// Href is where to read more about the rule. Parse errors link to the
	// instruction they are about instead.
	Href string
	// Message is the Korean message template ({1}, {2}, … are the rule's
	// details), or "" when the code writes the message.
	Message string

	// fix is the rule's own quick fix for a finding, when it has a safe one.
	fix func(m *dockerfile.Model, f Finding) (Fix, bool)
	// span narrows a BuildKit finding, which BuildKit places on whole
	// lines, to the word it is about (args are the message's details).
	span func(m *dockerfile.Model, in *dockerfile.Instruction, args []string) (dockerfile.Span, bool)
	// format is a BuildKit rule's Format function, which writes its English
	// message; matcher recovers the details from such a message.
	format  any
	matcher *ruleMatcher
	// readsOtherLines marks a BuildKit rule whose verdict on a line depends
	// on other lines: the variables and ARGs defined before it, the SHELL in
	// effect, the stage it is in and the stages it builds on. Where BuildKit
	// did not see such a line as written, the finding is dropped.
	readsOtherLines bool
	// explainsStop is the start of the BuildKit error a dockerlab rule
	// explains better on the same line, so that error is not reported
	// twice: `EXPOSE 70000` stops BuildKit with "invalid containerPort:
	// 70000", and ExposePortRange says why.
	explainsStop string
}

// Suppressible reports whether `# check=skip=`, `# dockerlab ignore=` and
// the dockerlab.lint.skip setting can turn the rule off.
func (r Rule) Suppressible() bool { return r.Source != Parser }

// SARIFLevel is the severity as SARIF names it: info and hint are notes.
func (s Severity) SARIFLevel() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

var (
	catalogueOnce sync.Once
	catalogue     []Rule
	catalogueAt   map[string]int
)

// Rules lists every rule dockerlab reports: the parse errors, BuildKit's
// build checks in BuildKit's order, then dockerlab's own rules in the order
// of docs/rules/README.md. The slice is the caller's.
func Rules() []Rule {
	loadCatalogue()
	return append([]Rule(nil), catalogue...)
}

// RuleByName returns the rule a finding's Code names.
func RuleByName(name string) (Rule, bool) {
	loadCatalogue()
	i, ok := catalogueAt[name]
	if !ok {
		return Rule{}, false
	}
	return catalogue[i], true
}

// loadCatalogue assembles the catalogue once, filling in what the docs say
// of each rule: severity, Korean message, summary and link.
func loadCatalogue() {
	catalogueOnce.Do(func() {
		all := append(append(parserRules(), buildkitRules()...), dockerlabRules()...)
		catalogueAt = make(map[string]int, len(all))
		for i := range all {
			r := &all[i]
			if msg, ok := docs.RuleMessages()[r.Name]; ok {
				r.Message = msg.Template
				if s, ok := severityNamed(msg.Severity); ok {
					r.Severity = s
				}
			}
			page := docs.Rule(r.Name)
			r.Documented = page != ""
			r.Summary = summaryOf(r.Name, page)
			if r.Source == Dockerlab && r.Href == "" {
				r.Href = lastLink(page)
			}
			if r.format != nil {
				r.matcher = newMatcher(reflect.ValueOf(r.format))
			}
			catalogueAt[r.Name] = i
		}
		catalogue = all
	})
}

// severityNamed reads a severity as docs/rules/messages.md writes it.
func severityNamed(s string) (Severity, bool) {
	switch s {
	case "error":
		return Error, true
	case "warning":
		return Warning, true
	case "info":
		return Information, true
	case "hint":
		return Hint, true
	}
	return 0, false
}

// summaryOf is the one-line summary after " — " in the first line of a
// rule's page, or the rule's name.
func summaryOf(name, page string) string {
	first, _, _ := strings.Cut(page, "\n")
	if _, after, ok := strings.Cut(first, " — "); ok {
		return strings.TrimSpace(after)
	}
	return name
}

var linkRe = regexp.MustCompile(`\]\((https?://[^)\s]+)\)`)

// lastLink is the last link on a rule's page: the official reference or
// best-practice section the page points the learner to.
func lastLink(page string) string {
	all := linkRe.FindAllStringSubmatch(page, -1)
	if len(all) == 0 {
		return ""
	}
	return all[len(all)-1][1]
}

// rule is the catalogue entry of a rule dockerlab reports; a name outside
// the catalogue is a programming error, and gets a bare entry of its own
// name rather than a crash.
func rule(name string) Rule {
	if r, ok := RuleByName(name); ok {
		return r
	}
	return Rule{Name: name, Source: Dockerlab, Severity: Warning, Summary: name}
}

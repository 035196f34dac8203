// Package lint turns what is wrong with a Dockerfile into findings with Korean
// messages. It is a pure function of the parsed model and the build context
// it is given (an fs.FS); its catalogue (Rules) says what each rule is. The LSP layer turns
// findings into diagnostics and the `dockerlab check` command prints them.
package lint

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Severity orders findings; lower is more severe, as in LSP.
type Severity int

// Severities, numbered as LSP numbers them.
const (
	Error Severity = iota + 1
	Warning
	Information
	Hint
)

// String names the severity in English, for the CLI's JSON output.
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Information:
		return "info"
	default:
		return "hint"
	}
}

// Finding is one problem with its place, its rule and a Korean message.
type Finding struct {
	Span     dockerfile.Span
	Severity Severity
	Code     string   // rule name, e.g. "UnknownInstruction"
	Message  string   // Korean, 합니다체
	Href     string   // where to read more
	args     []string // the rule's details (its message's {1}, {2}, …), for the fixes
}

const referenceURL = "https://docs.docker.com/reference/dockerfile/"

// Options tune a check.
type Options struct {
	// Context is the build context (os.DirFS of the Dockerfile's
	// directory) for the checks that read it, such as CopyIgnoredFile and
	// NpmCiInsteadOfInstall; nil judges without it. Cache.ContextFiles
	// tells which of its paths the check read or looked for.
	Context fs.FS
	// Skip lists rule names not to report (the dockerlab.lint.skip setting);
	// "all" skips every rule. Parse errors are always reported.
	Skip []string
	// Cache keeps BuildKit's results per stage between checks of the same
	// document, so an edit re-checks only the stages it touched; nil checks
	// everything.
	Cache *Cache
	// Image tells what the local engine knows about base images (platform
	// and config) for InvalidBaseImagePlatform and UndefinedVar; nil treats
	// every base image as unknown: the build's own platform, and an
	// environment BuildKit's UndefinedVar cannot be sure of.
	Image ImageFunc
	// WithoutBuildKit leaves BuildKit's build checks out: parse errors and
	// dockerlab's rules only, for a first answer on a big file while
	// BuildKit's checks run (they cost most of a first check). It does
	// not end the cache's run, so the stages it did not check are not
	// forgotten for that.
	WithoutBuildKit bool
}

// Check returns the findings for m in file order: parse errors, BuildKit's
// own build checks (run in process, offline) and dockerlab's beginner rules,
// honouring `# check=skip=…;error=true`, `# dockerlab ignore=…` comments and
// opts.Skip. Each finding carries its quick fixes.
func Check(ctx context.Context, m *dockerfile.Model, opts Options) []Finding {
	out := make([]Finding, 0, len(m.Problems))
	for _, p := range m.Problems {
		if p.Kind == dockerfile.EmptyContinuation {
			continue // BuildKit's NoEmptyContinuation reports it
		}
		if f, ok := unknownFlag(m, p); ok {
			out = append(out, f)
			continue
		}
		out = append(out, problem(p))
	}
	dir := parseCheckDirective(m)
	// BuildKit's checks and dockerlab's rules read the model and nothing
	// of each other: they run side by side.
	var bk []Finding
	var carried panics
	done := make(chan struct{})
	if opts.WithoutBuildKit {
		close(done)
	} else {
		go func() {
			defer close(done)
			carried.run(func() { bk = buildkitFindings(ctx, m, opts.Cache, opts.Image.settled()) })
		}()
	}
	var rules []Finding
	bc := newBuildContext(opts.Context, opts.Cache.contextMemo(opts.Context, m.Text))
	if bc.known() {
		rules = append(rules, copyIgnored(m, bc)...)
	}
	rules = append(rules, beginnerFindings(m, bc, opts.Cache)...)
	<-done
	carried.raise()
	if !opts.WithoutBuildKit {
		opts.Cache.endRun() // once both sides are done with this run's entries
	}
	rules = append(bk, rules...)
	opts.Cache.setContextFiles(bc.paths())
	ignored := ignoreComments(m)
	skip := map[string]bool{}
	for _, s := range append(dir.skip, opts.Skip...) {
		skip[s] = true
	}
	for _, f := range rules {
		if skip["all"] || skip[f.Code] || ignored.covers(m, f) {
			continue
		}
		if dir.errors && f.Severity > Error && f.Severity < Hint { // hints stay hints
			f.Severity = Error
		}
		out = append(out, f)
	}
	out = dropExplainedStops(m, out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Span.Start < out[j].Span.Start })
	return out
}

// parserRules are the catalogue's entries for the errors a build stops at,
// which no setting turns off.
func parserRules() []Rule {
	stop := func(name, href string, fix fixFunc) Rule {
		return Rule{Name: name, Source: Parser, Severity: Error, Href: href, fix: fix}
	}
	return []Rule{
		stop("UnknownInstruction", referenceURL, instructionNameFix),
		stop("InvalidInstruction", referenceURL, nil),
		stop("UnknownFlag", referenceURL, flagNameFix),
		stop("NoInstructions", referenceURL+"#from", nil),
		stop("NoFrom", referenceURL+"#from", nil),
		stop("LineTooLong", referenceURL, nil),
		stop("ParseError", referenceURL, nil),
		stop("BuildCheckError", buildChecksURL, nil),
	}
}

// problem is the finding of a line the parser rejected.
func problem(p dockerfile.Problem) Finding {
	f := Finding{Span: p.Span, Severity: Error, Href: referenceURL}
	switch p.Kind {
	case dockerfile.UnknownInstruction:
		f.Code = "UnknownInstruction"
		f.args = []string{p.Keyword, p.Suggest}
		f.Message = fmt.Sprintf("Dockerfile에는 `%s` 지시문이 없습니다.", p.Keyword)
		if p.Suggest != "" {
			f.Message += fmt.Sprintf(" `%s` 지시문을 쓰려고 하셨나요?", p.Suggest)
		} else {
			f.Message += " 지시문은 `FROM`, `RUN`, `COPY`처럼 줄의 첫 단어로 씁니다."
		}
	case dockerfile.InvalidInstruction:
		f.Code = "InvalidInstruction"
		f.Message = fmt.Sprintf("`%s` 지시문의 형식이 올바르지 않습니다. 문법을 확인하십시오. (BuildKit: %s)", p.Keyword, p.Detail)
	case dockerfile.NoInstructions:
		f.Code = "NoInstructions"
		f.Message = "Dockerfile에 지시문이 없습니다. 첫 줄에 `FROM <베이스 이미지>`를 쓰십시오."
		f.Href = referenceURL + "#from"
	case dockerfile.NoFrom:
		f.Code = "NoFrom"
		f.Message = fmt.Sprintf("`%s`보다 먼저 `FROM`이 있어야 합니다. `FROM` 앞에는 `ARG`와 파서 지시자만 올 수 있습니다.", p.Keyword)
		f.Href = referenceURL + "#from"
	case dockerfile.LineTooLong:
		f.Code = "LineTooLong"
		f.Message = "줄이 너무 깁니다(64KiB 초과). BuildKit은 이 줄을 읽을 수 없습니다. `\\`로 여러 줄에 나눠 쓰십시오."
	default:
		f.Code = "ParseError"
		f.Message = fmt.Sprintf("Dockerfile을 해석할 수 없습니다. 이 줄을 고치십시오. (BuildKit: %s)", p.Detail)
	}
	return f
}

// instructionNameFix is UnknownInstruction's fix: the instruction the
// parser suggests, in the case the keyword was written in.
func instructionNameFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if s := f.arg(1); s != "" && in != nil {
		s = sameCase(s, in.Keyword)
		return replace("`"+s+"` 지시문으로 바꾸기", true, in.KeywordSpan, s)
	}
	return Fix{}, false
}

// dropExplainedStops leaves out BuildKit's "stops here" error only where a
// rule on the same line explains that very error. Any other finding on the
// line (a missing COPY source, a warning) explains something else, and the
// build-stopping error must stay: a file BuildKit rejects must never show
// only a warning.
func dropExplainedStops(m *dockerfile.Model, fs []Finding) []Finding {
	explained := map[int][]string{}
	for _, f := range fs {
		if prefix := rule(f.Code).explainsStop; prefix != "" {
			line := m.Mapper.Position(f.Span.Start).Line
			explained[line] = append(explained[line], prefix)
		}
	}
	if len(explained) == 0 {
		return fs
	}
	out := fs[:0]
	for _, f := range fs {
		if f.Code == "BuildCheckError" && slices.ContainsFunc(explained[m.Mapper.Position(f.Span.Start).Line],
			func(prefix string) bool { return strings.HasPrefix(f.arg(0), prefix) }) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// panics carries the first panic of worker goroutines to the goroutine
// that waits for them, which raises it again: a panic on a goroutine of its
// own would end the whole server, while the caller's recovery (the
// server's, dockerlab check's) turns it into an error for one request.
type panics struct {
	mu    sync.Mutex
	first any
}

// run calls f, keeping its panic.
func (p *panics) run(f func()) {
	defer func() {
		if r := recover(); r != nil {
			p.mu.Lock()
			if p.first == nil {
				p.first = r
			}
			p.mu.Unlock()
		}
	}()
	f()
}

// raise panics again with the first panic kept, if any.
func (p *panics) raise() {
	p.mu.Lock()
	r := p.first
	p.mu.Unlock()
	if r != nil {
		panic(r)
	}
}

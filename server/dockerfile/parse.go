package dockerfile

import (
	"bytes"
	"errors"
	"regexp"
	"strings"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// maxLine is just under the longest line BuildKit's scanner accepts (64 KiB).
const maxLine = 64*1024 - 2

// maxRecoveries bounds how many failing regions Parse blanks out and retries.
const maxRecoveries = 32

// Parse builds the model of text. It never fails: what BuildKit's parser
// rejects becomes a Problem, the offending lines are blanked and the rest of
// the file is parsed again, so one error does not hide everything after it.
func Parse(text string) *Model { return ParseCached(text, nil) }

// ParseCached is Parse with a cache of BuildKit's parse per stage (see
// ParseCache): after an edit, only the edited stage is parsed again. The
// model is the same as Parse's; a nil cache parses everything.
func ParseCached(text string, cache *ParseCache) *Model {
	return ParseMapped(text, document.NewMapper(text), cache)
}

// ParseMapped is ParseCached with text's mapper, which the editor's
// document already has.
func ParseMapped(text string, mp *document.Mapper, cache *ParseCache) *Model {
	run := cache.begin()
	defer cache.forget(run)
	m := &Model{Text: text, Mapper: mp, Escape: '\\'}
	lines := splitForParser(text, m.Mapper)
	for i, l := range lines {
		if len(l) > maxLine {
			m.Problems = append(m.Problems, Problem{Kind: LineTooLong, Span: m.lineSpan(i, i),
				Detail: "dockerfile line greater than max allowed size of 65535"})
			lines[i] = nil
		}
	}

	var res *parser.Result
	var chunks []chunkAt
	if cache != nil {
		escape := byte('\\')
		for _, d := range parseDirectives(m) {
			if d.Name == "escape" && d.Value == "`" {
				escape = '`'
			}
		}
		res, chunks = cache.parse(lines, escape, run)
	}
	for attempt := 0; res == nil; attempt++ {
		var err error
		res, err = parser.Parse(bytes.NewReader(bytes.Join(lines, []byte("\n"))))
		if err == nil {
			break
		}
		first, last := errorLines(err, len(lines))
		if strings.Contains(err.Error(), "file with no instructions") {
			if !m.hasBlocking() {
				m.Problems = append(m.Problems, Problem{Kind: NoInstructions, Span: Span{0, 0}, Detail: err.Error()})
			}
			res = nil
			break
		}
		m.Problems = append(m.Problems, Problem{Kind: ParseError, Span: m.lineSpan(first, last), Detail: cause(err)})
		if attempt >= maxRecoveries {
			res = nil
			break
		}
		for i := first; i <= last && i < len(lines); i++ {
			lines[i] = nil
		}
	}
	m.Directives = parseDirectives(m)
	if res == nil {
		return m
	}
	if res.EscapeToken == '`' {
		m.Escape = '`'
	}
	for _, w := range res.Warnings {
		if w.Location != nil {
			l := w.Location.Start.Line - 1
			m.Problems = append(m.Problems, Problem{Kind: EmptyContinuation, Span: m.lineSpan(l, l), Detail: w.Short})
		}
	}
	asm := cache.assemble(m, chunks, run)
	m.build(res.AST, cache, asm, chunks)
	m.resolveVars(asm)
	cache.keep(m, res.AST, asm, chunks, run)
	return m
}

// splitForParser cuts text into lines the way the mapper does (a lone "\r"
// also ends a line), so BuildKit's line numbers equal ours.
func splitForParser(text string, mp *document.Mapper) [][]byte {
	lines := make([][]byte, mp.LineCount())
	for i := range lines {
		lines[i] = []byte(mp.Line(i))
	}
	return lines
}

func (m *Model) hasBlocking() bool {
	for _, p := range m.Problems {
		if p.Kind == ParseError || p.Kind == LineTooLong {
			return true
		}
	}
	return false
}

// firstBlankedFrom is the first line that Parse blanked because BuildKit's
// scanner or parser rejected it and that starts with FROM (the line count
// when there is none): the stage it would have begun is unknown to the
// model.
func (m *Model) firstBlankedFrom() int {
	first := m.Mapper.LineCount()
	for _, p := range m.Problems {
		if p.Kind != ParseError && p.Kind != LineTooLong {
			continue
		}
		for l := m.Mapper.Position(p.Span.Start).Line; l <= m.Mapper.Position(p.Span.End).Line && l < first; l++ {
			words := strings.Fields(strings.TrimPrefix(m.Mapper.Line(l), "\ufeff"))
			if len(words) > 0 && strings.EqualFold(words[0], "FROM") {
				first = l
			}
		}
	}
	return first
}

// errorLines returns the zero-based lines an error of BuildKit's parser points at.
func errorLines(err error, n int) (first, last int) {
	var le *parser.LocationError
	if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		r := le.Locations[0]
		first, last = r[0].Start.Line-1, r[len(r)-1].End.Line-1
	}
	if first < 0 {
		first = 0
	}
	if last < first {
		last = first
	}
	if n > 0 && last >= n {
		last = n - 1
	}
	if first > last {
		first = last
	}
	return first, last
}

// cause strips BuildKit's wrapping down to its own message.
func cause(err error) string {
	var le *parser.LocationError
	if errors.As(err, &le) && le.Unwrap() != nil {
		return le.Unwrap().Error()
	}
	return err.Error()
}

// lineSpan covers zero-based lines first..last (content only).
func (m *Model) lineSpan(first, last int) Span {
	return Span{m.Mapper.LineStart(first), m.Mapper.LineEnd(last)}
}

var directiveRe = regexp.MustCompile(`^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.*?)[ \t]*$`)

// parseDirectives reads the parser directives at the top of the file: comment
// lines of the form `# key=value` before any other line.
func parseDirectives(m *Model) []Directive {
	var out []Directive
	for i := 0; i < m.Mapper.LineCount(); i++ {
		start := m.Mapper.LineStart(i)
		line := m.Mapper.Line(i)
		if i == 0 && strings.HasPrefix(line, "\ufeff") {
			line = line[3:]
			start += 3
		}
		sm := directiveRe.FindStringSubmatchIndex(line)
		if sm == nil {
			break
		}
		name := strings.ToLower(line[sm[2]:sm[3]])
		out = append(out, Directive{
			Name: name, Value: line[sm[4]:sm[5]],
			Span:      Span{start, start + len(line)},
			NameSpan:  Span{start + sm[2], start + sm[3]},
			ValueSpan: Span{start + sm[4], start + sm[5]},
		})
	}
	return out
}

// build turns BuildKit's AST into instructions and stages; the stages
// that asm has parts for are copied from them.
func (m *Model) build(ast *parser.Node, cache *ParseCache, asm *assembly, chunks []chunkAt) {
	// One allocation for every instruction (a big file has thousands).
	room := make([]Instruction, len(ast.Children))
	b := builder{stage: -1, blankedFrom: m.firstBlankedFrom()}
	segs := asm.segments()
	next := 0
	ck := 0 // the chunk of node i
	for i := 0; i < len(ast.Children); i++ {
		for ck < len(chunks) && i >= chunks[ck].node+chunks[ck].nodes {
			ck++
		}
		if next < len(segs) && segs[next].node == i {
			s := &segs[next]
			next++
			s.instr, s.prob = len(m.Instructions), len(m.Problems)
			if s.part != nil && !inherits(s.part.base, m.Stages) {
				b.stage++
				m.copyInstructions(s, ast.Children[i:i+s.nodes], room[i:i+s.nodes], b.stage)
				b.shell = nil
				i += s.nodes - 1
				continue
			}
			s.part = nil
		}
		var pre *parsed // BuildKit's parse of the node, made with its chunk
		if ck < len(chunks) && i >= chunks[ck].node {
			pre = chunks[ck].cmds[i-chunks[ck].node]
		}
		m.buildOne(ast.Children[i], &room[i], pre, cache, &b)
	}
	for k := range segs {
		s := &segs[k]
		s.end, s.pEnd = len(m.Instructions), len(m.Problems)
		if k+1 < len(segs) {
			s.end, s.pEnd = segs[k+1].instr, segs[k+1].prob
		}
	}
}

// builder is build's state between instructions.
type builder struct {
	stage int // the current stage, -1 before the first FROM
	// noFromDecided: NoFrom was reported, or ruled out because a line
	// before the first FROM might itself be the FROM (a mistyped FROM, a
	// template line a generator fills in, a FROM the parser rejected and
	// Parse blanked): then a missing stage is not certain.
	noFromDecided bool
	blankedFrom   int          // see firstBlankedFrom
	shell         *Instruction // the SHELL in effect in the current stage
}

// newStage is the stage that from begins.
func newStage(index int, from *Instruction) *Stage {
	st := &Stage{Index: index, From: from}
	if len(from.Args) > 0 {
		st.Base, st.BaseSpan = from.Args[0].Value, from.Args[0].Span
	}
	if len(from.Args) >= 3 && strings.EqualFold(from.Args[1].Value, "as") {
		st.Name, st.NameSpan = strings.ToLower(from.Args[2].Value), from.Args[2].Span
	}
	return st
}

// buildOne adds node's instruction, written to slot, to the model; pre is
// BuildKit's parse of node when it was made before.
func (m *Model) buildOne(node *parser.Node, slot *Instruction, pre *parsed, cache *ParseCache, b *builder) {
	in := m.instruction(node, slot)
	if in == nil {
		return
	}
	if in.Name == "FROM" {
		b.stage++
		m.Stages = append(m.Stages, newStage(b.stage, in))
	} else if !in.Known && mayStandForFrom(in.Keyword) {
		b.noFromDecided = true // `FORM x`, `{{ .base }}`: UnknownInstruction says it once
	} else if b.stage < 0 && in.Known && in.Name != "ARG" && !b.noFromDecided {
		b.noFromDecided = true
		if in.StartLine < b.blankedFrom {
			m.Problems = append(m.Problems, Problem{Kind: NoFrom, Span: in.KeywordSpan, Keyword: in.Keyword,
				Detail: "no build stage in current context"})
		}
	}
	in.Stage = b.stage
	if in.Name == "FROM" {
		b.shell = nil
	}
	in.Shell = b.shell
	if in.Name == "SHELL" {
		b.shell = in
	}
	if b.stage >= 0 {
		m.Stages[b.stage].Instructions = append(m.Stages[b.stage].Instructions, in)
	}
	m.Instructions = append(m.Instructions, in)

	switch {
	case !in.Known:
		m.Problems = append(m.Problems, Problem{Kind: UnknownInstruction, Span: in.KeywordSpan, Keyword: in.Keyword,
			Detail: "unknown instruction: " + in.Keyword, Suggest: suggest(in.Keyword)})
	case pre != nil:
		in.command = pre
	default:
		cmd, err := cache.instruction(m, in, node)
		if err == nil {
			in.command = cmd
		}
		if err != nil {
			m.Problems = append(m.Problems, Problem{Kind: InvalidInstruction, Span: m.lineSpan(in.StartLine, in.StartLine),
				Keyword: in.Keyword, Detail: cause(err)})
		}
	}
}

// mayStandForFrom reports whether an unknown instruction word could be the
// stage's FROM: a mistyped FROM, or no instruction at all (a template line
// such as `{{ .base }}`), as opposed to a typo of another instruction.
func mayStandForFrom(word string) bool {
	s := suggest(word)
	return s == "" || s == "FROM"
}

// instruction locates node in the text, its keyword, flags and words, and
// writes them to in; nil when the node has no words on its lines.
func (m *Model) instruction(node *parser.Node, in *Instruction) *Instruction {
	first, last := node.StartLine-1, node.EndLine-1
	if first < 0 || first >= m.Mapper.LineCount() {
		return nil
	}
	if last < first {
		last = first
	}
	words := m.words(first)
	if len(words) == 0 {
		return nil
	}
	kw := words[0]
	*in = Instruction{
		Keyword: kw.Value, Name: strings.ToUpper(kw.Value), Known: IsKnown(kw.Value),
		KeywordSpan: kw.Span, Span: Span{kw.Span.Start, m.Mapper.LineEnd(last)},
		StartLine: first, EndLine: last, Node: node,
	}
	rest := words[1:]
	for len(rest) > 0 && strings.HasPrefix(rest[0].Value, "--") && len(rest[0].Value) > 2 {
		in.Flags = append(in.Flags, newFlag(rest[0]))
		rest = rest[1:]
	}
	in.Args = rest
	return in
}

func newFlag(w Word) Flag {
	f := Flag{Span: w.Span}
	body := w.Value[2:]
	if eq := strings.IndexByte(body, '='); eq >= 0 {
		f.Name, f.Value, f.HasValue = body[:eq], body[eq+1:], true
		f.NameSpan = Span{w.Span.Start, w.Span.Start + 2 + eq}
		f.ValueSpan = Span{w.Span.Start + 3 + eq, w.Span.End}
	} else {
		f.Name = body
		f.NameSpan = w.Span
		f.ValueSpan = Span{w.Span.End, w.Span.End}
	}
	return f
}

// words splits the instruction that starts on line first into words, following
// continuation lines (ending in the escape character) and skipping comment and
// blank lines inside them. Heredoc bodies are not included.
func (m *Model) words(first int) []Word {
	var out []Word
	for i := first; i < m.Mapper.LineCount(); i++ {
		start := m.Mapper.LineStart(i)
		line := m.Mapper.Line(i)
		if i == 0 && strings.HasPrefix(line, "\ufeff") {
			line, start = line[3:], start+3
		}
		trimmed := strings.TrimSpace(line)
		if i > first && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		body := strings.TrimRight(line, " \t")
		cont := m.Continues(body) // BuildKit's rule: `\\` at the end is an escaped escape, not a continuation
		if cont {
			body = body[:len(body)-1]
		}
		out = appendWords(out, body, start)
		if !cont {
			break
		}
	}
	return out
}

// SplitWords splits one line's text at blanks (spaces and tabs) into words
// whose spans start at offset start of the file, as BuildKit separates an
// instruction's words.
func SplitWords(line string, start int) []Word { return appendWords(nil, line, start) }

// appendWords appends line's words to out (see SplitWords).
func appendWords(out []Word, line string, start int) []Word {
	for j := 0; j < len(line); {
		if line[j] == ' ' || line[j] == '\t' {
			j++
			continue
		}
		k := j
		for k < len(line) && line[k] != ' ' && line[k] != '\t' {
			k++
		}
		out = append(out, Word{Value: line[j:k], Span: Span{start + j, start + k}})
		j = k
	}
	return out
}

package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// stagePart is what one build stage adds to a model — its instructions,
// their problems, its variable definitions and references — with
// positions relative to the stage's first byte and line. ParseCache keeps
// it by the stage's text, so the model after an edit elsewhere copies the
// stage, moved to where it now is, instead of building it again: building
// the model was about half of an edit's cost in a big file.
//
// A stage's part depends on its own text, the escape character and the
// global ARGs (the text before the second chunk of the file, which holds
// them); a stage built on an earlier stage (`FROM build`) inherits that
// stage's variables and is always built.
type stagePart struct {
	base     string        // the FROM's base as written, to tell inheritance at use
	instrs   []Instruction // Node, Shell and Stage are set at use
	nodes    []int         // each instruction's node, from the stage's first node
	shells   []int         // each instruction's Shell in instrs, -1 for none
	words    int           // how many Args all instructions have
	flags    int           // how many Flags
	problems []Problem
	defs     []partDef
	refs     []partRef
	texts    []partRef
	heredocs []Heredoc
	lastRun  int
}

type partDef struct {
	def    VarDef // Instruction, Global and Stage are set at use
	instr  int
	global bool // Global is the global ARG of the same name
}

type partRef struct {
	ref     VarRef // Instruction, Def and Heredoc are set at use
	instr   int
	def     int  // the definition among the part's defs, -1 for none
	global  bool // Def is the global ARG of the same name
	heredoc int  // index into the part's heredocs, -1 for none
}

// assembly is how one model is put together from the cache: a segment per
// stage after the file's first chunk.
type assembly struct {
	segs []segment
}

type segment struct {
	line       int    // the stage's first line
	text       string // its text, from its first line to the next stage's
	node       int    // its first top-level node
	nodes      int
	seen       bool       // its chunk was parsed before: worth keeping
	part       *stagePart // from the cache; nil when built
	instr, end int        // its range in Model.Instructions
	prob, pEnd int        // in Model.Problems (build's)
	def, dEnd  int        // in Model.VarDefs
	ref, rEnd  int        // in Model.VarRefs
	txt, tEnd  int        // in Model.TextRefs
}

func (a *assembly) segments() []segment {
	if a == nil {
		return nil
	}
	return a.segs
}

// moved is s shifted by d; the empty span at 0 (a position that was not
// found) stays so.
func (s Span) moved(d int) Span {
	if s == (Span{}) {
		return s
	}
	return Span{s.Start + d, s.End + d}
}

// globalKey is the text the parts of a model depend on besides their own:
// everything before the second chunk (parser directives, global ARGs).
func globalKey(m *Model, chunks []chunkAt) string {
	return m.Text[:m.Mapper.LineStart(chunks[1].line)]
}

// assemble looks up the parts of m's stages; nil when m is too small to
// keep parts for or was not parsed in chunks.
func (c *ParseCache) assemble(m *Model, chunks []chunkAt, run int) *assembly {
	if c == nil || len(chunks) < 2 || m.Mapper.LineCount() < instrCacheMinLines {
		return nil
	}
	for _, p := range m.Problems {
		if p.Kind == LineTooLong { // its words are read from text the parser did not see
			return nil
		}
	}
	a := &assembly{segs: make([]segment, len(chunks)-1)}
	global := globalKey(m, chunks)
	c.mu.Lock()
	defer c.mu.Unlock()
	same := c.partsGlobal == global
	for k, ch := range chunks[1:] {
		end := len(m.Text)
		if k+2 < len(chunks) {
			end = m.Mapper.LineStart(chunks[k+2].line)
		}
		s := segment{line: ch.line, text: m.Text[m.Mapper.LineStart(ch.line):end], node: ch.node, nodes: ch.nodes, seen: ch.seen}
		if same {
			if p, ok := c.parts[s.text]; ok {
				p.lastRun = run
				s.part = p
				c.copied++
			}
		}
		a.segs[k] = s
	}
	return a
}

// keep stores the parts of m's stages that were built this time, seen in
// an earlier parse and can be copied safely.
func (c *ParseCache) keep(m *Model, ast *parser.Node, a *assembly, chunks []chunkAt, run int) {
	if a == nil {
		return
	}
	var made map[string]*stagePart
	var globals scope // the global ARGs, looked up once for every part
	for k := range a.segs {
		s := &a.segs[k]
		if s.part != nil || !s.seen {
			continue
		}
		if globals == nil {
			globals = m.globalScope()
		}
		if p := m.makePart(s, ast, globals); p != nil {
			if made == nil {
				made = map[string]*stagePart{}
			}
			p.lastRun = run
			made[strings.Clone(s.text)] = p
		}
	}
	if made == nil {
		return
	}
	global := globalKey(m, chunks)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.partsGlobal != global {
		c.partsGlobal = strings.Clone(global)
		c.parts = map[string]*stagePart{}
	}
	for k, p := range made {
		if _, ok := c.parts[k]; !ok {
			c.parts[k] = p
		}
	}
}

// makePart is segment s of m as a part, or nil when it cannot be copied
// safely: it is not exactly one stage, it inherits an earlier stage's
// variables, BuildKit rejected an instruction (its message names the line)
// or a variable is bound outside the stage and the global ARGs.
func (m *Model) makePart(s *segment, ast *parser.Node, global scope) *stagePart {
	instrs := m.Instructions[s.instr:s.end]
	if len(instrs) == 0 || instrs[0].Name != "FROM" || instrs[0].Stage < 0 {
		return nil
	}
	st := m.Stages[instrs[0].Stage]
	if st.From != instrs[0] || len(st.Instructions) != len(instrs) || inherits(st.Base, m.Stages[:st.Index]) {
		return nil
	}
	for _, p := range m.Problems[s.prob:s.pEnd] {
		if p.Kind != UnknownInstruction {
			return nil
		}
	}
	shift, lines := m.Mapper.LineStart(s.line), s.line
	p := &stagePart{base: st.Base, instrs: make([]Instruction, len(instrs)),
		nodes: make([]int, len(instrs)), shells: make([]int, len(instrs))}
	index := make(map[*Instruction]int, len(instrs))
	for j, in := range instrs {
		index[in] = j
	}
	nodeIndex := make(map[*parser.Node]int, s.nodes)
	for j, n := range ast.Children[s.node : s.node+s.nodes] {
		nodeIndex[n] = j
	}
	for j, in := range instrs {
		r := *in
		r.KeywordSpan, r.Span = r.KeywordSpan.moved(-shift), r.Span.moved(-shift)
		r.StartLine, r.EndLine = r.StartLine-lines, r.EndLine-lines
		r.Args = make([]Word, len(in.Args))
		for w, a := range in.Args {
			r.Args[w] = Word{Value: a.Value, Span: a.Span.moved(-shift)}
		}
		r.Flags = make([]Flag, len(in.Flags))
		for f, fl := range in.Flags {
			fl.Span, fl.NameSpan, fl.ValueSpan = fl.Span.moved(-shift), fl.NameSpan.moved(-shift), fl.ValueSpan.moved(-shift)
			r.Flags[f] = fl
		}
		p.words += len(in.Args)
		p.flags += len(in.Flags)
		n, ok := nodeIndex[in.Node]
		if !ok {
			return nil
		}
		p.nodes[j] = n
		p.shells[j] = -1
		if in.Shell != nil {
			sh, ok := index[in.Shell]
			if !ok {
				return nil
			}
			p.shells[j] = sh
		}
		r.Node, r.Shell, r.Stage = nil, nil, 0
		p.instrs[j] = r
	}
	for _, pr := range m.Problems[s.prob:s.pEnd] {
		pr.Span = pr.Span.moved(-shift)
		p.problems = append(p.problems, pr)
	}

	defIndex := map[*VarDef]int{}
	for j, d := range m.VarDefs[s.def:s.dEnd] {
		pd := partDef{def: *d}
		var ok bool
		if pd.instr, ok = index[d.Instruction]; !ok || (d.Global != nil && d.Global != global[d.Name]) {
			return nil
		}
		pd.global = d.Global != nil
		pd.def.NameSpan = d.NameSpan.moved(-shift)
		pd.def.Instruction, pd.def.Global, pd.def.Stage = nil, nil, 0
		defIndex[d] = j
		p.defs = append(p.defs, pd)
	}
	heredocIndex := map[*Heredoc]int{}
	part := func(r *VarRef) (partRef, bool) {
		pr := partRef{ref: *r, def: -1, heredoc: -1}
		var ok bool
		if pr.instr, ok = index[r.Instruction]; !ok {
			return pr, false
		}
		if r.Def != nil {
			if k, local := defIndex[r.Def]; local {
				pr.def = k
			} else if global[r.Name] == r.Def {
				pr.global = true
			} else {
				return pr, false
			}
		}
		if r.Heredoc != nil {
			k, ok := heredocIndex[r.Heredoc]
			if !ok {
				h := *r.Heredoc
				h.Marker, h.Terminator = h.Marker.moved(-shift), h.Terminator.moved(-shift)
				h.FirstBodyLine, h.TerminatorLine = h.FirstBodyLine-lines, h.TerminatorLine-lines
				k = len(p.heredocs)
				p.heredocs = append(p.heredocs, h)
				heredocIndex[r.Heredoc] = k
			}
			pr.heredoc = k
		}
		pr.ref.Span, pr.ref.NameSpan = r.Span.moved(-shift), r.NameSpan.moved(-shift)
		pr.ref.Instruction, pr.ref.Def, pr.ref.Heredoc = nil, nil, nil
		return pr, true
	}
	for _, r := range m.VarRefs[s.ref:s.rEnd] {
		pr, ok := part(r)
		if !ok {
			return nil
		}
		p.refs = append(p.refs, pr)
	}
	for _, r := range m.TextRefs[s.txt:s.tEnd] {
		pr, ok := part(r)
		if !ok {
			return nil
		}
		p.texts = append(p.texts, pr)
	}
	return p
}

// KeptStages is how many stages' shares of the model the cache keeps, for
// tests and profiles.
func (c *ParseCache) KeptStages() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.parts)
}

// inherits reports whether a stage built on base starts from the
// variables of one of the earlier stages (`FROM build`), as resolveVars
// reads it.
func inherits(base string, earlier []*Stage) bool {
	if base == "" {
		return false
	}
	base = strings.ToLower(base)
	for _, e := range earlier {
		if e.Name == base {
			return true
		}
	}
	return false
}

// globalScope is the global ARGs by name, the last definition of each, as
// a stage sees them.
func (m *Model) globalScope() scope {
	g := scope{}
	for _, d := range m.VarDefs {
		if d.Stage >= 0 {
			break
		}
		g[d.Name] = d
	}
	return g
}

// copyInstructions adds part p's instructions for segment s to the model:
// room holds them, nodes are the segment's top-level nodes, stage is the
// index of the stage they form.
func (m *Model) copyInstructions(s *segment, nodes []*parser.Node, room []Instruction, stage int) {
	p := s.part
	shift, lines := m.Mapper.LineStart(s.line), s.line
	words := make([]Word, p.words)
	flags := make([]Flag, p.flags)
	for j := range p.instrs {
		in := &room[j]
		*in = p.instrs[j]
		in.KeywordSpan, in.Span = in.KeywordSpan.moved(shift), in.Span.moved(shift)
		in.StartLine, in.EndLine = in.StartLine+lines, in.EndLine+lines
		n := len(in.Args)
		args := words[:n:n]
		words = words[n:]
		for w, a := range in.Args {
			args[w] = Word{Value: a.Value, Span: a.Span.moved(shift)}
		}
		in.Args = args
		n = len(in.Flags)
		fs := flags[:n:n]
		flags = flags[n:]
		for f, fl := range in.Flags {
			fl.Span, fl.NameSpan, fl.ValueSpan = fl.Span.moved(shift), fl.NameSpan.moved(shift), fl.ValueSpan.moved(shift)
			fs[f] = fl
		}
		in.Flags = fs
		in.Node = nodes[p.nodes[j]]
		in.Stage = stage
		if p.shells[j] >= 0 {
			in.Shell = &room[p.shells[j]]
		}
		m.Instructions = append(m.Instructions, in)
	}
	st := newStage(stage, &room[0])
	st.Instructions = make([]*Instruction, len(p.instrs))
	copy(st.Instructions, m.Instructions[len(m.Instructions)-len(p.instrs):])
	m.Stages = append(m.Stages, st)
	for _, pr := range p.problems {
		pr.Span = pr.Span.moved(shift)
		m.Problems = append(m.Problems, pr)
	}
}

// copyVars adds part p's definitions and references for segment s to the
// model, bound to global (the global ARGs), and returns the stage's
// variables at its end.
func (m *Model) copyVars(s *segment, global scope) scope {
	p := s.part
	shift, lines := m.Mapper.LineStart(s.line), s.line
	instrs := m.Instructions[s.instr:s.end]
	stage := instrs[0].Stage
	cur := scope{}
	defs := make([]VarDef, len(p.defs))
	for j, pd := range p.defs {
		d := &defs[j]
		*d = pd.def
		d.NameSpan = d.NameSpan.moved(shift)
		d.Instruction, d.Stage = instrs[pd.instr], stage
		if pd.global {
			d.Global = global[d.Name]
		}
		cur[d.Name] = d
		m.VarDefs = append(m.VarDefs, d)
	}
	heredocs := make([]Heredoc, len(p.heredocs))
	for j, h := range p.heredocs {
		h.Marker, h.Terminator = h.Marker.moved(shift), h.Terminator.moved(shift)
		h.FirstBodyLine, h.TerminatorLine = h.FirstBodyLine+lines, h.TerminatorLine+lines
		heredocs[j] = h
	}
	refs := make([]VarRef, len(p.refs)+len(p.texts))
	place := func(pr partRef, r *VarRef) *VarRef {
		*r = pr.ref
		r.Span, r.NameSpan = r.Span.moved(shift), r.NameSpan.moved(shift)
		r.Instruction = instrs[pr.instr]
		switch {
		case pr.def >= 0:
			r.Def = &defs[pr.def]
		case pr.global:
			r.Def = global[r.Name]
		}
		if pr.heredoc >= 0 {
			r.Heredoc = &heredocs[pr.heredoc]
		}
		return r
	}
	for j, pr := range p.refs {
		m.VarRefs = append(m.VarRefs, place(pr, &refs[j]))
	}
	for j, pr := range p.texts {
		m.TextRefs = append(m.TextRefs, place(pr, &refs[len(p.refs)+j]))
	}
	return cur
}

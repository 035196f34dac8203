package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// VarKind tells build-time ARGs from runtime ENVs.
type VarKind int

const (
	// Arg is a build argument (ARG): it exists only while building.
	Arg VarKind = iota
	// Env is an environment variable (ENV): it stays in the image and the container.
	Env
	// Predefined is one of BuildKit's automatic ARGs (TARGETARCH, HTTP_PROXY, ...).
	Predefined
)

// VarDef is one definition of a variable by ARG or ENV.
type VarDef struct {
	Name        string
	Kind        VarKind
	Raw         string // the value as written ("" when none)
	Value       string // the value with earlier variables expanded
	HasValue    bool
	NameSpan    Span
	Instruction *Instruction
	Stage       int     // -1: global scope (before the first FROM)
	Global      *VarDef // for an ARG without value redeclaring a global ARG: that ARG
	// Unresolved names the variables an ENV value uses that no ARG or ENV
	// of the file defines (`$PATH` in `ENV PATH=/app/bin:$PATH`): they come
	// from the base image, so Value keeps them as written.
	Unresolved []string
}

// Expansion tells who replaces a variable reference with its value, and
// when. BuildKit substitutes variables only in some places (the reference's
// "Environment replacement" list: ADD, COPY, ENV, EXPOSE, FROM, LABEL,
// STOPSIGNAL, USER, VOLUME, WORKDIR, ARG defaults, `RUN --mount` and the
// `--chown`/`--chmod`/`--checksum` flags, unquoted COPY/ADD heredocs); in
// shell-form commands the shell does it when the step or the container runs.
type Expansion int

const (
	// ByBuilder: BuildKit substitutes it while building, from the ARGs and
	// ENVs in scope and the base image's environment.
	ByBuilder Expansion = iota
	// ByShell: shell-form RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD text and
	// RUN heredoc bodies. BuildKit passes the text on unchanged and the shell
	// expands it when the step (or the container) runs, with the variables
	// of its environment and those the command sets itself.
	ByShell
	// NotExpanded: nobody substitutes it: exec-form JSON arrays (no shell),
	// SHELL, MAINTAINER, and flags BuildKit reads literally.
	NotExpanded
	// Literal: inside single quotes, or in the body of a heredoc whose
	// delimiter is quoted: the text stays `$NAME`.
	Literal
	// Deferred: an ONBUILD trigger, run by the build that uses this image
	// as its base, in that build's scope.
	Deferred
)

// VarRef is a use of a variable: `$NAME`, `${NAME}` or `${NAME:-default}`.
type VarRef struct {
	Name        string
	Span        Span // the whole reference
	NameSpan    Span
	Instruction *Instruction
	Def         *VarDef // the definition in scope, or nil (predefined or undefined)
	Predefined  bool    // an automatic ARG usable here without a definition
	Expansion   Expansion
	Flag        string // the flag whose value holds the reference ("" for an argument)
	// Heredoc is the heredoc whose body holds the reference, or nil.
	Heredoc *Heredoc
	// Script: a RUN heredoc that is the whole command (`RUN <<EOF`): the
	// shell runs its body as a script.
	Script bool
}

// PredefinedArgs are the ARGs BuildKit defines by itself. The platform ARGs
// live in the global scope (usable in FROM; inside a stage only after
// `ARG NAME`); the proxy ARGs are usable anywhere without an ARG.
var PredefinedArgs = map[string]bool{
	"TARGETPLATFORM": true, "TARGETOS": true, "TARGETARCH": true, "TARGETVARIANT": true,
	"BUILDPLATFORM": true, "BUILDOS": true, "BUILDARCH": true, "BUILDVARIANT": true,
	"HTTP_PROXY": false, "http_proxy": false, "HTTPS_PROXY": false, "https_proxy": false,
	"FTP_PROXY": false, "ftp_proxy": false, "NO_PROXY": false, "no_proxy": false,
	"ALL_PROXY": false, "all_proxy": false,
}

// VarAt returns the variable reference or definition name at offset:
// references of VarRefs and TextRefs alike.
func (m *Model) VarAt(offset int) (*VarRef, *VarDef) {
	for _, r := range m.VarRefs {
		if r.Span.Contains(offset) {
			return r, nil
		}
	}
	for _, r := range m.TextRefs {
		if r.Span.Contains(offset) {
			return r, nil
		}
	}
	for _, d := range m.VarDefs {
		if d.NameSpan.Contains(offset) {
			return nil, d
		}
	}
	return nil, nil
}

// scope is the variables visible at one point of the file. Get and Keys
// make it BuildKit's shell.EnvGetter, so its lexer expands words with it.
type scope map[string]*VarDef

// Get returns the value of the variable name in scope.
func (s scope) Get(name string) (string, bool) {
	if d, ok := s[name]; ok {
		return d.Value, true
	}
	return "", false
}

// Keys returns the names in scope, in no order.
func (s scope) Keys() []string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	return keys
}

// resolveVars finds every definition and reference and binds references to
// the definition in scope, following BuildKit's rules: global ARGs are seen
// by FROM lines, and inside a stage only once redeclared; a stage built FROM
// an earlier stage starts with that stage's ENVs and ARGs (BuildKit copies
// the parent's state and build args); a reference sees the state before its
// own instruction.
//
// The stages asm has parts for are copied from them.
func (m *Model) resolveVars(asm *assembly) {
	lex := shell.NewLex(rune(m.Escape))
	global := scope{}
	var cur scope
	stageEnv := map[string]scope{} // stage name -> ARGs and ENVs at its end
	stageIdx := -1
	segs := asm.segments()
	next := 0
	for i := 0; i < len(m.Instructions); i++ {
		in := m.Instructions[i]
		if next < len(segs) && segs[next].instr == i {
			s := &segs[next]
			next++
			s.def, s.ref, s.txt = len(m.VarDefs), len(m.VarRefs), len(m.TextRefs)
			if s.part != nil {
				stageIdx = in.Stage
				cur = m.copyVars(s, global)
				if name := m.Stages[stageIdx].Name; name != "" {
					stageEnv[name] = cur
				}
				i = s.end - 1
				continue
			}
		}
		if in.Name == "FROM" {
			stageIdx = in.Stage
			m.bindRefs(in, global, true)
			cur = scope{}
			if st := m.Stages[stageIdx]; st.Base != "" {
				if env, ok := stageEnv[strings.ToLower(st.Base)]; ok {
					for k, v := range env {
						cur[k] = v
					}
				}
			}
			continue
		}
		env := cur
		if stageIdx < 0 {
			env = global
		}
		m.bindRefs(in, env, stageIdx < 0)
		switch in.Name {
		case "ARG", "ENV":
			for _, d := range m.definitions(in, env, lex) {
				d.Stage = stageIdx
				if d.Kind == Arg && !d.HasValue && stageIdx >= 0 {
					if g, ok := global[d.Name]; ok {
						d.Global, d.Value, d.Raw = g, g.Value, g.Raw
					}
				}
				env[d.Name] = d
				m.VarDefs = append(m.VarDefs, d)
			}
		}
		if stageIdx >= 0 {
			if name := m.Stages[stageIdx].Name; name != "" {
				// cur is replaced, never changed, once its stage ends: no copy needed.
				stageEnv[name] = cur
			}
		}
	}
	for k := range segs {
		s := &segs[k]
		s.dEnd, s.rEnd, s.tEnd = len(m.VarDefs), len(m.VarRefs), len(m.TextRefs)
		if k+1 < len(segs) {
			s.dEnd, s.rEnd, s.tEnd = segs[k+1].def, segs[k+1].ref, segs[k+1].txt
		}
	}
}

// bindRefs records the variable references of in, bound to env: those
// in its flags and words in VarRefs; those inside single quotes and heredoc
// bodies, which only hover explains, in TextRefs.
func (m *Model) bindRefs(in *Instruction, env scope, globalScope bool) {
	bind := func(r *VarRef) *VarRef {
		r.Instruction = in
		if d, ok := env[r.Name]; ok {
			r.Def = d
		} else if platform, ok := PredefinedArgs[r.Name]; ok && (!platform || globalScope) {
			r.Predefined = true
		}
		return r
	}
	for _, f := range in.Flags {
		if !f.HasValue {
			continue
		}
		exp := flagExpansion(in.Name, f.Name)
		var q quoteState
		refs, quoted := scanWord(f.Value, f.ValueSpan.Start, m.Escape, true, &q)
		for _, r := range refs {
			r.Expansion, r.Flag = exp, f.Name
			m.VarRefs = append(m.VarRefs, bind(r))
		}
		for _, r := range quoted {
			r.Expansion, r.Flag = Literal, f.Name
			m.TextRefs = append(m.TextRefs, bind(r))
		}
	}
	exp := m.argExpansion(in)
	var q quoteState // quotes may span words: 'a $X b'
	for _, w := range in.Args {
		refs, quoted := scanWord(w.Value, w.Span.Start, m.Escape, exp != NotExpanded, &q)
		for _, r := range refs {
			r.Expansion = exp
			m.VarRefs = append(m.VarRefs, bind(r))
		}
		for _, r := range quoted {
			r.Expansion = Literal
			if exp == Deferred {
				r.Expansion = Deferred
			}
			m.TextRefs = append(m.TextRefs, bind(r))
		}
	}
	if in.Node == nil || len(in.Node.Heredocs) == 0 {
		return
	}
	for k, h := range m.Heredocs(in) {
		nh := in.Node.Heredocs[k]
		start, end := m.Mapper.LineStart(h.FirstBodyLine), m.Mapper.LineStart(h.TerminatorLine)
		if end <= start || end > len(m.Text) {
			continue
		}
		h := h
		script := in.Name == "RUN" && len(in.Args) == 1 && in.Args[0].Span == h.Marker
		shellBody := in.Name == "RUN" || (in.Name == "ONBUILD" && len(in.Args) > 0 && strings.EqualFold(in.Args[0].Value, "RUN"))
		var body Expansion
		switch {
		case in.Name == "ONBUILD":
			body = Deferred
		case shellBody && script && !shellShebang(m.Mapper.Line(h.FirstBodyLine)):
			body = NotExpanded // a `#!` program other than a shell runs the body
		case shellBody && (script || nh.Expand):
			body = ByShell
		case !shellBody && nh.Expand:
			body = ByBuilder
		default:
			body = Literal
		}
		// BuildKit expands a COPY/ADD heredoc with quotes left as they are
		// (SkipProcessQuotes) and `\` as the escape; the shell honours quotes.
		var q quoteState
		refs, quoted := scanWord(m.Text[start:end], start, '\\', shellBody, &q)
		for _, r := range refs {
			r.Expansion, r.Heredoc, r.Script = body, &h, script
			m.TextRefs = append(m.TextRefs, bind(r))
		}
		for _, r := range quoted {
			r.Expansion, r.Heredoc, r.Script = Literal, &h, script
			if body == Deferred || body == NotExpanded {
				r.Expansion = body
			}
			m.TextRefs = append(m.TextRefs, bind(r))
		}
	}
}

// shells are the interpreters that expand `$NAME` the way sh does.
var shells = map[string]bool{"sh": true, "bash": true, "ash": true, "dash": true, "zsh": true, "ksh": true, "mksh": true, "busybox": true}

// shellShebang reports whether a script's first line leaves it to a shell:
// no `#!` line (BuildKit runs it with the default shell), or one naming a
// shell directly or through env.
func shellShebang(first string) bool {
	first = strings.TrimSpace(first)
	if !strings.HasPrefix(first, "#!") {
		return true
	}
	f := strings.Fields(first[2:])
	if len(f) == 0 {
		return true
	}
	prog := f[0][strings.LastIndexByte(f[0], '/')+1:]
	if prog == "env" {
		for _, a := range f[1:] {
			if !strings.HasPrefix(a, "-") {
				prog = a
				break
			}
		}
	}
	return shells[prog]
}

// argExpansion tells who expands the variables in the words of in.
func (m *Model) argExpansion(in *Instruction) Expansion {
	json := in.Node != nil && in.Node.Attributes["json"]
	switch in.Name {
	case "RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK":
		if json {
			return NotExpanded
		}
		return ByShell
	case "SHELL", "MAINTAINER":
		return NotExpanded
	case "ONBUILD":
		return Deferred
	}
	return ByBuilder
}

// flagExpansion tells whether BuildKit substitutes variables in the value
// of an instruction's flag: FROM --platform, RUN --mount, and COPY/ADD
// --chown, --chmod and ADD --checksum; it reads every other flag as written
// (a variable in COPY --from stops the build).
func flagExpansion(instruction, flag string) Expansion {
	switch instruction + " " + strings.ToLower(flag) {
	case "FROM platform", "RUN mount", "COPY chown", "COPY chmod", "ADD chown", "ADD chmod", "ADD checksum":
		return ByBuilder
	}
	if instruction == "ONBUILD" {
		return Deferred
	}
	return NotExpanded
}

// definitions returns the ARG or ENV definitions of in, with name spans.
func (m *Model) definitions(in *Instruction, env scope, lex *shell.Lex) []*VarDef {
	if in.command == nil || (in.Name != "ARG" && in.Name != "ENV") {
		return nil
	}
	kind := Env
	if in.Name == "ARG" {
		kind = Arg
	}
	pairs := in.command.pairs
	var out []*VarDef
	from := in.KeywordSpan.End
	for _, p := range pairs {
		d := &VarDef{Name: p.key, Kind: kind, Raw: p.value, Value: p.value, HasValue: p.has, Instruction: in}
		if i := strings.Index(m.Text[from:in.Span.End], p.key); i >= 0 {
			d.NameSpan = Span{from + i, from + i + len(p.key)}
			from = d.NameSpan.End
		}
		if p.has && kind == Env {
			inSingle := false
			for _, r := range ScanVariables(p.value, 0, m.Escape, true, &inSingle) {
				plain := r.Span.End-r.Span.Start == len(r.Name)+1 || r.Span.End-r.Span.Start == len(r.Name)+3
				if _, ok := env[r.Name]; !ok && plain {
					d.Unresolved = append(d.Unresolved, r.Name)
				}
			}
			if v, _, err := lex.ProcessWord(p.value, env); err == nil && len(d.Unresolved) == 0 {
				d.Value = v
			}
		}
		out = append(out, d)
	}
	return out
}

// ScanVariables finds `$NAME`, `${NAME}` and `${NAME…}` in text, which
// starts at offset base of the file: escape skips the next byte, and with
// singleQuotes nothing between single quotes counts (inSingle carries that
// state across calls; a single quote inside double quotes is a character).
// Navigation uses it for heredoc bodies.
func ScanVariables(text string, base int, escape byte, singleQuotes bool, inSingle *bool) []*VarRef {
	q := quoteState{single: *inSingle}
	refs, _ := scanWord(text, base, escape, singleQuotes, &q)
	*inSingle = q.single
	return refs
}

// quoteState is the quoting at a point of shell-like text.
type quoteState struct{ single, double bool }

// scanWord finds the variable references in text (which starts at offset
// base): refs are those expanded where quotes count, quoted those inside
// single quotes. Without quotes, single quotes are plain characters and
// every reference is in refs.
func scanWord(text string, base int, escape byte, quotes bool, q *quoteState) (refs, quoted []*VarRef) {
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == escape && !q.single:
			i++
		case c == '\'' && quotes && !q.double:
			q.single = !q.single
		case c == '"' && quotes && !q.single:
			q.double = !q.double
		case c == '$' && i+1 < len(text):
			var r *VarRef
			if text[i+1] == '{' {
				end := strings.IndexByte(text[i+2:], '}')
				if end < 0 {
					continue
				}
				body := text[i+2 : i+2+end]
				n := nameLen(body)
				if n == 0 {
					continue
				}
				r = &VarRef{Name: body[:n],
					Span:     Span{base + i, base + i + 3 + end},
					NameSpan: Span{base + i + 2, base + i + 2 + n}}
				i += 2 + end
			} else if n := nameLen(text[i+1:]); n > 0 {
				r = &VarRef{Name: text[i+1 : i+1+n],
					Span:     Span{base + i, base + i + 1 + n},
					NameSpan: Span{base + i + 1, base + i + 1 + n}}
				i += n
			}
			if r == nil {
				continue
			}
			if q.single {
				quoted = append(quoted, r)
			} else {
				refs = append(refs, r)
			}
		}
	}
	return refs, quoted
}

// nameLen is the length of the variable name at the start of s.
func nameLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return i
	}
	return len(s)
}

// BaseImage is the image a stage is built on at the bottom of its chain of
// stages: `FROM <earlier stage>` is followed to the first stage built on an
// image, and global ARGs are expanded as BuildKit expands a FROM line. It
// is "scratch" for the empty image and "" when the image cannot be told (a
// variable without a value, a chain that loops). Hover reads the image's
// environment from the engine; the checks know from it whether BuildKit saw
// the stage's real environment.
func (m *Model) BaseImage(st *Stage) string {
	for hops := 0; st != nil && hops <= len(m.Stages); hops++ {
		ref, ok := m.expandBase(st)
		if !ok {
			return ""
		}
		parent := m.StageByName(ref, st.From.Span.Start)
		if parent == nil {
			return ref
		}
		st = parent
	}
	return ""
}

// ParentStage is the earlier stage st is built on (`FROM build`, also
// `FROM build-${TARGET}` with the global ARGs' values), or nil when st is
// built on an image or its base cannot be told.
func (m *Model) ParentStage(st *Stage) *Stage {
	ref, ok := m.expandBase(st)
	if !ok {
		return nil
	}
	return m.StageByName(ref, st.From.Span.Start)
}

// expandBase is the base name of st's FROM with the global ARGs expanded;
// false when a variable in it has no value. It is worked out once per
// stage (checks ask it for every RUN).
func (m *Model) expandBase(st *Stage) (string, bool) {
	e := m.Memo(expandedBaseKey(st.Index), func() any {
		ref, ok := m.expandBaseOnce(st)
		return expandedBase{ref, ok}
	}).(expandedBase)
	return e.ref, e.ok
}

// expandedBaseKey is the model memo's key of a stage's expanded base.
type expandedBaseKey int

type expandedBase struct {
	ref string
	ok  bool
}

func (m *Model) expandBaseOnce(st *Stage) (string, bool) {
	if st.Base == "" {
		return "", false
	}
	if !strings.Contains(st.Base, "$") {
		return st.Base, true
	}
	global := scope{}
	for _, d := range m.VarDefs {
		if d.Stage < 0 && d.Instruction.Span.Start < st.From.Span.Start && (d.HasValue || d.Global != nil) {
			global[d.Name] = d
		}
	}
	res, err := shell.NewLex(rune(m.Escape)).ProcessWordWithMatches(st.Base, global)
	if err != nil || len(res.Unmatched) > 0 || res.Result == "" {
		return "", false
	}
	return res.Result, true
}

package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
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
}

// VarRef is a use of a variable: `$NAME`, `${NAME}` or `${NAME:-default}`.
type VarRef struct {
	Name        string
	Span        Span // the whole reference
	NameSpan    Span
	Instruction *Instruction
	Def         *VarDef // the definition in scope, or nil (predefined or undefined)
	Predefined  bool    // an automatic ARG usable here without a definition
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

// VarAt returns the variable reference or definition name at offset.
func (m *Model) VarAt(offset int) (*VarRef, *VarDef) {
	for _, r := range m.VarRefs {
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

// scope is the variables visible at one point of the file.
type scope map[string]*VarDef

func (s scope) Get(name string) (string, bool) {
	if d, ok := s[name]; ok {
		return d.Value, true
	}
	return "", false
}

func (s scope) Keys() []string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	return keys
}

func (s scope) clone() scope {
	c := make(scope, len(s))
	for k, v := range s {
		c[k] = v
	}
	return c
}

// resolveVars finds every definition and reference and binds references to
// the definition in scope, following BuildKit's rules: global ARGs are seen
// by FROM lines, and inside a stage only once redeclared; ENV carries over to
// stages built FROM an earlier stage; a reference sees the state before its
// own instruction.
func (m *Model) resolveVars() {
	lex := shell.NewLex(rune(m.Escape))
	global := scope{}
	var cur scope
	stageEnv := map[string]scope{} // stage name -> ENV at its end
	stageIdx := -1
	for _, in := range m.Instructions {
		if in.Name == "FROM" {
			stageIdx = in.Stage
			m.bindRefs(in, global, true)
			cur = scope{}
			if st := m.Stages[stageIdx]; st.Base != "" {
				if env, ok := stageEnv[strings.ToLower(st.Base)]; ok {
					for k, v := range env {
						if v.Kind == Env {
							cur[k] = v
						}
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
}

// bindRefs records the variable references of in, bound to env.
func (m *Model) bindRefs(in *Instruction, env scope, globalScope bool) {
	var words []Word
	for _, f := range in.Flags {
		if f.HasValue {
			words = append(words, Word{Value: f.Value, Span: f.ValueSpan})
		}
	}
	words = append(words, in.Args...)
	inSingle := false // single quotes may span words: 'a $X b'
	for _, w := range words {
		for _, r := range scanRefs(w, m.Escape, &inSingle) {
			r.Instruction = in
			if d, ok := env[r.Name]; ok {
				r.Def = d
			} else if platform, ok := PredefinedArgs[r.Name]; ok && (!platform || globalScope) {
				r.Predefined = true
			}
			m.VarRefs = append(m.VarRefs, r)
		}
	}
}

// definitions returns the ARG or ENV definitions of in, with name spans.
func (m *Model) definitions(in *Instruction, env scope, lex *shell.Lex) []*VarDef {
	cmd := in.command
	if cmd == nil {
		return nil
	}
	type kv struct {
		key, value string
		has        bool
	}
	var pairs []kv
	kind := Env
	switch c := cmd.(type) {
	case *instructions.ArgCommand:
		kind = Arg
		for _, a := range c.Args {
			p := kv{key: a.Key}
			if a.Value != nil {
				p.value, p.has = *a.Value, true
			}
			pairs = append(pairs, p)
		}
	case *instructions.EnvCommand:
		for _, e := range c.Env {
			pairs = append(pairs, kv{key: e.Key, value: e.Value, has: true})
		}
	}
	var out []*VarDef
	from := in.KeywordSpan.End
	for _, p := range pairs {
		d := &VarDef{Name: p.key, Kind: kind, Raw: p.value, Value: p.value, HasValue: p.has, Instruction: in}
		if i := strings.Index(m.Text[from:in.Span.End], p.key); i >= 0 {
			d.NameSpan = Span{from + i, from + i + len(p.key)}
			from = d.NameSpan.End
		}
		if p.has && kind == Env {
			if v, _, err := lex.ProcessWord(p.value, env); err == nil {
				d.Value = v
			}
		}
		out = append(out, d)
	}
	return out
}

// scanRefs finds the variable references in one word, honouring the escape
// character and single quotes (where nothing is expanded); inSingle carries
// the quoting state from one word to the next.
func scanRefs(w Word, escape byte, inSingle *bool) []*VarRef {
	return ScanVariables(w.Value, w.Span.Start, escape, true, inSingle)
}

// ScanVariables finds `$NAME`, `${NAME}` and `${NAME…}` in text, which
// starts at offset base of the file: escape skips the next byte, and with
// singleQuotes nothing between single quotes counts (inSingle carries that
// state across calls). The model uses it for instruction words; navigation
// for heredoc bodies.
func ScanVariables(text string, base int, escape byte, singleQuotes bool, inSingle *bool) []*VarRef {
	var out []*VarRef
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == escape && !*inSingle:
			i++
		case c == '\'' && singleQuotes:
			*inSingle = !*inSingle
		case c == '$' && !*inSingle && i+1 < len(text):
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
				out = append(out, &VarRef{Name: body[:n],
					Span:     Span{base + i, base + i + 3 + end},
					NameSpan: Span{base + i + 2, base + i + 2 + n}})
				i += 2 + end
			} else if n := nameLen(text[i+1:]); n > 0 {
				out = append(out, &VarRef{Name: text[i+1 : i+1+n],
					Span:     Span{base + i, base + i + 1 + n},
					NameSpan: Span{base + i + 1, base + i + 1 + n}})
				i += n
			}
		}
	}
	return out
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

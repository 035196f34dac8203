package navigation

import (
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// varRef is a use of a variable: one of the model's references, or one
// found in a heredoc body.
type varRef struct {
	name       string
	span       dockerfile.Span // `$NAME`, `${NAME}`, `${NAME:-x}`
	nameSpan   dockerfile.Span
	in         *dockerfile.Instruction
	def        *dockerfile.VarDef
	predefined bool
}

// component is one variable in the renaming sense: definitions joined by a
// stage's `ARG NAME` redeclaring a global ARG, and every use bound to one of
// them. Two definitions of the same name in one stage stay apart: each use
// sees exactly one of them, and renaming one keeps what every use sees.
type component struct {
	defs []*dockerfile.VarDef
	refs []varRef
}

// allRefs returns the model's variable references and those in heredoc bodies.
func allRefs(m *dockerfile.Model) []varRef {
	out := make([]varRef, 0, len(m.VarRefs))
	for _, r := range m.VarRefs {
		out = append(out, varRef{name: r.Name, span: r.Span, nameSpan: r.NameSpan, in: r.Instruction, def: r.Def, predefined: r.Predefined})
	}
	return append(out, heredocRefs(m)...)
}

// variableAt returns the variable named at offset: a use or a definition.
func variableAt(m *dockerfile.Model, offset int) *symbol {
	refs := allRefs(m)
	hit := -1
	for i, r := range refs {
		if r.nameSpan.Contains(offset) {
			hit = i
			break
		}
		if hit < 0 && r.span.Contains(offset) {
			hit = i
		}
	}
	if hit >= 0 {
		r := refs[hit]
		if r.def == nil {
			return unboundSymbol(m, refs, r)
		}
		s := componentSymbol(m, refs, r.def, r.nameSpan)
		d := r.def.NameSpan
		s.def = &d
		return s
	}
	for _, d := range m.VarDefs {
		if d.NameSpan.Contains(offset) && d.NameSpan != (dockerfile.Span{}) {
			s := componentSymbol(m, refs, d, d.NameSpan)
			def := d.NameSpan
			if d.Global != nil {
				def = d.Global.NameSpan
			}
			s.def = &def
			return s
		}
	}
	return nil
}

// componentSymbol is the variable that d belongs to.
func componentSymbol(m *dockerfile.Model, refs []varRef, d *dockerfile.VarDef, at dockerfile.Span) *symbol {
	c := componentOf(m, refs, d)
	s := &symbol{name: d.Name, vars: c, at: at}
	for _, def := range c.defs {
		s.occs = append(s.occs, Occurrence{Span: def.NameSpan, Def: true})
	}
	for _, r := range c.refs {
		s.occs = append(s.occs, Occurrence{Span: r.nameSpan})
	}
	s.occs = sortOccurrences(s.occs)
	return s
}

// componentOf joins definitions through Global links and collects the uses
// bound to any of them.
func componentOf(m *dockerfile.Model, refs []varRef, d *dockerfile.VarDef) *component {
	root := func(x *dockerfile.VarDef) *dockerfile.VarDef {
		if x.Global != nil {
			return x.Global
		}
		return x
	}
	r := root(d)
	c := &component{}
	in := map[*dockerfile.VarDef]bool{}
	for _, def := range m.VarDefs {
		if root(def) == r {
			c.defs = append(c.defs, def)
			in[def] = true
		}
	}
	for _, ref := range refs {
		if ref.def != nil && in[ref.def] {
			c.refs = append(c.refs, ref)
		}
	}
	return c
}

// unboundSymbol groups uses of a name that no ARG or ENV defines: BuildKit's
// automatic ARGs across the file, undefined names within their stage.
func unboundSymbol(m *dockerfile.Model, refs []varRef, r varRef) *symbol {
	s := &symbol{name: r.name, at: r.nameSpan}
	if r.predefined {
		s.why = "`" + r.name + "` 빌드 인수는 BuildKit이 미리 정의해 두어 이름을 바꿀 수 없습니다."
	} else {
		s.why = "`" + r.name + "` 변수를 정의하는 `ARG`나 `ENV`가 이 위치보다 앞에 없어 이름을 바꿀 수 없습니다."
	}
	for _, o := range refs {
		if o.def != nil || o.name != r.name || o.predefined != r.predefined {
			continue
		}
		if !r.predefined && o.in.Stage != r.in.Stage {
			continue
		}
		s.occs = append(s.occs, Occurrence{Span: o.nameSpan})
	}
	s.occs = sortOccurrences(s.occs)
	return s
}

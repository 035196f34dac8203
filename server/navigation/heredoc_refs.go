package navigation

import (
	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// heredocRefs finds uses of ARG/ENV variables inside heredoc bodies, which
// the model does not scan: a `RUN <<EOF` script runs in a shell that sees
// the build's ARGs and ENVs, and an unquoted heredoc (`<<EOF`, not
// `<<'EOF'`) is expanded. Only names bound to a definition count; the body
// of a shell script has many variables of its own.
func heredocRefs(m *dockerfile.Model) []varRef {
	var out []varRef
	for _, in := range m.Instructions {
		if in.Node == nil || len(in.Node.Heredocs) == 0 || in.Stage < 0 {
			continue
		}
		for k, h := range m.Heredocs(in) {
			nh := in.Node.Heredocs[k]
			script := in.Name == "RUN" && len(in.Args) > 0 && in.Args[0].Span == h.Marker
			switch {
			case in.Name == "RUN" && (script || nh.Expand):
			case (in.Name == "COPY" || in.Name == "ADD") && nh.Expand:
			default:
				continue
			}
			start := m.Mapper.LineStart(h.FirstBodyLine)
			end := m.Mapper.LineStart(h.TerminatorLine)
			if end <= start {
				continue
			}
			for _, r := range scanBody(m.Text[start:end], start, in.Name == "RUN") {
				r.in = in
				if r.def = visibleDef(m, in, r.name); r.def != nil {
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// scanBody finds `$NAME` and `${NAME…}` in text (which starts at offset
// base), skipping backslash escapes and, in shell scripts, single quotes.
func scanBody(text string, base int, shell bool) []varRef {
	single := false
	var out []varRef
	for _, r := range dockerfile.ScanVariables(text, base, '\\', shell, &single) {
		out = append(out, varRef{name: r.Name, span: r.Span, nameSpan: r.NameSpan})
	}
	return out
}

// visibleDef is the ARG or ENV definition of name that in sees, following
// the model's rules: the latest one earlier in in's stage, else an ENV
// carried over from the stage it is built FROM.
func visibleDef(m *dockerfile.Model, in *dockerfile.Instruction, name string) *dockerfile.VarDef {
	stage, before := in.Stage, in.Span.Start
	for depth := 0; stage >= 0 && depth < len(m.Stages); depth++ {
		var best *dockerfile.VarDef
		for _, d := range m.VarDefs {
			if d.Name == name && d.Stage == stage && d.Instruction.Span.Start < before {
				best = d
			}
		}
		if best != nil {
			if depth > 0 && best.Kind != dockerfile.Env {
				return nil
			}
			return best
		}
		st := m.Stages[stage]
		parent := m.StageByName(st.Base, st.From.Span.Start)
		if parent == nil {
			return nil
		}
		stage, before = parent.Index, len(m.Text)+1
	}
	return nil
}

// Package outline builds the document outline of a Dockerfile: parser
// directives and global ARGs at the top, then one node per build stage
// holding its instructions, with the variables and labels an instruction
// defines under it. Editors show it in the outline view and breadcrumbs.
package outline

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Kind is what a symbol stands for; the LSP layer maps it to a SymbolKind.
type Kind int

const (
	// Directive is a parser directive such as `# syntax=`.
	Directive Kind = iota
	// Stage is a build stage.
	Stage
	// Instruction is an instruction that runs or configures something.
	Instruction
	// Variable is an ARG or ENV definition.
	Variable
	// Label is a LABEL key.
	Label
	// File is a COPY or ADD.
	File
	// Port is an EXPOSE.
	Port
)

// Symbol is one node of the outline.
type Symbol struct {
	Name      string
	Detail    string
	Kind      Kind
	Span      dockerfile.Span // everything the symbol covers
	Selection dockerfile.Span // its name: where the editor puts the cursor
	Children  []Symbol
}

// maxDetail bounds an instruction's detail in runes; outlines are one line.
const maxDetail = 60

// Symbols returns the outline of m.
func Symbols(m *dockerfile.Model) []Symbol {
	var out []Symbol
	for _, d := range m.Directives {
		out = append(out, Symbol{Name: d.Name, Detail: d.Value, Kind: Directive, Span: d.Span, Selection: d.NameSpan})
	}
	for _, in := range m.Instructions {
		if in.Stage < 0 {
			out = append(out, instruction(m, in))
		}
	}
	for _, st := range m.Stages {
		out = append(out, stage(m, st))
	}
	return out
}

// stage is a stage's node: named by its `AS` name or, unnamed, by its base
// image, spanning from its FROM to the end of its last instruction.
func stage(m *dockerfile.Model, st *dockerfile.Stage) Symbol {
	s := Symbol{Kind: Stage, Span: st.From.Span, Selection: st.From.KeywordSpan}
	switch {
	case st.Name != "":
		s.Name, s.Selection = m.Text[st.NameSpan.Start:st.NameSpan.End], st.NameSpan
		s.Detail = fmt.Sprintf("%d번째 빌드 단계 · %s", st.Index+1, st.Base)
	case st.Base != "":
		s.Name, s.Selection = st.Base, st.BaseSpan
		s.Detail = fmt.Sprintf("%d번째 빌드 단계", st.Index+1)
	default:
		s.Name = "FROM"
		s.Detail = fmt.Sprintf("%d번째 빌드 단계", st.Index+1)
	}
	for _, in := range st.Instructions {
		if in.Span.End > s.Span.End {
			s.Span.End = in.Span.End
		}
		if in != st.From {
			s.Children = append(s.Children, instruction(m, in))
		}
	}
	return s
}

// instruction is an instruction's node, named by its keyword with its
// arguments as detail; ARG, ENV and LABEL hold what they define.
func instruction(m *dockerfile.Model, in *dockerfile.Instruction) Symbol {
	s := Symbol{Name: in.Name, Kind: kindOf(in.Name), Span: in.Span, Selection: in.KeywordSpan, Detail: detail(m, in)}
	if !in.Known {
		s.Name = in.Keyword
	}
	switch in.Name {
	case "ARG", "ENV":
		for _, d := range m.VarDefs {
			if d.Instruction != in || d.NameSpan == (dockerfile.Span{}) {
				continue
			}
			v := Symbol{Name: d.Name, Kind: Variable, Span: d.NameSpan, Selection: d.NameSpan}
			if d.HasValue {
				v.Detail = shorten(d.Raw)
			}
			s.Children = append(s.Children, v)
		}
	case "LABEL":
		for _, w := range in.Args {
			key, _, ok := strings.Cut(w.Value, "=")
			if ok && strings.Trim(key, `"'`) != "" {
				span := dockerfile.Span{Start: w.Span.Start, End: w.Span.Start + len(key)}
				s.Children = append(s.Children, Symbol{Name: strings.Trim(key, `"'`), Detail: shorten(w.Value[len(key)+1:]),
					Kind: Label, Span: w.Span, Selection: span})
			}
		}
	}
	return s
}

func kindOf(name string) Kind {
	switch name {
	case "ARG", "ENV":
		return Variable
	case "LABEL", "MAINTAINER":
		return Label
	case "COPY", "ADD":
		return File
	case "EXPOSE":
		return Port
	}
	return Instruction
}

// detail is the instruction's flags and arguments on one line.
func detail(m *dockerfile.Model, in *dockerfile.Instruction) string {
	var words []string
	for _, f := range in.Flags {
		words = append(words, m.Text[f.Span.Start:f.Span.End])
	}
	for _, a := range in.Args {
		words = append(words, a.Value)
	}
	return shorten(strings.Join(words, " "))
}

// shorten cuts s to maxDetail runes with an ellipsis.
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= maxDetail {
		return s
	}
	r := []rune(s)
	return string(r[:maxDetail-1]) + "…"
}

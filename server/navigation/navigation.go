// Package navigation answers "where is this defined, where is it used, and
// what changes if I rename it" for the two kinds of names a Dockerfile has:
// build stage names (`FROM … AS name`, `FROM name`, `COPY --from=name`,
// `RUN --mount=from=name`) and ARG/ENV variables, bound with BuildKit's scope
// rules by the model. It is pure: model and byte offsets in, spans out.
package navigation

import (
	"cmp"
	"slices"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Occurrence is one place where a name appears.
type Occurrence struct {
	Span dockerfile.Span // the name itself, without `$`, `${` or `--from=`
	Def  bool            // where the name is defined (written), not used (read)
}

// symbol is everything a position can name: its occurrences and, for
// definition requests, where it is defined.
type symbol struct {
	name string
	occs []Occurrence
	def  *dockerfile.Span // nil when nothing in the file defines it
	at   dockerfile.Span  // the occurrence under the cursor

	stage *dockerfile.Stage // for stage names
	vars  *component        // for bound variables
	// why is set when the name cannot be renamed: a Korean sentence.
	why string
}

// Definition returns where the stage or variable at offset is defined.
func Definition(m *dockerfile.Model, offset int) (dockerfile.Span, bool) {
	s := symbolAt(m, offset)
	if s == nil || s.def == nil {
		return dockerfile.Span{}, false
	}
	return *s.def, true
}

// References returns every occurrence of the stage or variable at offset in
// file order; definitions only when withDefs is set.
func References(m *dockerfile.Model, offset int, withDefs bool) []Occurrence {
	s := symbolAt(m, offset)
	if s == nil {
		return nil
	}
	var out []Occurrence
	for _, o := range s.occs {
		if o.Def && !withDefs {
			continue
		}
		out = append(out, o)
	}
	return out
}

// Highlights returns the occurrences to highlight for the name at offset:
// every definition and use of the same stage or variable.
func Highlights(m *dockerfile.Model, offset int) []Occurrence {
	return References(m, offset, true)
}

// symbolAt finds the stage or variable named at offset.
func symbolAt(m *dockerfile.Model, offset int) *symbol {
	if s := stageAt(m, offset); s != nil {
		return s
	}
	return variableAt(m, offset)
}

// sortOccurrences orders occurrences by position and drops duplicates.
func sortOccurrences(occs []Occurrence) []Occurrence {
	slices.SortFunc(occs, func(a, b Occurrence) int { return cmp.Or(a.Span.Start-b.Span.Start, a.Span.End-b.Span.End) })
	return slices.CompactFunc(occs, func(a, b Occurrence) bool { return a.Span == b.Span })
}

// Package folding finds the foldable regions of a Dockerfile: build stages,
// instructions that span several lines (continuations), heredoc bodies and
// blocks of comment lines. Folds are whole lines, which every editor supports.
package folding

import (
	"cmp"
	"slices"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// Kind tells comment blocks from code regions; editors can fold all
// comments at once.
type Kind int

const (
	// Region is a stage, a multi-line instruction or a heredoc body.
	Region Kind = iota
	// Comment is a block of two or more comment lines.
	Comment
)

// Range is a fold from StartLine to EndLine (zero-based, inclusive): the
// editor keeps StartLine visible and hides the lines after it.
type Range struct {
	StartLine, EndLine int
	Kind               Kind
}

// Ranges returns the folds of m ordered by start line, at most one per start
// line (the widest), since editors keep only one there.
func Ranges(m *dockerfile.Model) []Range {
	var out []Range
	add := func(start, end int, kind Kind) {
		if end > start {
			out = append(out, Range{StartLine: start, EndLine: end, Kind: kind})
		}
	}
	for _, st := range m.Stages {
		end := st.From.EndLine
		for _, in := range st.Instructions {
			end = max(end, in.EndLine)
		}
		add(st.From.StartLine, end, Region)
	}
	inBody := map[int]bool{}
	for _, in := range m.Instructions {
		add(in.StartLine, in.EndLine, Region)
		start := m.LogicalEndLine(in)
		for _, h := range m.Heredocs(in) {
			add(start, h.TerminatorLine, Region)
			for l := h.FirstBodyLine; l < h.TerminatorLine; l++ {
				inBody[l] = true
			}
			start = h.TerminatorLine
		}
	}
	directive := map[int]bool{}
	for _, d := range m.Directives {
		directive[m.Mapper.Position(d.Span.Start).Line] = true
	}
	first := -1
	for l := 0; l <= m.Mapper.LineCount(); l++ {
		comment := l < m.Mapper.LineCount() && !inBody[l] && !directive[l] && dockerfile.IsCommentLine(m.Mapper.Line(l))
		switch {
		case comment && first < 0:
			first = l
		case !comment && first >= 0:
			add(first, l-1, Comment)
			first = -1
		}
	}
	return widest(out)
}

// widest sorts folds by start line and keeps the widest at each start.
func widest(rs []Range) []Range {
	slices.SortStableFunc(rs, func(a, b Range) int { return cmp.Or(a.StartLine-b.StartLine, b.EndLine-a.EndLine) })
	return slices.CompactFunc(rs, func(a, b Range) bool { return a.StartLine == b.StartLine })
}

package format

import (
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// segment is one content line of an instruction as BuildKit joins it: the
// line without its leading blanks (first line only) and without the escape
// character that continues it.
type segment struct {
	line       int
	start, end int // its part of the joined text
	cont       bool
}

// run is a stretch of blanks in the joined text; free when BuildKit ignores
// how long it is (it only separates words), fixed when it is part of a value.
type run struct {
	start, end int
	free       bool
}

// instruction formats the lines of one instruction in place: its keyword
// line, continuation lines and the comment and blank lines among them.
// Heredoc bodies are not touched.
func instruction(m *dockerfile.Model, in *dockerfile.Instruction, indent string, lines []string) {
	last := m.LogicalEndLine(in)
	var joined strings.Builder
	var segs []segment
	bom := ""
	for l := in.StartLine; l <= last; l++ {
		b, raw := splitBOM(l, m.Mapper.Line(l))
		text := raw
		if l == in.StartLine {
			bom = b
			text = strings.TrimLeft(raw, " \t\v\f\r")
		} else if dockerfile.IsCommentLine(raw) {
			lines[l] = indent + strings.TrimSpace(raw)
			continue
		} else if strings.TrimSpace(raw) == "" {
			lines[l] = ""
			continue
		}
		s := segment{line: l, start: joined.Len(), cont: m.Continues(text)}
		if s.cont {
			text = strings.TrimRight(text, " \t")
			text = text[:len(text)-1]
		}
		joined.WriteString(text)
		s.end = joined.Len()
		segs = append(segs, s)
	}
	if len(segs) == 0 {
		return
	}
	j := joined.String()
	runs, upper := classify(j, m.Escape)
	out := rebuild(j, segs, runs, upper, indent)
	for i, s := range segs {
		line := out[i]
		if s.cont {
			line += string(m.Escape)
		}
		if i == 0 {
			line = bom + line
		}
		lines[s.line] = line
	}
}

// rebuild writes the joined text back into its segments, replacing each
// blank run: a free run by one space (or, across a line break, a space
// before the escape character and one indentation unit after it); a fixed
// run across one line break by the same blanks, moved across the break when
// that gives the same layout.
func rebuild(j string, segs []segment, runs []run, upper []dockerfile.Span, indent string) []string {
	out := make([]strings.Builder, len(segs))
	bounds := make([]int, 0, len(segs)-1) // bounds[k]: where segment k ends and k+1 starts
	for _, s := range segs[:len(segs)-1] {
		bounds = append(bounds, s.end)
	}
	isUpper := func(p int) bool {
		for _, u := range upper {
			if p >= u.Start && p < u.End {
				return true
			}
		}
		return false
	}
	si := 0
	ri := 0
	for p := 0; p < len(j); {
		for si < len(bounds) && bounds[si] <= p && !(ri < len(runs) && runs[ri].start == p && bounds[si] == p) {
			si++
		}
		if ri < len(runs) && runs[ri].start == p {
			r := runs[ri]
			ri++
			k0 := sort.SearchInts(bounds, r.start) // first bound >= start
			k1 := sort.Search(len(bounds), func(i int) bool { return bounds[i] > r.end })
			pieces := replace(j, r, bounds[k0:k1], indent)
			for i, piece := range pieces {
				out[k0+i].WriteString(piece)
			}
			si = k1
			p = r.end
			continue
		}
		c := j[p]
		if c >= 'a' && c <= 'z' && isUpper(p) {
			c -= 'a' - 'A'
		}
		out[si].WriteByte(c)
		p++
	}
	res := make([]string, len(segs))
	for i := range out {
		res[i] = out[i].String()
	}
	return res
}

// replace returns the text of run r split over the line breaks at bounds
// (one piece more than bounds).
func replace(j string, r run, bounds []int, indent string) []string {
	orig := make([]string, 0, len(bounds)+1)
	from := r.start
	for _, b := range bounds {
		orig = append(orig, j[from:b])
		from = b
	}
	orig = append(orig, j[from:r.end])
	switch {
	case r.free && r.end == len(j):
		// Trailing blanks: BuildKit trims them.
		out := []string{""}
		if len(bounds) > 0 {
			out[0] = " "
		}
		for range bounds {
			out = append(out, indent)
		}
		return out
	case r.free && len(bounds) == 0:
		return []string{" "}
	case r.free:
		out := []string{" "}
		for range bounds {
			out = append(out, indent)
		}
		return out
	case len(bounds) == 1 && orig[0]+orig[1] == " "+indent:
		// The blanks are part of a value and may only move across the
		// line break; do it when that gives the usual layout.
		return []string{" ", indent}
	}
	return orig
}

package lint

import (
	"path"
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// shellFindings are the rules about how a RUN uses the shell: `cd`, `sudo`
// and pipes without pipefail.
func shellFindings(m *dockerfile.Model, r runScript) []Finding {
	var out []Finding
	for _, c := range r.cmds {
		if len(c.Words) > 0 && path.Base(c.Words[0].Value) == "sudo" {
			out = append(out, finding("NoSudo", c.Words[0].Span))
		}
		if name, prog, args := c.program(); name == "cd" {
			span := prog.Span
			if len(args) > 0 {
				span = join(span, args[0].Span)
			}
			out = append(out, finding("WorkdirInsteadOfCd", span))
		}
	}
	if p, ok := firstPipeline(r); ok && !setsPipefail(m, r) {
		out = append(out, finding("PipefailForPipes", p))
	}
	return out
}

// firstPipeline is the span of the first pipeline of r, from its first
// command to its last.
func firstPipeline(r runScript) (dockerfile.Span, bool) {
	for i, c := range r.cmds {
		if !c.Pipe || i+1 >= len(r.cmds) {
			continue
		}
		j := i + 1
		for j+1 < len(r.cmds) && r.cmds[j].Pipe {
			j++
		}
		last := r.cmds[j].Words
		return join(c.Words[0].Span, last[len(last)-1].Span), true
	}
	return dockerfile.Span{}, false
}

// setsPipefail reports whether pipefail is on for r: a `set -o pipefail`
// (or -eo, -euxo, …) in the RUN, or a SHELL with `-o pipefail`.
func setsPipefail(m *dockerfile.Model, r runScript) bool {
	for _, c := range r.cmds {
		if name, _, args := c.program(); name == "set" {
			for _, a := range args {
				if a.Value == "pipefail" {
					return true
				}
			}
		}
	}
	if sh := shellSetting(m, r.in); sh != nil {
		return strings.Contains(m.Text[sh.Span.Start:sh.Span.End], "pipefail")
	}
	return false
}

// pipefailFixable reports whether `set -o pipefail &&` can go in front of
// r's command line: no heredoc, and a shell known to accept it — Alpine's
// and BusyBox's sh, or a SHELL naming bash, zsh or ksh. Debian's dash may not.
func pipefailFixable(m *dockerfile.Model, r runScript) bool {
	if r.heredoc {
		return false
	}
	if sh := shellSetting(m, r.in); sh != nil {
		t := m.Text[sh.Span.Start:sh.Span.End]
		return strings.Contains(t, "bash") || strings.Contains(t, "zsh") || strings.Contains(t, "ksh")
	}
	base := strings.ToLower(baseImage(m, r.in.Stage))
	return strings.Contains(base, "alpine") || strings.Contains(base, "busybox")
}

// baseImage is the image a stage is finally built on, following stage names.
func baseImage(m *dockerfile.Model, stage int) string {
	for hops := 0; stage >= 0 && stage < len(m.Stages) && hops < len(m.Stages); hops++ {
		st := m.Stages[stage]
		ref := m.StageByName(st.Base, st.From.Span.Start)
		if ref == nil {
			return st.Base
		}
		stage = ref.Index
	}
	return ""
}

// consecutiveRuns hints at a RUN that directly follows another RUN of the
// same stage with the same flags, both in shell form.
func consecutiveRuns(m *dockerfile.Model) []Finding {
	var out []Finding
	for _, st := range m.Stages {
		for i := 1; i < len(st.Instructions); i++ {
			prev, cur := st.Instructions[i-1], st.Instructions[i]
			if prev.Name != "RUN" || cur.Name != "RUN" || isJSONForm(prev) || isJSONForm(cur) || len(prev.Args) == 0 || len(cur.Args) == 0 {
				continue
			}
			if flagText(m, prev) != flagText(m, cur) {
				continue
			}
			out = append(out, finding("ConsecutiveRuns", cur.KeywordSpan))
		}
	}
	return out
}

// flagText is an instruction's flags as written, in a stable order.
func flagText(m *dockerfile.Model, in *dockerfile.Instruction) string {
	var fs []string
	for _, f := range in.Flags {
		fs = append(fs, m.Text[f.Span.Start:f.Span.End])
	}
	sort.Strings(fs)
	return strings.Join(fs, " ")
}

package engine

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// The engine reports a failing step by its progress name, not by its
// Dockerfile line; these helpers map the name back to a line so the editor
// can underline it. All of them are best effort and return 0 when unsure.

var (
	// parseErrorLineRe finds the line in a Dockerfile parse error, which both
	// builders word as "dockerfile parse error line 3: ..." or "... on line 3".
	parseErrorLineRe = regexp.MustCompile(`(?i)parse error (?:on )?line (\d+)`)
	// classicStepRe matches the classic builder's "Step 2/5 : RUN make".
	classicStepRe = regexp.MustCompile(`^Step (\d+)/(\d+) : (\S+)`)
	// buildkitStepRe matches a BuildKit vertex name such as "[2/4] RUN make",
	// "[builder 2/4] COPY . ." or "[linux/amd64 stage-1  3/10] WORKDIR /app".
	buildkitStepRe = regexp.MustCompile(`^\[(.*?)\s*(\d+)/(\d+)\]\s+(?:ONBUILD\s+)?(\S+)`)
)

// parseErrorLine returns the line named in a Dockerfile parse error message.
func parseErrorLine(msg string) int {
	if m := parseErrorLineRe.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// parseDockerfile returns the instructions of a Dockerfile, or nil when it
// does not parse (then the engine's own message already names the line).
func parseDockerfile(dt []byte) []*parser.Node {
	res, err := parser.Parse(bytes.NewReader(dt))
	if err != nil || res.AST == nil {
		return nil
	}
	return res.AST.Children
}

// classicStepLine maps the classic builder's "Step N/M" to a line: the
// classic builder numbers every instruction of the file, global ARGs
// included, so step N is the N-th instruction.
func classicStepLine(dt []byte, step int) int {
	nodes := parseDockerfile(dt)
	if step < 1 || step > len(nodes) {
		return 0
	}
	return nodes[step-1].StartLine
}

// stage is one FROM and the instructions after it.
type stage struct {
	name  string // the AS name, lowercased; "" when unnamed
	base  string // the image or stage after FROM, lowercased
	nodes []*parser.Node
}

// splitStages groups instructions by stage; global ARGs are dropped.
func splitStages(nodes []*parser.Node) []stage {
	var stages []stage
	for _, n := range nodes {
		if strings.EqualFold(n.Value, "from") {
			var args []string
			for a := n.Next; a != nil; a = a.Next {
				args = append(args, a.Value)
			}
			s := stage{nodes: []*parser.Node{n}}
			if len(args) > 0 {
				s.base = strings.ToLower(args[0])
			}
			if len(args) == 3 && strings.EqualFold(args[1], "as") {
				s.name = strings.ToLower(args[2])
			}
			stages = append(stages, s)
			continue
		}
		if len(stages) > 0 {
			stages[len(stages)-1].nodes = append(stages[len(stages)-1].nodes, n)
		}
	}
	return stages
}

// buildkitStepLine maps a BuildKit vertex name like "[builder 2/4] RUN make"
// to a line. BuildKit's Dockerfile frontend numbers, per stage, the FROM
// (unless it is scratch or an earlier stage) and each RUN, COPY, ADD and
// WORKDIR; the stage is named by its AS name, "stage-N", or nothing when
// the file has one stage. target picks the stage of an unnamed step.
func buildkitStepLine(dt []byte, vertexName, target string) int {
	m := buildkitStepRe.FindStringSubmatch(vertexName)
	if m == nil {
		return 0
	}
	index, _ := strconv.Atoi(m[2])
	keyword := strings.ToLower(m[4])
	stages := splitStages(parseDockerfile(dt))
	if len(stages) == 0 {
		return 0
	}
	st := pickStage(stages, lastField(m[1]), target)
	if st == nil {
		return 0
	}
	var counted []*parser.Node
	for i, n := range st.nodes {
		switch strings.ToLower(n.Value) {
		case "from":
			if i == 0 && st.base != "scratch" && !isEarlierStage(stages, st, st.base) {
				counted = append(counted, n)
			}
		case "run", "copy", "add", "workdir":
			counted = append(counted, n)
		}
	}
	if index >= 1 && index <= len(counted) && strings.EqualFold(counted[index-1].Value, keyword) {
		return counted[index-1].StartLine
	}
	// The numbering differs between frontend versions; fall back to the
	// keyword when it occurs once in the stage.
	var only *parser.Node
	for _, n := range st.nodes {
		if strings.EqualFold(n.Value, keyword) {
			if only != nil {
				return 0
			}
			only = n
		}
	}
	if only != nil {
		return only.StartLine
	}
	return 0
}

// lastField returns the last space-separated word of s: the stage name in
// a prefix that may start with a platform.
func lastField(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return strings.ToLower(f[len(f)-1])
}

// pickStage finds the stage a vertex prefix names.
func pickStage(stages []stage, name, target string) *stage {
	if name != "" {
		for i := range stages {
			if stages[i].name == name {
				return &stages[i]
			}
		}
		if n, ok := strings.CutPrefix(name, "stage-"); ok {
			if i, err := strconv.Atoi(n); err == nil && i >= 0 && i < len(stages) {
				return &stages[i]
			}
		}
		return nil
	}
	if target != "" {
		for i := range stages {
			if stages[i].name == strings.ToLower(target) {
				return &stages[i]
			}
		}
	}
	return &stages[len(stages)-1]
}

// isEarlierStage reports whether base names a stage defined before st.
func isEarlierStage(stages []stage, st *stage, base string) bool {
	for i := range stages {
		if &stages[i] == st {
			return false
		}
		if stages[i].name == base || strconv.Itoa(i) == base {
			return true
		}
	}
	return false
}

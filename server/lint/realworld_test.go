package lint

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
)

var findingsOut = flag.String("realworld.findings", "", "write every beginner-rule finding on the real-world corpus, with its instruction, to this file (to judge new findings)")

// verdictsFile holds a person's verdict on every finding of dockerlab's
// beginner rules on the real-world corpus: file, line (1-based, where the
// finding starts), rule, ok or wrong, and why. Lines starting with # are
// comments.
const verdictsFile = "../../testdata/realworld/VERDICTS.tsv"

// verdictKey names one finding: a rule on a line of a corpus file.
type verdictKey struct {
	file string
	line int
	rule string
}

type verdict struct {
	ok     bool
	reason string
	at     int // line of VERDICTS.tsv
}

func readVerdicts(t *testing.T) map[verdictKey]verdict {
	t.Helper()
	f, err := os.Open(verdictsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[verdictKey]verdict{}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		text := sc.Text()
		if n == 1 || text == "" || strings.HasPrefix(text, "#") {
			continue // the header, blank lines and comments
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 5 {
			t.Fatalf("VERDICTS.tsv:%d: want 5 tab-separated columns (file, line, rule, verdict, reason), got %d", n, len(cols))
		}
		line, err := strconv.Atoi(cols[1])
		if err != nil {
			t.Fatalf("VERDICTS.tsv:%d: line %q is no number", n, cols[1])
		}
		if cols[3] != "ok" && cols[3] != "wrong" {
			t.Fatalf("VERDICTS.tsv:%d: verdict %q is neither ok nor wrong", n, cols[3])
		}
		if strings.TrimSpace(cols[4]) == "" {
			t.Fatalf("VERDICTS.tsv:%d: no reason", n)
		}
		k := verdictKey{cols[0], line, cols[2]}
		if prev, dup := out[k]; dup {
			t.Fatalf("VERDICTS.tsv:%d: %s:%d %s already judged on line %d", n, k.file, k.line, k.rule, prev.at)
		}
		out[k] = verdict{ok: cols[3] == "ok", reason: cols[4], at: n}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// judgedRules are the rules whose findings on the corpus are judged: the
// beginner rules and CopyIgnoredFile, which dockerlab runs itself.
func judgedRules() map[string]bool {
	rules := map[string]bool{"CopyIgnoredFile": true}
	for _, r := range Rules() {
		if r.Source == Dockerlab && r.Documented {
			rules[r.Name] = true
		}
	}
	return rules
}

// Every beginner rule is precise on Dockerfiles nobody here wrote: each of
// its findings on the real-world corpus has a person's verdict in
// testdata/realworld/VERDICTS.tsv. The test fails when a rule fires on a
// line judged wrong, stops firing on a line judged ok, or fires where
// nobody has judged yet (run with -realworld.findings=FILE to list the
// findings with their instructions, and judge the new ones). With -v it
// prints each rule's precision: ok findings among all its findings.
func TestRealWorldVerdicts(t *testing.T) {
	files := testcorpus.RealWorld(t)
	verdicts := readVerdicts(t)
	rules := judgedRules()
	inCorpus := map[string]bool{}
	fired := map[verdictKey]bool{}
	var dump strings.Builder
	for _, rf := range files {
		inCorpus[rf.Name] = true
		m := dockerfile.Parse(rf.Text)
		for _, f := range Check(context.Background(), m, Options{}) {
			if !rules[f.Code] {
				continue
			}
			k := verdictKey{rf.Name, m.Mapper.Position(f.Span.Start).Line + 1, f.Code}
			if fired[k] {
				continue
			}
			fired[k] = true
			if *findingsOut != "" {
				writeFinding(&dump, m, k, f, verdicts)
			}
		}
	}
	if *findingsOut != "" {
		if err := os.WriteFile(*findingsOut, []byte(dump.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type tally struct{ ok, wrong, fixed int }
	per := map[string]*tally{}
	for r := range rules {
		per[r] = &tally{}
	}
	var keys []verdictKey
	for k := range fired {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].file != keys[j].file {
			return keys[i].file < keys[j].file
		}
		if keys[i].line != keys[j].line {
			return keys[i].line < keys[j].line
		}
		return keys[i].rule < keys[j].rule
	})
	for _, k := range keys {
		v, judged := verdicts[k]
		switch {
		case !judged:
			t.Errorf("%s:%d: %s fires and has no verdict; judge it in VERDICTS.tsv", k.file, k.line, k.rule)
		case !v.ok:
			per[k.rule].wrong++
			t.Errorf("%s:%d: %s fires on a line judged wrong (%s)", k.file, k.line, k.rule, v.reason)
		default:
			per[k.rule].ok++
		}
	}
	for k, v := range verdicts {
		if !inCorpus[k.file] {
			t.Errorf("VERDICTS.tsv:%d: %s is not in the corpus", v.at, k.file)
			continue
		}
		if !rules[k.rule] {
			t.Errorf("VERDICTS.tsv:%d: %s is no judged rule", v.at, k.rule)
		}
		if fired[k] {
			continue
		}
		if v.ok {
			t.Errorf("%s:%d: %s no longer fires on a line judged ok (%s)", k.file, k.line, k.rule, v.reason)
		} else if per[k.rule] != nil {
			per[k.rule].fixed++
		}
	}
	names := make([]string, 0, len(per))
	for r := range per {
		names = append(names, r)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "precision of the beginner rules on %d real-world Dockerfiles (ok / findings; judged wrong and no longer firing):\n", len(files))
	for _, r := range names {
		c := per[r]
		if n := c.ok + c.wrong; n > 0 {
			fmt.Fprintf(&b, "  %-24s %3d / %3d = %5.1f%%   (%d wrong findings gone)\n", r, c.ok, n, 100*float64(c.ok)/float64(n), c.fixed)
		} else {
			fmt.Fprintf(&b, "  %-24s   no findings          (%d wrong findings gone)\n", r, c.fixed)
		}
	}
	t.Log(b.String())
}

// writeFinding writes one finding for a person to judge: its key, its
// verdict so far, its message and the instruction it is on (for
// ConsecutiveRuns, the RUN before it too).
func writeFinding(b *strings.Builder, m *dockerfile.Model, k verdictKey, f Finding, verdicts map[verdictKey]verdict) {
	v, judged := verdicts[k]
	state := "NEW"
	if judged {
		state = "wrong"
		if v.ok {
			state = "ok"
		}
	}
	fmt.Fprintf(b, "=== %s\t%d\t%s\t[%s] %s\n", k.file, k.line, k.rule, state, v.reason)
	fmt.Fprintf(b, "    %s\n", f.Message)
	in := m.InstructionAt(f.Span.Start)
	if in == nil {
		return
	}
	if st := in.Stage; st >= 0 && st < len(m.Stages) {
		fmt.Fprintf(b, "    stage %d of %d: FROM %s %s\n", st+1, len(m.Stages), m.Stages[st].Base, m.Stages[st].Name)
	}
	if k.rule == "ConsecutiveRuns" {
		if prev := previousInStage(m, in); prev != nil {
			b.WriteString(indent(m.Text[prev.Span.Start:prev.Span.End]))
		}
	}
	b.WriteString(indent(m.Text[in.Span.Start:in.Span.End]))
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > 60 {
		lines = append(lines[:60], "…")
	}
	return "    | " + strings.Join(lines, "\n    | ") + "\n"
}

// The verdicts file is sorted and names files of the corpus by their path
// under testdata/realworld, so reviewers can diff it.
func TestRealWorldVerdictsSorted(t *testing.T) {
	data, err := os.ReadFile(verdictsFile)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if i == 0 || line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rows = append(rows, line)
	}
	key := func(row string) string {
		c := strings.SplitN(row, "\t", 4)
		if len(c) < 3 {
			return row
		}
		n, _ := strconv.Atoi(c[1])
		return fmt.Sprintf("%s\t%08d\t%s", filepath.ToSlash(c[0]), n, c[2])
	}
	if !sort.SliceIsSorted(rows, func(i, j int) bool { return key(rows[i]) < key(rows[j]) }) {
		t.Error("VERDICTS.tsv is not sorted by file, line and rule")
	}
}

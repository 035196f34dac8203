package lint

import (
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// The RUN reader splits scripts into commands as sh would and keeps every
// word's place in the Dockerfile.
func TestShellRunCommands(t *testing.T) {
	cases := []struct {
		src  string
		want string // commands joined by " / ", words by " ", pipes marked "|"
	}{
		{"RUN apt-get update && apt-get install -y curl", "apt-get update / apt-get install -y curl"},
		{"RUN echo \"a && b\" 'c | d' ; ls", "echo a && b c | d / ls"},
		{"RUN curl -fsSL x | sh", "curl -fsSL x | / sh"},
		{"RUN DEBIAN_FRONTEND=noninteractive apt-get install x 2>&1 > /dev/null || true", "apt-get install x / true"},
		{"RUN if [ -f x ]; then cd /x; fi", "[ -f x ] / cd /x"},
		{"RUN (cd /src && make) # build it", "cd /src / make"},
		{"RUN echo $(cd /x && pwd) `ls`", "echo $(cd /x && pwd) `ls`"},
		{"RUN apt-get install \\\n    # a comment\n    curl \\\n    git", "apt-get install curl git"},
		{"RUN <<EOF\nset -e\ncd /app\nEOF", "set -e / cd /app"},
		{"RUN python3 <<EOF\ncd = 1\nEOF", "python3"},
		{"RUN [\"apt-get\", \"install\", \"x\"]", ""},
	}
	for _, c := range cases {
		text, r, _ := runOf(c.src)
		var cmds []string
		for _, cmd := range r.cmds {
			var words []string
			for _, w := range cmd.Words {
				words = append(words, w.Value)
				if got := text[w.Span.Start:w.Span.End]; !strings.Contains(strings.ReplaceAll(got, "\\\n    ", ""), strings.Trim(w.Raw, "\"'")) {
					t.Errorf("%q: word %q has span text %q", c.src, w.Raw, got)
				}
			}
			s := strings.Join(words, " ")
			if cmd.Pipe {
				s += " |"
			}
			cmds = append(cmds, s)
		}
		if got := strings.Join(cmds, " / "); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.src, got, c.want)
		}
	}
}

// The RUN reader follows compound commands: case patterns and for-loop
// headers are no commands, and each command knows whether it runs in a
// subshell, a function, a loop or an if, in a condition, and after which
// operator.
func TestShellRunStructure(t *testing.T) {
	cases := []struct {
		src  string
		want string // per command: its words, then [nest] cond prev→op
	}{
		{`RUN case "$(uname -m)" in x86_64|amd64) a=amd64 ;; aarch64|arm64) a=arm64 ;; *) exit 1 ;; esac; echo "$a"`,
			"exit 1 [case] )→;; / echo $a [] ;→"},
		{"RUN (cd /src && make) && echo done", "cd /src [(] (→&& / make [(] &&→) / echo done [] &&→"},
		{"RUN f() { cd /x; }; f", "cd /x [func] →; / f [] ;→"},
		{"RUN function g { cd /x; }", "cd /x [func] →;"},
		{"RUN if a | grep -q b; then cd /c; fi", "a [if] cond →| / grep -q b [if] cond |→; / cd /c [if] ;→;"},
		{"RUN for d in a b; do cd /$d; done && ls", "cd /$d [loop] ;→; / ls [] &&→"},
		{"RUN while read l; do echo $l; done < f", "read l [loop] cond →; / echo $l [loop] ;→;"},
		{"RUN [ -d /x ] || cd /y", "[ -d /x ] [] →|| / cd /y [] ||→"},
		{"RUN { cd /x; make; } > log", "cd /x [{] →; / make [{] ;→;"},
	}
	for _, c := range cases {
		_, r, ok := runOf(c.src)
		if !ok {
			t.Fatalf("%q: no shell RUN", c.src)
		}
		var got []string
		for _, cmd := range r.cmds {
			var words []string
			for _, w := range cmd.Words {
				words = append(words, w.Value)
			}
			s := strings.Join(words, " ") + " [" + strings.Join(cmd.Nest, " ") + "] "
			if cmd.Cond {
				s += "cond "
			}
			got = append(got, s+cmd.Prev+"→"+cmd.Op)
		}
		if g := strings.Join(got, " / "); g != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.src, g, c.want)
		}
	}
}

// runOf reads src, one RUN after a FROM, as the RUN reader does; text is
// the whole Dockerfile, for the words' spans.
func runOf(src string) (text string, r runScript, ok bool) {
	text = "FROM alpine:3.20\n" + src + "\n"
	m := dockerfile.Parse(text)
	r, ok = shellRun(m, m.Instructions[len(m.Instructions)-1])
	return text, r, ok
}

package lint

import (
	"path"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// The beginner rules look at what a shell-form RUN runs. This file reads a
// RUN's shell script the way /bin/sh would split it into commands — quotes,
// escapes, `&&`, `||`, `;`, `|`, subshells, comments — keeping the offset in
// the Dockerfile of every word, so a finding marks exactly the word at fault
// and a fix edits exactly that text. It follows the compound commands (if,
// loops, case, subshells, brace groups, functions) far enough to tell where
// each command runs; it is not a full shell parser, and what it cannot read
// simply yields commands no rule matches.

// script is the shell text of a RUN: the command line with continuation
// lines joined as BuildKit joins them, or a heredoc body.
type script struct {
	text string
	offs []int // offs[i] is the offset in the Dockerfile of text[i]; one more entry for the end
}

// shellWord is one word of a shell command.
type shellWord struct {
	Value string // quotes and escapes removed
	Raw   string // as written (joined across continuation lines)
	Span  dockerfile.Span
}

// shellCommand is one simple command: its words after environment
// assignments and reserved words such as `then`, the operators around it
// ("&&", "||", ";", "|", "|&", "&", "\n", ";;", "(", ")" or "" at either
// end of the script) and the compound commands it sits in.
type shellCommand struct {
	Words []shellWord
	Env   []string // the NAME=value assignments before the command
	Start int      // offset of the command's first word, assignments included
	Op    string   // the operator after the command
	Prev  string   // the operator before the command
	// Pipe is true when the command's output is piped into the next one.
	Pipe bool
	// Nest lists the compound commands around the command, outermost
	// first: "(" a subshell, "{" a brace group, "if", "loop" (for, while,
	// until), "case" and "func" (a function body).
	Nest []string
	// Cond is true for a command of the condition of an if, elif, while or
	// until: its failure only chooses a branch.
	Cond bool
}

// nested reports whether the command runs inside a compound command.
func (c shellCommand) nested() bool { return len(c.Nest) > 0 }

// inSubshell reports whether the command runs in a subshell or a function
// body, where a `cd` does not outlast the group.
func (c shellCommand) inSubshell() bool {
	for _, k := range c.Nest {
		if k == "(" || k == "func" {
			return true
		}
	}
	return false
}

// runScript is what one RUN runs in a POSIX shell.
type runScript struct {
	in       *dockerfile.Instruction
	cmds     []shellCommand
	heredoc  bool // part of the script is a heredoc body
	comment  bool // the command line holds a shell comment
	cmdStart int  // offset of the command line's first word
	cmdEnd   int  // offset after the command line's last character
	last     byte // the command line's last character
}

// shellRun reads a RUN instruction. ok is false for exec form (a JSON
// array), for a stage whose SHELL is no POSIX shell, and for RUNs with no
// command.
func shellRun(m *dockerfile.Model, in *dockerfile.Instruction) (r runScript, ok bool) {
	return shellRunCached(m, in, nil)
}

// shellRunCached is shellRun with a document's cache: a RUN whose text did
// not change since the last check is not read again, only moved to where
// it is now (reading every RUN was the largest part of re-checking a big
// file after an edit).
func shellRunCached(m *dockerfile.Model, in *dockerfile.Instruction, c *Cache) (r runScript, ok bool) {
	if in.Name != "RUN" || len(in.Args) == 0 || isJSONForm(in) || !posixShell(m, in) || templated(m, in) {
		return r, false
	}
	if c == nil {
		return readRun(m, in), true
	}
	key := shellKey{escape: m.Escape, text: m.Text[in.Span.Start:in.Span.End]}
	c.mu.Lock()
	e, hit := c.shells[key]
	if hit {
		e.lastRun = c.run
	}
	run := c.run
	c.mu.Unlock()
	if hit {
		return e.r.moved(in, in.Span.Start-e.base), true
	}
	r = readRun(m, in)
	key.text = strings.Clone(key.text) // a slice would keep the whole version alive
	c.mu.Lock()
	c.shells[key] = &shellEntry{r: r.detached(), base: in.Span.Start, lastRun: run}
	c.mu.Unlock()
	return r, true
}

// detached is a copy of r that holds nothing of the version it was read
// from: no instruction (which would keep the whole model alive) and its
// own strings (not slices of the document's text).
func (r runScript) detached() runScript {
	r.in = nil
	cmds := make([]shellCommand, len(r.cmds))
	for i, c := range r.cmds {
		ws := make([]shellWord, len(c.Words))
		for j, w := range c.Words {
			w.Value, w.Raw = strings.Clone(w.Value), strings.Clone(w.Raw)
			ws[j] = w
		}
		c.Words = ws
		c.Env = cloneStrings(c.Env)
		c.Nest = cloneStrings(c.Nest)
		c.Op, c.Prev = strings.Clone(c.Op), strings.Clone(c.Prev)
		cmds[i] = c
	}
	r.cmds = cmds
	return r
}

func cloneStrings(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.Clone(s)
	}
	return out
}

// moved is r for the same text at instruction in, d bytes further on. The
// commands are shared when nothing moved: nobody changes a read script.
func (r runScript) moved(in *dockerfile.Instruction, d int) runScript {
	r.in = in
	if d == 0 {
		return r
	}
	r.cmdStart += d
	if r.cmdEnd != 0 {
		r.cmdEnd += d
	}
	cmds := make([]shellCommand, len(r.cmds))
	for i, c := range r.cmds {
		c.Start += d
		ws := make([]shellWord, len(c.Words))
		for j, w := range c.Words {
			w.Span.Start += d
			w.Span.End += d
			ws[j] = w
		}
		c.Words = ws
		cmds[i] = c
	}
	r.cmds = cmds
	return r
}

// readRun reads a RUN's shell script (see shellRun).
func readRun(m *dockerfile.Model, in *dockerfile.Instruction) (r runScript) {
	r.in = in
	r.cmdStart = in.Args[0].Span.Start
	cmdLine := commandLine(m, in)
	if t := strings.TrimRight(cmdLine.text, " \t"); t != "" {
		r.cmdEnd, r.last = cmdLine.offs[len(t)-1]+1, t[len(t)-1]
	}
	words := tokenize(cmdLine)
	r.cmds = commands(words)
	for _, t := range words {
		if t.op == "#" {
			r.comment = true
		}
	}
	if in.Node != nil && len(in.Node.Heredocs) > 0 {
		r.heredoc = true
		for _, body := range heredocBodies(m, in) {
			if body.shell(r.cmds) {
				r.cmds = append(r.cmds, commands(tokenize(body.script))...)
			}
		}
	}
	return r
}

// templated reports whether an instruction is part of a template that a
// generator turns into a Dockerfile (docker-library's `{{ … }}` blocks on
// lines of their own): what BuildKit would read here is not what runs, so
// the beginner rules leave it alone.
func templated(m *dockerfile.Model, in *dockerfile.Instruction) bool {
	for l := in.StartLine; l <= in.EndLine+1 && l < m.Mapper.LineCount(); l++ {
		if strings.HasPrefix(strings.TrimSpace(m.Mapper.Line(l)), "{{") {
			return true
		}
	}
	return false
}

// isJSONForm reports whether an instruction is written in exec form.
func isJSONForm(in *dockerfile.Instruction) bool {
	return in.Node != nil && in.Node.Attributes["json"]
}

// posixShell reports whether RUN in's stage runs its commands with a POSIX
// shell: the default /bin/sh -c (not on a Windows base image, where it is
// cmd), or a SHELL naming sh, bash, ash, dash, zsh or ksh.
func posixShell(m *dockerfile.Model, in *dockerfile.Instruction) bool {
	sh := shellSetting(m, in)
	if sh == nil || len(sh.Args) == 0 {
		base := strings.ToLower(baseImage(m, in.Stage))
		return !strings.Contains(base, "windows") && !strings.Contains(base, "nanoserver") && !strings.Contains(base, "servercore")
	}
	first := strings.Trim(strings.TrimPrefix(sh.Args[0].Value, "["), `",`)
	switch strings.ToLower(path.Base(strings.ReplaceAll(first, `\`, "/"))) {
	case "sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox":
		return true
	}
	return false
}

// shellSetting returns the SHELL instruction in effect for in, or nil: the
// last SHELL before it in its stage, or else the one in effect at the end
// of the stage it is built on (a stage inherits its base stage's SHELL).
func shellSetting(m *dockerfile.Model, in *dockerfile.Instruction) *dockerfile.Instruction {
	if in.Shell != nil {
		return in.Shell
	}
	stage := in.Stage
	for hops := 0; stage >= 0 && stage < len(m.Stages) && hops < len(m.Stages); hops++ {
		st := m.Stages[stage]
		parent := m.StageByName(st.Base, st.From.Span.Start)
		if parent == nil {
			return nil
		}
		if n := len(parent.Instructions); n > 0 {
			if last := parent.Instructions[n-1]; last.Name == "SHELL" {
				return last
			} else if last.Shell != nil {
				return last.Shell
			}
		}
		stage = parent.Index
	}
	return nil
}

// commandLine joins the lines of a RUN's command (from its first word after
// the flags to its last line before any heredoc body) as BuildKit does: a
// line ending in the escape character continues on the next one without a
// space, and comment or blank lines inside are dropped.
func commandLine(m *dockerfile.Model, in *dockerfile.Instruction) script {
	var s script
	var b strings.Builder
	last := in.EndLine
	if in.Node != nil && len(in.Node.Heredocs) > 0 {
		last = m.Mapper.Position(in.Args[len(in.Args)-1].Span.Start).Line
	}
	first := m.Mapper.Position(in.Args[0].Span.Start).Line
	for l := first; l <= last; l++ {
		start := m.Mapper.LineStart(l)
		line := m.Mapper.Line(l)
		if l == first {
			cut := in.Args[0].Span.Start - start
			line, start = line[cut:], start+cut
		} else if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		body := strings.TrimRight(line, " \t")
		cont := len(body) > 0 && body[len(body)-1] == m.Escape
		if cont {
			body = body[:len(body)-1]
		}
		b.WriteString(body)
		for i := range len(body) {
			s.offs = append(s.offs, start+i)
		}
		if !cont {
			s.offs = append(s.offs, start+len(body))
			break
		}
		if l == last {
			s.offs = append(s.offs, start+len(body))
		}
	}
	s.text = b.String()
	if len(s.offs) == len(s.text) {
		s.offs = append(s.offs, in.Span.End)
	}
	return s
}

// heredocBody is one heredoc of a RUN.
type heredocBody struct {
	script
	name string
}

// shell reports whether the body is run by a POSIX shell: it is the whole
// command (`RUN <<EOF`) without a shebang for another interpreter, or it is
// fed to sh or bash (`RUN bash <<EOF`).
func (h heredocBody) shell(cmdLine []shellCommand) bool {
	if len(cmdLine) == 0 {
		if !strings.HasPrefix(h.text, "#!") {
			return true
		}
		first, _, _ := strings.Cut(h.text, "\n")
		return strings.Contains(first, "sh") && !strings.Contains(first, "python") && !strings.Contains(first, "node")
	}
	if len(cmdLine[0].Words) == 0 {
		return false
	}
	switch path.Base(cmdLine[0].Words[0].Value) {
	case "sh", "bash", "ash", "dash", "zsh":
		return true
	}
	return false
}

// heredocBodies locates the heredoc bodies of in, which follow its command
// line in order, each ended by a line holding only its name.
func heredocBodies(m *dockerfile.Model, in *dockerfile.Instruction) []heredocBody {
	var out []heredocBody
	l := m.Mapper.Position(in.Args[len(in.Args)-1].Span.Start).Line + 1
	for _, h := range in.Node.Heredocs {
		body := heredocBody{name: h.Name}
		var b strings.Builder
		for ; l <= in.EndLine; l++ {
			line := m.Mapper.Line(l)
			if strings.TrimLeft(line, "\t") == h.Name {
				l++
				break
			}
			start := m.Mapper.LineStart(l)
			b.WriteString(line)
			b.WriteByte('\n')
			for i := range len(line) {
				body.offs = append(body.offs, start+i)
			}
			body.offs = append(body.offs, m.Mapper.LineEnd(l))
		}
		body.text = b.String()
		body.offs = append(body.offs, m.Mapper.LineStart(l))
		out = append(out, body)
	}
	return out
}

// token is a word or an operator of a script.
type token struct {
	op   string // "" for a word; "&&", "||", ";", "|", "|&", "&", "(", ")", "\n", "<" (a redirection) or "#" (a comment)
	word shellWord
}

// tokenize splits a script into words and operators.
func tokenize(s script) []token {
	var out []token
	text := s.text
	n := len(text)
	i := 0
	span := func(a, b int) dockerfile.Span {
		if b <= a {
			return dockerfile.Span{Start: s.offs[a], End: s.offs[a]}
		}
		return dockerfile.Span{Start: s.offs[a], End: s.offs[b-1] + 1}
	}
	for i < n {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '\\' && i+1 < n && text[i+1] == '\n':
			i += 2
			continue
		case c == '\n':
			out = append(out, token{op: "\n"})
			i++
			continue
		case c == '#':
			out = append(out, token{op: "#"})
			for i < n && text[i] != '\n' {
				i++
			}
			continue
		case c == '<' || c == '>' || (c == '&' && i+1 < n && text[i+1] == '>'):
			// A redirection: the operator, then its target word, which is no argument.
			j := i
			for j < n && (text[j] == '<' || text[j] == '>' || text[j] == '&' || text[j] == '|' || text[j] == '-') {
				j++
			}
			out = append(out, token{op: "<"})
			i = j
			continue
		case c == '&' || c == '|' || c == ';' || c == '(' || c == ')':
			op := string(c)
			if i+1 < n && ((c == '&' && text[i+1] == '&') || (c == '|' && (text[i+1] == '|' || text[i+1] == '&')) || (c == ';' && text[i+1] == ';')) {
				op = text[i : i+2]
			}
			out = append(out, token{op: op})
			i += len(op)
			continue
		}
		start := i
		var val strings.Builder
		for i < n {
			c := text[i]
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>' {
				if (c == '<' || c == '>') && isFD(text[start:i]) && val.Len() == i-start {
					// `2>` : the number belongs to the redirection.
					val.Reset()
					start = i
				}
				break
			}
			switch c {
			case '\'':
				j := strings.IndexByte(text[i+1:], '\'')
				if j < 0 {
					j = n - i - 1
				}
				val.WriteString(text[i+1 : i+1+j])
				i += j + 2
			case '"':
				i++
				for i < n && text[i] != '"' {
					if text[i] == '\\' && i+1 < n {
						i++
					} else if text[i] == '$' && i+1 < n && text[i+1] == '(' {
						e := skipParens(text, i+1)
						val.WriteString(text[i:e])
						i = e
						continue
					}
					val.WriteByte(text[i])
					i++
				}
				i++
			case '\\':
				if i+1 < n && text[i+1] != '\n' {
					val.WriteByte(text[i+1])
				}
				i += 2
			case '$':
				e := i + 1
				if e < n && text[e] == '(' {
					e = skipParens(text, e)
				} else if e < n && text[e] == '{' {
					if k := strings.IndexByte(text[e:], '}'); k >= 0 {
						e += k + 1
					} else {
						e = n
					}
				}
				val.WriteString(text[i:e])
				i = e
			case '`':
				e := n
				if j := strings.IndexByte(text[i+1:], '`'); j >= 0 {
					e = i + j + 2
				}
				val.WriteString(text[i:e])
				i = e
			default:
				val.WriteByte(c)
				i++
			}
		}
		if i > n {
			i = n
		}
		if i > start {
			out = append(out, token{word: shellWord{Value: val.String(), Raw: text[start:i], Span: span(start, i)}})
		}
	}
	return out
}

// skipParens returns the index after the parenthesis that closes the one at
// open, minding quotes.
func skipParens(text string, open int) int {
	depth := 0
	for i := open; i < len(text); i++ {
		switch text[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '\'':
			if j := strings.IndexByte(text[i+1:], '\''); j >= 0 {
				i += j + 1
			}
		case '\\':
			i++
		}
	}
	return len(text)
}

func isFD(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// shellFrame is a compound command being read: its kind (as
// shellCommand.Nest names it), whether its condition is being read, and for
// a case, where in the case the reader is.
type shellFrame struct {
	kind string
	cond bool
	// casePart is, for a case, what comes next: "word" (the subject),
	// "in", "pattern" (up to `)`) or "" (the commands of a branch).
	casePart string
}

// commands groups tokens into simple commands, following the compound
// commands (`( )`, `{ }`, if, for/while/until, case, functions) so each
// command knows where it runs. Case patterns such as `amd64|arm64)` and
// for-loop headers are no commands.
func commands(toks []token) []shellCommand {
	var out []shellCommand
	var cur shellCommand
	var stack []shellFrame
	prev := ""
	redirect := false
	forHeader := false   // reading `for x in …` up to `do`
	funcNext := false    // a function's `()` was read; its body comes next
	funcKeyword := false // `function` was read; the name comes next
	top := func() *shellFrame {
		if len(stack) == 0 {
			return nil
		}
		return &stack[len(stack)-1]
	}
	pop := func(kinds ...string) {
		if f := top(); f != nil && contains(kinds, f.kind) {
			stack = stack[:len(stack)-1]
		}
	}
	flush := func(op string) {
		cur.Op = op
		cur.Pipe = op == "|" || op == "|&"
		if len(cur.Words) > 0 {
			cur.Prev = prev
			for _, f := range stack {
				cur.Nest = append(cur.Nest, f.kind)
				cur.Cond = cur.Cond || f.cond
			}
			out = append(out, cur)
		} else if cur.Pipe && len(out) > 0 {
			out[len(out)-1].Pipe = true
		}
		if len(cur.Words) > 0 || op != "\n" || prev == "" {
			prev = op
		}
		cur = shellCommand{}
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if f := top(); f != nil && f.kind == "case" && f.casePart != "" {
			// The subject, `in` and the patterns of a case are no commands.
			switch {
			case f.casePart == "word" && t.op == "":
				f.casePart = "in"
			case f.casePart == "in" && t.op == "" && t.word.Raw == "in":
				f.casePart = "pattern"
			case f.casePart == "pattern" && t.op == "" && t.word.Raw == "esac":
				pop("case")
			case f.casePart == "pattern" && t.op == ")":
				f.casePart = ""
				prev = ")"
			}
			continue
		}
		start := len(cur.Words) == 0 && len(cur.Env) == 0 && !redirect
		switch t.op {
		case "":
			if redirect {
				redirect = false
				continue
			}
			w := t.word.Raw
			if forHeader {
				if w == "do" && len(cur.Words) == 0 {
					forHeader = false
				}
				continue
			}
			if funcKeyword {
				funcKeyword, funcNext = false, true
				continue
			}
			if start {
				cur.Start = t.word.Span.Start
				switch w {
				case "if", "while", "until":
					kind := "if"
					if w != "if" {
						kind = "loop"
					}
					stack = append(stack, shellFrame{kind: kind, cond: true})
					continue
				case "elif":
					if f := top(); f != nil && f.kind == "if" {
						f.cond = true
					}
					continue
				case "then", "else", "do":
					if f := top(); f != nil {
						f.cond = false
					}
					continue
				case "fi":
					pop("if")
					continue
				case "done":
					pop("loop")
					continue
				case "for", "select":
					stack = append(stack, shellFrame{kind: "loop"})
					forHeader = true
					continue
				case "case":
					stack = append(stack, shellFrame{kind: "case", casePart: "word"})
					continue
				case "esac":
					pop("case")
					continue
				case "{":
					kind := "{"
					if funcNext {
						kind, funcNext = "func", false
					}
					stack = append(stack, shellFrame{kind: kind})
					continue
				case "}":
					pop("{", "func")
					continue
				case "function":
					funcKeyword = true
					continue
				case "!", "time":
					continue
				}
				if isAssignment(w) {
					cur.Env = append(cur.Env, t.word.Value)
					continue
				}
			}
			cur.Words = append(cur.Words, t.word)
		case "<":
			redirect = true
		case "#":
		case "(":
			if len(cur.Words) == 1 && len(cur.Env) == 0 && i+1 < len(toks) && toks[i+1].op == ")" {
				// `name()`: a function definition; its body follows.
				cur = shellCommand{}
				funcNext = true
				i++
				continue
			}
			redirect = false
			flush("(")
			kind := "("
			if funcNext {
				kind, funcNext = "func", false
			}
			stack = append(stack, shellFrame{kind: kind})
		case ")":
			redirect = false
			flush(")")
			pop("(", "func")
		case ";;":
			redirect = false
			flush(";;")
			if f := top(); f != nil && f.kind == "case" {
				f.casePart = "pattern"
			}
		default:
			redirect = false
			flush(t.op)
		}
	}
	flush("")
	return out
}

// skipOptions drops the leading options of a wrapper command (sudo, xargs)
// and, for the one-letter options in withArg, the argument after each.
func skipOptions(w []shellWord, withArg string) []shellWord {
	for len(w) > 0 && strings.HasPrefix(w[0].Value, "-") {
		opt := w[0].Value
		w = w[1:]
		if len(opt) == 2 && strings.ContainsRune(withArg, rune(opt[1])) && len(w) > 0 {
			w = w[1:]
		}
	}
	return w
}

// isAssignment reports whether a word is `NAME=value`.
func isAssignment(w string) bool {
	eq := strings.IndexByte(w, '=')
	if eq <= 0 {
		return false
	}
	for i, c := range w[:eq] {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// program is the command a shell command runs once wrappers such as `sudo`,
// `env` and `exec` are skipped: its name (a base name) and its arguments.
func (c shellCommand) program() (name string, prog shellWord, args []shellWord) {
	w := c.Words
	for len(w) > 0 {
		switch path.Base(w[0].Value) {
		case "sudo":
			w = skipOptions(w[1:], "ugpCDrtUh")
		case "env":
			w = w[1:]
			for len(w) > 0 && (strings.HasPrefix(w[0].Value, "-") || isAssignment(w[0].Value)) {
				w = w[1:]
			}
		case "exec", "nohup", "command", "time":
			w = w[1:]
		case "xargs":
			// `xargs -r apt-get install -y < list`: the command xargs runs.
			w = skipOptions(w[1:], "nILPdaEs")
		case "nice":
			w = w[1:]
			if len(w) > 1 && w[0].Value == "-n" {
				w = w[2:]
			}
		default:
			return path.Base(w[0].Value), w[0], w[1:]
		}
	}
	return "", shellWord{}, nil
}

// join spans from a to b.
func join(a, b dockerfile.Span) dockerfile.Span {
	return dockerfile.Span{Start: min(a.Start, b.Start), End: max(a.End, b.End)}
}

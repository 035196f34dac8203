package lint

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// shellFindings are the rules about how a RUN uses the shell: `cd`, `sudo`
// and pipes without pipefail.
func shellFindings(m *dockerfile.Model, r runScript) []Finding {
	var out []Finding
	for i, c := range r.cmds {
		if len(c.Words) > 0 && path.Base(c.Words[0].Value) == "sudo" && !conditional(r, i) && !sudoAsUser(c) {
			out = append(out, finding("NoSudo", c.Words[0].Span))
		}
	}
	out = append(out, workdirInsteadOfCd(r)...)
	if p, ok := firstRiskyPipeline(m, r); ok && !setsPipefail(m, r) {
		out = append(out, finding("PipefailForPipes", p, pipefailAdvice(m, r)))
	}
	return out
}

// sudoAsUser reports whether a `sudo` runs its command as another user
// (`sudo -u node npm …`) rather than as root: like `su node -c …` it
// switches users inside a RUN, which a RUN as root may need between steps
// as root; NoSudo is about gaining root, which a RUN already has.
func sudoAsUser(c shellCommand) bool {
	for _, w := range c.Words[1:] {
		v := w.Value
		if !strings.HasPrefix(v, "-") {
			return false
		}
		if v == "-u" || v == "-g" || strings.HasPrefix(v, "--user") || strings.HasPrefix(v, "--group") || (len(v) > 2 && strings.HasPrefix(v, "-u")) {
			return true
		}
	}
	return false
}

// conditional reports whether command i of r runs only on some condition
// the script tests: inside an if or a case, or after `test … &&` or
// `test … ||`. A script that runs `sudo` only when it is not root
// (`if [ "$(id -u)" -ne 0 ]; then sudo …`) handles both users itself, and
// deleting its `sudo` would break it for the other one.
func conditional(r runScript, i int) bool {
	c := r.cmds[i]
	for _, k := range c.Nest {
		if k == "if" || k == "case" {
			return true
		}
	}
	if c.Cond {
		return true
	}
	if (c.Prev == "&&" || c.Prev == "||") && i > 0 {
		if name, _, _ := r.cmds[i-1].program(); name == "[" || name == "[[" || name == "test" {
			return true
		}
	}
	return false
}

// runUser is the user a RUN runs as, as the last USER before it in its
// stage or the stages it is built on names it ("" when no USER says: the
// base image's user, root on almost every image).
func runUser(m *dockerfile.Model, in *dockerfile.Instruction) string {
	stage, before := in.Stage, in.Span.Start
	for hops := 0; stage >= 0 && stage < len(m.Stages) && hops < len(m.Stages); hops++ {
		st := m.Stages[stage]
		for i := len(st.Instructions) - 1; i >= 0; i-- {
			x := st.Instructions[i]
			if x.Span.Start < before && x.Name == "USER" && len(x.Args) > 0 {
				return x.Args[0].Value
			}
		}
		parent := m.StageByName(st.Base, st.From.Span.Start)
		if parent == nil {
			return ""
		}
		stage, before = parent.Index, len(m.Text)+1 // all of the parent stage
	}
	return ""
}

// rootUser reports whether a USER value (user[:group]) is root.
func rootUser(u string) bool {
	name, _, _ := strings.Cut(u, ":")
	return name == "" || name == "root" || name == "0"
}

// workdirInsteadOfCd finds the `cd`s of r that `WORKDIR` could replace: a
// `cd` whose effect lasts to the end of the RUN — in the RUN's own shell
// (not in a subshell, a pipeline, a loop, an if, a case or a function), not
// only on a condition, and followed by no `cd` elsewhere but deeper — into
// a directory that is still there afterwards: not removed later in the same
// RUN, not a `--mount` target (which exists only during the RUN), not a
// temporary directory's root (/tmp: WORKDIR would make the scratch space
// the working directory of every later instruction and of the container),
// and not a path the same RUN computes. `cd /`, `cd ..` and `cd -` go back
// rather than somewhere.
func workdirInsteadOfCd(r runScript) []Finding {
	var out []Finding
	cwd := "" // where the RUN's own shell is, as far as its cds tell
	for i, c := range r.cmds {
		name, prog, args := c.program()
		if name != "cd" {
			continue
		}
		topLevel := !c.nested() && !c.Pipe && c.Op != "&" && c.Prev != "|" && c.Prev != "|&" && c.Prev != "||" && !conditional(r, i)
		dir, ok := cdTarget(args)
		target := ""
		if ok {
			target = resolveDir(cwd, dir.Value)
		}
		if topLevel && ok && lastingDir(r, dir, target) && cdLasts(r, i, target) {
			out = append(out, finding("WorkdirInsteadOfCd", join(prog.Span, args[len(args)-1].Span)))
		}
		if !c.inSubshell() && !c.Pipe && c.Prev != "|" {
			cwd = target // "" once the place cannot be told
		}
	}
	return out
}

// resolveDir is where `cd dir` leads from cwd ("" when cwd is unknown: a
// relative dir stays relative, to the stage's working directory).
func resolveDir(cwd, dir string) string {
	if strings.HasPrefix(dir, "/") || cwd == "" {
		return path.Clean(dir)
	}
	return path.Join(cwd, dir)
}

// cdTarget is the directory a `cd` goes to, as written; false for `cd`
// alone (the home directory), `cd -` and options it cannot read.
func cdTarget(args []shellWord) (shellWord, bool) {
	for len(args) > 0 && (args[0].Value == "-P" || args[0].Value == "-L" || args[0].Value == "-e" || args[0].Value == "--") {
		args = args[1:]
	}
	if len(args) != 1 {
		return shellWord{}, false
	}
	return args[0], true
}

// lastingDir reports whether dir (target once resolved) is a place a
// WORKDIR could name: not the root or a parent (going back, not
// somewhere), not `-` or `~`, no command substitution, no variable the RUN
// itself sets, not a temporary directory's root and no `--mount` target of
// the RUN.
func lastingDir(r runScript, dir shellWord, target string) bool {
	v := dir.Value
	if strings.ContainsAny(dir.Raw, "`") || strings.Contains(dir.Raw, "$(") {
		return false
	}
	clean := path.Clean(v)
	if clean == "/" || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") || strings.HasPrefix(v, "-") || strings.HasPrefix(v, "~") {
		return false
	}
	for _, name := range shellVarNames(v) {
		if name == "TMPDIR" || setInRun(r, name) {
			return false
		}
	}
	switch target {
	case "/tmp", "/var/tmp", "/dev/shm":
		return false
	}
	for _, t := range mountTargets(r.in) {
		mt := path.Clean(t)
		if mt == "." && !strings.HasPrefix(target, "/") || under(target, mt) {
			return false
		}
	}
	return true
}

// cdLasts reports whether the `cd` to target at command i still holds at
// the end of the RUN: every later `cd` in the RUN's own shell goes deeper (a
// relative path, no way back), and no later `rm` removes target or a
// directory above it.
func cdLasts(r runScript, i int, target string) bool {
	for _, c := range r.cmds[i+1:] {
		name, _, args := c.program()
		switch name {
		case "cd", "pushd", "popd":
			if c.inSubshell() || c.Pipe || c.Prev == "|" {
				continue
			}
			next, ok := cdTarget(args)
			if !ok || name == "popd" {
				return false
			}
			p := path.Clean(next.Value)
			if strings.HasPrefix(next.Value, "/") || strings.HasPrefix(next.Value, "-") || strings.HasPrefix(next.Value, "~") || p == ".." || strings.HasPrefix(p, "../") || strings.Contains(next.Raw, "$") {
				return false
			}
		case "rm", "rmdir":
			for _, a := range args {
				if strings.HasPrefix(a.Value, "-") {
					continue
				}
				if removes(path.Clean(a.Value), target) {
					return false
				}
			}
		}
	}
	return true
}

// removes reports whether removing the path (or pattern) p removes dir.
func removes(p, dir string) bool {
	if under(dir, p) {
		return true
	}
	for d := dir; d != "/" && d != "."; d = path.Dir(d) {
		if ok, _ := path.Match(p, d); ok {
			return true
		}
	}
	return false
}

// under reports whether p is dir or inside it.
func under(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, "/")+"/")
}

var shellVarRe = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// shellVarNames are the names of the variables a word uses.
func shellVarNames(s string) []string {
	var out []string
	for _, sm := range shellVarRe.FindAllStringSubmatch(s, -1) {
		out = append(out, sm[1])
	}
	return out
}

// setInRun reports whether the RUN's script gives the shell variable name a
// value itself: `name=…`, `export name=…`, `read name`, `for name in`.
func setInRun(r runScript, name string) bool {
	for _, c := range r.cmds {
		for _, e := range c.Env {
			if strings.HasPrefix(e, name+"=") {
				return true
			}
		}
		for _, w := range c.Words {
			if strings.HasPrefix(w.Value, name+"=") || (w.Value == name && len(c.Words) > 0 && c.Words[0].Value == "read") {
				return true
			}
		}
	}
	re := regexp.MustCompile(`\b(for|select)\s+` + regexp.QuoteMeta(name) + `\b`)
	return re.MatchString(runText(r))
}

// runText is the whole text of the RUN, heredoc bodies included.
func runText(r runScript) string {
	if r.in == nil || r.in.Node == nil {
		return ""
	}
	t := r.in.Node.Original
	for _, h := range r.in.Node.Heredocs {
		t += "\n" + h.Content
	}
	return t
}

// mountTargets are the targets of every `--mount` flag of a RUN; "." for
// a bind, cache or tmpfs mount without one, which BuildKit mounts at the
// working directory.
func mountTargets(in *dockerfile.Instruction) []string {
	var out []string
	for _, f := range in.Flags {
		if !strings.EqualFold(f.Name, "mount") {
			continue
		}
		target := ""
		for _, o := range f.Options() {
			switch strings.ToLower(o.Key) {
			case "target", "dst", "destination":
				target = o.Value
			}
		}
		if target == "" {
			switch f.MountType() {
			case "bind", "cache", "tmpfs":
				target = "."
			default:
				continue
			}
		}
		out = append(out, target)
	}
	return out
}

// firstRiskyPipeline is the span of the first pipeline of r (from its first
// command to its last) whose hidden failure would let the RUN succeed and
// that pipefail would not break. A pipeline is left alone when:
//   - it is the condition of an if, elif, while or until, or handled by a
//     `||` after it: a failure there only picks another branch;
//   - its status is thrown away anyway: the shell has no `set -e` and the
//     pipeline is neither followed by `&&` nor the RUN's last command
//     (`a | b; c` ends with c's status, pipefail or not);
//   - every command before the last pipe only writes text it is given
//     (echo, printf, `cat` of a heredoc, true): they cannot fail, so
//     pipefail changes nothing;
//   - the last command is `grep` selecting lines (no -v) and no writer
//     downloads anything: grep fails when nothing matches, and a local
//     command that fails (a missing file, a missing program) writes nothing
//     that could match, so the pipeline fails without pipefail too
//     (`cat /proc/self/status | grep CapEff`, `file x | grep static`);
//   - a command before the last pipe is `yes`, or the last command stops
//     reading early (`head`, `grep -q`, `grep -m`): the writer is then
//     killed by SIGPIPE, and with pipefail that kills the RUN.
//
// Pipes inside `$( … )` are part of a word and never seen here: what
// their failure does depends on how the script checks the value they
// give (`v="$(a | b)" && [ -n "$v" ]`), not on pipefail alone.
func firstRiskyPipeline(m *dockerfile.Model, r runScript) (dockerfile.Span, bool) {
	errexit := shellSets(m, r, "errexit")
	for i := 0; i < len(r.cmds); i++ {
		if !r.cmds[i].Pipe || i+1 >= len(r.cmds) {
			continue
		}
		j := i + 1
		for j+1 < len(r.cmds) && r.cmds[j].Pipe {
			j++
		}
		first, last := i, j
		i = j
		if pipelineMatters(r, first, last, errexit || errexitBefore(r, first)) && !harmlessPipeline(r.cmds[first:last+1]) {
			words := r.cmds[last].Words
			return join(r.cmds[first].Words[0].Span, words[len(words)-1].Span), true
		}
	}
	return dockerfile.Span{}, false
}

// pipelineMatters reports whether the status of the pipeline from command
// first to last decides anything: it is no condition, no `||` handles it,
// and `set -e`, a following `&&` or its place at the end of the RUN make a
// failure fail the RUN.
func pipelineMatters(r runScript, first, last int, errexit bool) bool {
	for _, c := range r.cmds[first : last+1] {
		if c.Cond || c.Op == "&" {
			return false
		}
	}
	if r.cmds[first].Prev == "||" {
		return false
	}
	for k := last; k < len(r.cmds) && (r.cmds[k].Op == "&&" || r.cmds[k].Op == "||"); k++ {
		if r.cmds[k].Op == "||" {
			return false
		}
	}
	return errexit || r.cmds[last].Op == "&&" || last == len(r.cmds)-1
}

// harmlessPipeline reports whether pipefail would change nothing for the
// better in a pipeline: its writers cannot fail, or pipefail would turn
// an early-exiting reader's SIGPIPE into a failed RUN.
func harmlessPipeline(p []shellCommand) bool {
	writersSafe := true
	for _, c := range p[:len(p)-1] {
		name, _, args := c.program()
		switch name {
		case "yes":
			return true
		case "echo", "printf", "true", ":":
		case "cat":
			if len(args) > 0 {
				writersSafe = false
			}
		default:
			writersSafe = false
		}
	}
	if writersSafe {
		return true
	}
	name, _, args := p[len(p)-1].program()
	switch name {
	case "head":
		return true
	case "grep", "egrep", "fgrep":
		selects := true
		for _, a := range args {
			v := a.Value
			if v == "--quiet" || v == "--silent" || strings.HasPrefix(v, "--max-count") {
				return true
			}
			if strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.ContainsAny(v[1:], "qm") {
				return true
			}
			if v == "--invert-match" || strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.Contains(v, "v") {
				selects = false
			}
		}
		return selects && !downloads(p[:len(p)-1])
	}
	return false
}

// downloads reports whether one of the commands fetches from the network,
// and so may fail half-way after writing part of its output.
func downloads(cmds []shellCommand) bool {
	for _, c := range cmds {
		switch name, _, _ := c.program(); name {
		case "curl", "wget", "fetch", "aria2c", "git", "gh", "scp", "rsync", "nc", "ssh":
			return true
		}
	}
	return false
}

// errexitBefore reports whether a `set -e` (or -eux, -o errexit) runs
// before command i of r, in the RUN's own shell.
func errexitBefore(r runScript, i int) bool {
	on := false
	for _, c := range r.cmds[:i] {
		if name, _, args := c.program(); name == "set" && !c.inSubshell() {
			for k, a := range args {
				v := a.Value
				switch {
				case strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.Contains(v, "e") && v != "-o":
					on = true
				case strings.HasPrefix(v, "+") && strings.Contains(v, "e"):
					on = false
				case v == "-o" && k+1 < len(args) && args[k+1].Value == "errexit":
					on = true
				}
			}
		}
	}
	return on
}

// shellSets reports whether the SHELL in effect for r turns on the option
// (pipefail or errexit): `-o pipefail`, or `-e` in a flag cluster for
// errexit.
func shellSets(m *dockerfile.Model, r runScript, option string) bool {
	sh := shellSetting(m, r.in)
	if sh == nil {
		return false
	}
	text := m.Text[sh.Span.Start:sh.Span.End]
	if strings.Contains(text, option) {
		return true
	}
	if option == "errexit" {
		for _, a := range shellArgs(sh) {
			if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a, "e") && a != "-o" && a != "-c" {
				return true
			}
		}
	}
	return false
}

// shellArgs are the words of a SHELL instruction's JSON array.
func shellArgs(sh *dockerfile.Instruction) []string {
	var out []string
	if sh.Node == nil {
		return out
	}
	for n := sh.Node.Next; n != nil; n = n.Next {
		out = append(out, n.Value)
	}
	return out
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
	return shellSets(m, r, "pipefail")
}

// The shells a RUN may run in, as far as pipefail is concerned.
const (
	// shellPipefail knows `set -o pipefail`: bash, zsh, ksh, and the
	// /bin/sh of Alpine and BusyBox (ash) and of the Red Hat family (bash).
	shellPipefail = "pipefail"
	// shellDash is Debian's and Ubuntu's /bin/sh, dash, which may not know
	// pipefail; bash is installed on every Debian and Ubuntu image.
	shellDash = "dash"
	// shellUnknown is any other shell: a base image dockerlab cannot place.
	shellUnknown = ""
)

// runShell tells which of those shells runs r: the SHELL in effect if it
// names a shell other than sh, or else what /bin/sh is on the base image.
func runShell(m *dockerfile.Model, r runScript) string {
	if sh := shellSetting(m, r.in); sh != nil {
		if args := shellArgs(sh); len(args) > 0 {
			switch path.Base(strings.ReplaceAll(args[0], `\`, "/")) {
			case "bash", "zsh", "ksh", "mksh", "ash", "busybox":
				return shellPipefail
			case "dash":
				return shellDash
			}
		}
	}
	switch imageFamily(baseImage(m, r.in.Stage)) {
	case "alpine", "redhat":
		return shellPipefail
	case "debian":
		return shellDash
	}
	return shellUnknown
}

// pipefailAdvice is PipefailForPipes' advice for r's shell. `set -o
// pipefail` is advised only where the shell is known to take it: dash on
// Debian and Ubuntu may stop the RUN with "Illegal option -o pipefail".
// There bash is always installed, so a SHELL line with bash is advised;
// for an image dockerlab cannot place, that advice is conditional.
func pipefailAdvice(m *dockerfile.Model, r runScript) string {
	switch runShell(m, r) {
	case shellPipefail:
		return "명령 앞에 `set -o pipefail &&`를 붙이십시오."
	case shellDash:
		return "이 이미지의 기본 셸(`/bin/sh`, `dash`)은 `set -o pipefail` 명령을 지원하지 않을 수 있으니, " +
			"`RUN` 앞에 `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` 지시문을 두십시오."
	}
	return "이 이미지의 기본 셸(`/bin/sh`)이 `pipefail` 옵션을 지원하는지 알 수 없습니다. " +
		"`bash` 셸이 있는 이미지라면 `RUN` 앞에 `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` 지시문을 두십시오."
}

// pipefailFixable reports whether `set -o pipefail &&` can go in front of
// r's command line: no heredoc, and a shell known to accept it.
func pipefailFixable(m *dockerfile.Model, r runScript) bool {
	return !r.heredoc && runShell(m, r) == shellPipefail
}

// baseImage is the image a stage is finally built on, following stage
// names (Model.ParentStage), with the global ARGs' default values put in.
// Unlike Model.BaseImage, a variable without a value stays in the text, so
// that `mcr.microsoft.com/windows/servercore:$TAG` still reads as Windows.
func baseImage(m *dockerfile.Model, stage int) string {
	return m.Memo(baseImageKey(stage), func() any { return baseImageOf(m, stage) }).(string)
}

// baseImageKey is the model memo's key of a stage's base image.
type baseImageKey int

func baseImageOf(m *dockerfile.Model, stage int) string {
	for hops := 0; stage >= 0 && stage < len(m.Stages) && hops < len(m.Stages); hops++ {
		st := m.Stages[stage]
		parent := m.ParentStage(st)
		if parent == nil {
			return expandGlobalArgs(m, st.Base, st.From.Span.Start)
		}
		stage = parent.Index
	}
	return ""
}

// expandGlobalArgs puts the default values of the global ARGs declared
// before offset into a FROM reference; variables without one stay.
func expandGlobalArgs(m *dockerfile.Model, ref string, before int) string {
	if !strings.Contains(ref, "$") {
		return ref
	}
	vals := map[string]string{}
	for _, d := range m.VarDefs {
		if d.Stage < 0 && d.Kind == dockerfile.Arg && d.HasValue && d.Instruction.Span.Start < before {
			vals[d.Name] = d.Value
		}
	}
	return globalRefRe.ReplaceAllStringFunc(ref, func(s string) string {
		name := strings.Trim(s, "${}")
		if def, _, ok := strings.Cut(name, ":-"); ok {
			name = def
		}
		if v, ok := vals[name]; ok {
			return v
		}
		return s
	})
}

var globalRefRe = regexp.MustCompile(`\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*`)

// debianImages are official images (and Microsoft's) whose default
// variant is built on Debian or Ubuntu: /bin/sh is dash, bash is there.
var debianImages = map[string]bool{
	"debian": true, "ubuntu": true, "buildpack-deps": true, "node": true, "python": true, "golang": true,
	"ruby": true, "php": true, "rust": true, "openjdk": true, "eclipse-temurin": true, "maven": true,
	"gradle": true, "nginx": true, "httpd": true, "postgres": true, "redis": true, "mongo": true,
	"tomcat": true, "perl": true, "r-base": true, "julia": true, "haskell": true, "elixir": true,
	"erlang": true, "gcc": true, "swift": true, "mariadb": true, "rabbitmq": true, "memcached": true,
	"jenkins": true, "base-notebook": true, "minimal-notebook": true,
	"scipy-notebook": true, "docker-stacks-foundation": true, "wordpress": true, "neurodebian": true,
	"clojure": true, "groovy": true, "kibana": true, "sonarqube": true, "odoo": true,
}

// redhatImages are images of the Red Hat family, whose /bin/sh is bash.
var redhatImages = map[string]bool{
	"fedora": true, "centos": true, "rockylinux": true, "almalinux": true, "amazonlinux": true,
	"oraclelinux": true, "ubi": true, "ubi8": true, "ubi9": true, "ubi-minimal": true, "ubi8-minimal": true,
	"ubi9-minimal": true, "mysql": true,
}

// imageFamily places a base image reference: "alpine" (BusyBox ash as
// /bin/sh), "debian" (dash as /bin/sh, bash installed), "redhat" (bash as
// /bin/sh), or "" when unsure — no shell at all (distroless, chiseled),
// Windows, a variable, or an image dockerlab does not know.
func imageFamily(ref string) string {
	low := strings.ToLower(ref)
	if low == "" || strings.Contains(low, "$") {
		return ""
	}
	name, tag, _ := strings.Cut(low[strings.LastIndexByte(low, '/')+1:], ":")
	tag, _, _ = strings.Cut(tag, "@")
	for _, w := range []string{"distroless", "chiseled", "nanoserver", "servercore", "windows", "scratch"} {
		if strings.Contains(low, w) {
			return ""
		}
	}
	if strings.Contains(low, "alpine") || name == "busybox" || name == "docker" || name == "traefik" || name == "caddy" {
		return "alpine"
	}
	if strings.Contains(tag, "azurelinux") || strings.Contains(tag, "mariner") || redhatImages[name] || strings.HasPrefix(name, "fedora") || strings.HasPrefix(name, "ubi") {
		return "redhat"
	}
	for _, w := range []string{"debian", "ubuntu", "bookworm", "bullseye", "buster", "stretch", "jessie", "trixie", "jammy", "noble", "focal", "bionic", "xenial", "slim"} {
		if strings.Contains(low, w) {
			return "debian"
		}
	}
	if debianImages[name] || strings.Contains(low, "devcontainers/") || strings.HasPrefix(low, "mcr.microsoft.com/dotnet/") || strings.HasPrefix(low, "jenkins/") {
		return "debian"
	}
	return ""
}

// consecutiveRuns hints at a RUN that directly follows another RUN of the
// same stage with the same flags, both in shell form, in a stage whose
// layers end up in the final image: the last stage and the stages it is
// built on. A build stage that only hands files on (`COPY --from`), or a
// target built for its checks, adds no layer to the image that ships, so
// separate RUNs there cost nothing and keep its cache finer. A stage whose
// SHELL is PowerShell is left alone too: Windows PowerShell has no `&&`.
func consecutiveRuns(m *dockerfile.Model) []Finding {
	var out []Finding
	final := finalChain(m)
	psComment := containsFold(m.Text, "hadolint") && hadolintShellRe.MatchString(m.Text)
	for _, st := range m.Stages {
		if !final[st.Index] {
			continue
		}
		for i := 1; i < len(st.Instructions); i++ {
			prev, cur := st.Instructions[i-1], st.Instructions[i]
			if prev.Name != "RUN" || cur.Name != "RUN" || isJSONForm(prev) || isJSONForm(cur) || len(prev.Args) == 0 || len(cur.Args) == 0 {
				continue
			}
			if flagText(m, prev) != flagText(m, cur) || powerShell(m, cur, psComment) || runsSetx(m, prev) {
				continue
			}
			out = append(out, finding("ConsecutiveRuns", cur.KeywordSpan))
		}
	}
	return out
}

// finalChain is the set of stages whose layers the final image carries:
// the last stage and, through `FROM <stage>`, the stages below it.
func finalChain(m *dockerfile.Model) map[int]bool {
	out := map[int]bool{}
	if len(m.Stages) == 0 {
		return out
	}
	st := m.Stages[len(m.Stages)-1]
	for st != nil && !out[st.Index] {
		out[st.Index] = true
		st = m.ParentStage(st)
	}
	return out
}

// powerShell reports whether in runs under PowerShell: a SHELL naming it,
// a `# hadolint shell=powershell` comment in the file (psComment; the
// shell then comes from the base image, which the file cannot show), or a
// RUN that starts with a cmdlet such as `Copy-Item`, which only PowerShell
// runs.
func powerShell(m *dockerfile.Model, in *dockerfile.Instruction, psComment bool) bool {
	if sh := shellSetting(m, in); sh != nil {
		if args := shellArgs(sh); len(args) > 0 {
			prog := strings.ToLower(path.Base(strings.ReplaceAll(args[0], `\`, "/")))
			return strings.HasPrefix(prog, "powershell") || strings.HasPrefix(prog, "pwsh")
		}
	}
	return psComment || len(in.Args) > 0 && cmdletRe.MatchString(in.Args[0].Value)
}

var (
	hadolintShellRe = regexp.MustCompile(`(?mi)^\s*#\s*hadolint\s+shell\s*=\s*(powershell|pwsh)\b`)
	cmdletRe        = regexp.MustCompile(`^(Get|Set|New|Remove|Copy|Move|Invoke|Expand|Write|Start|Stop|Add|Test|Install|Import|Rename)-[A-Z][A-Za-z]+$`)
)

// runsSetx reports whether a RUN runs Windows' setx, which writes an
// environment variable for the processes started after it — the next RUN —
// and not for the rest of its own command line; merged into one RUN, the
// commands after it would not see the value.
func runsSetx(m *dockerfile.Model, in *dockerfile.Instruction) bool {
	return len(in.Args) > 0 && strings.EqualFold(in.Args[0].Value, "setx")
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

// noSudoFix is NoSudo's fix: delete the `sudo ` before a command, when the
// RUN runs as root (another user needs its sudo until the RUN moves before
// USER) and sudo has no option of its own.
func noSudoFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if in == nil || !rootUser(runUser(m, in)) {
		return Fix{}, false
	}
	end := f.Span.End
	for end < len(m.Text) && (m.Text[end] == ' ' || m.Text[end] == '\t') {
		end++
	}
	if end > f.Span.End && end < len(m.Text) && m.Text[end] != '-' && m.Text[end] != '\n' && m.Text[end] != '\r' {
		return replace("`sudo` 지우기", true, dockerfile.Span{Start: f.Span.Start, End: end}, "")
	}
	return Fix{}, false
}

// pipefailFix is PipefailForPipes's fix: `set -o pipefail &&` before the
// RUN's command, where the shell has that option.
func pipefailFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	if r, ok := shellRun(m, m.InstructionAt(f.Span.Start)); ok && pipefailFixable(m, r) {
		return insert("`set -o pipefail &&` 붙이기", r.cmdStart, "set -o pipefail && ")
	}
	return Fix{}, false
}

// workdirFix is WorkdirInsteadOfCd's fix: it turns `RUN cd /dir && cmd`
// into `WORKDIR /dir` and `RUN cmd`, and `RUN cd /dir` alone into
// `WORKDIR /dir`. Only for an absolute, literal folder as the RUN's first
// command.
func workdirFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	r, ok := shellRun(m, in)
	if !ok || r.heredoc || len(r.cmds) == 0 {
		return Fix{}, false
	}
	c := r.cmds[0]
	if len(c.Words) != 2 || c.Words[0].Span.Start != f.Span.Start || c.Words[0].Span.Start != r.cmdStart {
		return Fix{}, false
	}
	dir := c.Words[1].Raw
	if !strings.HasPrefix(dir, "/") || strings.ContainsAny(dir, "$`\"'\\ ") {
		return Fix{}, false
	}
	workdir := sameCase("WORKDIR", in.Keyword) + " " + dir
	title := "`WORKDIR " + dir + "` 지시문으로 옮기기"
	if len(r.cmds) == 1 && len(in.Flags) == 0 {
		return replace(title, false, dockerfile.Span{Start: in.KeywordSpan.Start, End: in.Span.End}, workdir)
	}
	if c.Op != "&&" || len(r.cmds) < 2 || r.cmds[1].Start <= c.Words[1].Span.End {
		return Fix{}, false
	}
	indent := m.Text[m.Mapper.LineStart(in.StartLine):in.KeywordSpan.Start]
	if strings.TrimLeft(indent, " \t") != "" {
		indent = ""
	}
	return Fix{Title: title, Edits: []Edit{
		{Span: dockerfile.Span{Start: in.KeywordSpan.Start, End: in.KeywordSpan.Start}, NewText: workdir + newline(m) + indent},
		{Span: dockerfile.Span{Start: c.Words[0].Span.Start, End: r.cmds[1].Start}, NewText: ""},
	}}, true
}

// consecutiveRunsFix is ConsecutiveRuns's fix: join the RUN with the one
// above it.
func consecutiveRunsFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if in == nil || in.Stage < 0 {
		return Fix{}, false
	}
	prev := previousInStage(m, in)
	if prev == nil {
		return Fix{}, false
	}
	fx, ok := mergeRuns(m, prev, in)
	if !ok {
		return Fix{}, false
	}
	fx.Title = "앞의 `RUN`과 합치기"
	return fx, true
}

// containsFold reports whether s contains sub (ASCII, any case) without
// copying s: a cheap test before a case-insensitive regexp over a whole
// file.
func containsFold(s, sub string) bool {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		if s[i]|0x20 == sub[0]|0x20 && strings.EqualFold(s[i:i+n], sub) {
			return true
		}
	}
	return false
}

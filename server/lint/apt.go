package lint

import (
	"path"
	"strings"
	"unicode"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// subcommandCall is a package manager's command with its subcommand, such
// as `apt-get install` or `apk add`.
type subcommandCall struct {
	prog, sub shellWord
	opts      []shellWord // the words starting with "-", before and after the subcommand
	operands  []shellWord // the other words after the subcommand (package names)
	cmd       shellCommand
}

// span covers the program and its subcommand, the words a finding marks.
func (c subcommandCall) span() dockerfile.Span { return join(c.prog.Span, c.sub.Span) }

// hasOpt reports whether one of the options is any of names, written alone
// or as `name=value`.
func (c subcommandCall) hasOpt(names ...string) bool {
	for _, o := range c.opts {
		v, _, _ := strings.Cut(o.Value, "=")
		for _, n := range names {
			if v == n {
				return true
			}
		}
	}
	return false
}

// calls finds the commands of r whose program is one of progs, reading the
// first word that is no option as the subcommand. withArg lists the options
// that take the next word as their value.
func calls(r runScript, progs []string, withArg map[string]bool) []subcommandCall {
	var out []subcommandCall
	for _, c := range r.cmds {
		name, prog, args := c.program()
		if !contains(progs, name) {
			continue
		}
		call := subcommandCall{prog: prog, cmd: c}
		for i := 0; i < len(args); i++ {
			a := args[i]
			switch {
			case strings.HasPrefix(a.Value, "-") && len(a.Value) > 1:
				call.opts = append(call.opts, a)
				if withArg[a.Value] && i+1 < len(args) {
					i++
				}
			case call.sub.Value == "":
				call.sub = a
			default:
				call.operands = append(call.operands, a)
			}
		}
		if call.sub.Value != "" {
			out = append(out, call)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// aptGetArgOpts are apt-get's options that take a value.
var aptGetArgOpts = map[string]bool{"-o": true, "-c": true, "-t": true, "--option": true, "--config-file": true, "--target-release": true}

// aptFindings are the apt-get rules: -y, --no-install-recommends, the
// package lists left in the layer, and `apt-get update` alone.
func aptFindings(m *dockerfile.Model, r runScript, conf aptConfigKeys) []Finding {
	var out []Finding
	all := calls(r, []string{"apt-get"}, aptGetArgOpts)
	var update, install *subcommandCall
	others := false
	for i, c := range all {
		switch c.sub.Value {
		case "install":
			if install == nil {
				install = &all[i]
			}
			if aptDryRun(c) {
				continue // a simulation neither asks nor installs anything
			}
			if !aptAssumesYes(c) && !(conf["Assume-Yes"] && aptConfigured(m, r, c, "Assume-Yes")) {
				out = append(out, finding("AptGetInstallYes", c.span()))
			}
			// systemd is left alone: its recommended dbus is what systemctl
			// and the systemd cgroup driver talk to.
			if !c.hasOpt("--no-install-recommends") && !optMentions(c, "Install-Recommends") && !(conf["Install-Recommends"] && aptConfigured(m, r, c, "Install-Recommends")) && !installs(c, "systemd", "systemd-sysv") {
				extra := ""
				if needsCACertificates(c) {
					extra = caCertificatesAdvice
				}
				out = append(out, finding("AptNoInstallRecommends", c.span(), extra))
			}
		case "update":
			if update == nil {
				update = &all[i]
			}
		default:
			others = true
		}
	}
	// apt, aptitude and the cross-compiling wrappers of tonistiigi/xx
	// doing the work also keep update from being alone.
	for _, c := range calls(r, []string{"apt", "aptitude", "xx-apt-get", "xx-apt"}, aptGetArgOpts) {
		if c.sub.Value != "update" {
			others = true
		}
	}
	if update != nil && install == nil && !others {
		out = append(out, finding("AptUpdateAlone", update.span()))
	}
	if update != nil && install != nil && !cleansAptLists(r) {
		out = append(out, finding("AptCleanLists", update.span()))
	}
	return out
}

// aptAssumesYes reports whether an apt-get call answers its prompt by
// itself: -y, --yes, --assume-yes, -qq (quiet level 2 implies -y) or the
// option APT::Get::Assume-Yes.
func aptAssumesYes(c subcommandCall) bool {
	if c.hasOpt("-y", "--yes", "--assume-yes", "-qq", "--force-yes") || optMentions(c, "Assume-Yes") {
		return true
	}
	for _, o := range c.opts {
		v := o.Value
		if v == "-q=2" || v == "--quiet=2" {
			return true
		}
		if !strings.HasPrefix(v, "--") && (strings.Contains(v, "y") || strings.Count(v, "q") >= 2) {
			return true // a cluster such as -qy or -yqq
		}
	}
	return false
}

// installs reports whether an install call names one of the packages.
func installs(c subcommandCall, pkgs ...string) bool {
	for _, o := range c.operands {
		name, _, _ := strings.Cut(o.Value, "=")
		if contains(pkgs, name) {
			return true
		}
	}
	return false
}

// needsCACertificates reports whether an install without recommends would
// lose the certificates its programs need: curl, wget and git recommend
// ca-certificates, and without it they cannot check any HTTPS server, so a
// later `curl https://…` or `git clone https://…` fails.
func needsCACertificates(c subcommandCall) bool {
	return installs(c, "curl", "wget", "git") && !installs(c, "ca-certificates")
}

// caCertificatesAdvice completes AptNoInstallRecommends' message when
// needsCACertificates holds.
const caCertificatesAdvice = " 이때 `ca-certificates` 패키지도 함께 적으십시오. 그래야 `curl`, `wget`, `git` 명령이 HTTPS 인증서를 확인할 수 있습니다."

// aptDryRun reports whether an apt-get call only simulates: -s,
// --simulate, --just-print, --dry-run, --recon or --no-act.
func aptDryRun(c subcommandCall) bool {
	if c.hasOpt("-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act") {
		return true
	}
	for _, o := range c.opts {
		v := o.Value
		if !strings.HasPrefix(v, "--") && len(v) > 2 && strings.Trim(v[1:], "qsyfmV") == "" && strings.Contains(v, "s") {
			return true // a cluster such as -qs
		}
	}
	return false
}

// aptConfigKeys tells which apt options a Dockerfile names anywhere
// (Assume-Yes, Install-Recommends), read once per check so that
// aptConfigured only looks closer where one is named.
type aptConfigKeys map[string]bool

func readAptConfigKeys(m *dockerfile.Model) aptConfigKeys {
	out := aptConfigKeys{}
	for _, k := range []string{"Assume-Yes", "Install-Recommends"} {
		out[k] = strings.Contains(m.Text, k)
	}
	return out
}

// aptConfigured reports whether apt's configuration, written by the
// Dockerfile before the call, sets key (Assume-Yes, Install-Recommends):
// an earlier instruction of the stage (or of the stages it is built on)
// or an earlier part of the same RUN names it, as in
// `echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90yes`.
func aptConfigured(m *dockerfile.Model, r runScript, c subcommandCall, key string) bool {
	if strings.Contains(m.Text[r.in.Span.Start:c.prog.Span.Start], key) {
		return true
	}
	stage, before := r.in.Stage, r.in.Span.Start
	for hops := 0; stage >= 0 && stage < len(m.Stages) && hops < len(m.Stages); hops++ {
		st := m.Stages[stage]
		for _, x := range st.Instructions {
			if x.Span.Start < before && x.Name != "FROM" && strings.Contains(m.Text[x.Span.Start:x.Span.End], key) {
				return true
			}
		}
		parent := m.StageByName(st.Base, st.From.Span.Start)
		if parent == nil {
			break
		}
		stage, before = parent.Index, len(m.Text)+1 // all of the parent stage
	}
	return false
}

// optMentions reports whether an `-o Key=value` option of the call names key.
func optMentions(c subcommandCall, key string) bool {
	for _, w := range c.cmd.Words {
		if strings.Contains(w.Value, key) {
			return true
		}
	}
	return false
}

// cleansAptLists reports whether a RUN removes /var/lib/apt/lists or keeps
// them out of the layer with a cache mount.
func cleansAptLists(r runScript) bool {
	for _, c := range r.cmds {
		name, _, args := c.program()
		if (name == "apt-get" || name == "apt") && len(args) > 0 && args[len(args)-1].Value == "dist-clean" {
			return true // APT 2.7.8+: clean, and remove the package lists too
		}
		if name != "rm" {
			continue
		}
		for _, a := range args {
			if removes(path.Clean(a.Value), "/var/lib/apt/lists") || strings.HasPrefix(a.Value, "/var/lib/apt/lists") {
				return true
			}
		}
	}
	for _, t := range cacheTargets(r.in) {
		if strings.HasPrefix(t, "/var/lib/apt") {
			return true
		}
	}
	return false
}

// cacheTargets are the targets of a RUN's `--mount=type=cache` flags.
func cacheTargets(in *dockerfile.Instruction) []string {
	var out []string
	for _, f := range in.Flags {
		if !strings.EqualFold(f.Name, "mount") || f.MountType() != "cache" {
			continue
		}
		for _, o := range f.Options() {
			switch strings.ToLower(o.Key) {
			case "target", "dst", "destination":
				out = append(out, strings.TrimRight(o.Value, "/"))
			}
		}
	}
	return out
}

// aptYesFix is AptGetInstallYes's fix: `apt-get install -y`.
func aptYesFix(_ *dockerfile.Model, f Finding) (Fix, bool) {
	return insert("`-y` 붙이기", f.Span.End, " -y")
}

// noInstallRecommendsFix is AptNoInstallRecommends's fix. Without their
// recommended ca-certificates, curl, wget or git could no longer check
// HTTPS servers (the finding's detail says so), so then the fix also adds
// that package to the list, or there is no fix.
func noInstallRecommendsFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	fx, ok := insert("`--no-install-recommends` 붙이기", afterYes(m.Text, f.Span.End), " --no-install-recommends")
	if f.arg(0) == "" {
		return fx, ok
	}
	if last, found := lastOperand(m, m.InstructionAt(f.Span.Start), f); found && last.Span.End > fx.Edits[0].Span.Start {
		fx.Title = "`--no-install-recommends` 붙이고 `ca-certificates` 패키지 적기"
		fx.Edits = append(fx.Edits, Edit{Span: dockerfile.Span{Start: last.Span.End, End: last.Span.End}, NewText: " ca-certificates"})
		return fx, true
	}
	return Fix{}, false
}

// lastOperand is the last package name of the apt-get install call a
// finding marks.
func lastOperand(m *dockerfile.Model, in *dockerfile.Instruction, f Finding) (shellWord, bool) {
	r, ok := shellRun(m, in)
	if !ok {
		return shellWord{}, false
	}
	for _, c := range calls(r, []string{"apt-get"}, aptGetArgOpts) {
		if c.span() == f.Span && len(c.operands) > 0 {
			return c.operands[len(c.operands)-1], true
		}
	}
	return shellWord{}, false
}

// afterYes skips the -y style options right after offset, so
// --no-install-recommends lands after them: `install -y --no-install-recommends`.
func afterYes(text string, at int) int {
	for {
		i := at
		for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		j := i
		for j < len(text) && !unicode.IsSpace(rune(text[j])) {
			j++
		}
		switch text[i:j] {
		case "-y", "--yes", "--assume-yes", "-qq", "-qy", "-yq", "-qqy", "-yqq", "-q":
			at = j
		default:
			return at
		}
	}
}

// aptCleanListsFix is AptCleanLists's fix: `&& rm -rf /var/lib/apt/lists/*`
// at the end of the RUN's command, when the command ends plainly.
func aptCleanListsFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	if r, ok := shellRun(m, m.InstructionAt(f.Span.Start)); ok && !r.heredoc && !r.comment && r.last != ';' && r.last != '&' {
		return insert("`&& rm -rf /var/lib/apt/lists/*` 붙이기", r.cmdEnd, " && rm -rf /var/lib/apt/lists/*")
	}
	return Fix{}, false
}

// mergeWithNextRun is AptUpdateAlone's fix: join the lone `apt-get update`
// with the RUN below it, where the install usually is.
func mergeWithNextRun(m *dockerfile.Model, f Finding) (Fix, bool) {
	in := m.InstructionAt(f.Span.Start)
	if in == nil {
		return Fix{}, false
	}
	fx, ok := mergeRuns(m, in, nextInStage(m, in))
	fx.Title, fx.Preferred = "다음 `RUN`과 합치기", true
	return fx, ok
}

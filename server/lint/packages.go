package lint

import (
	"path"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// packageFindings are the rules for pip, apk and npm in one RUN.
func packageFindings(m *dockerfile.Model, r runScript, bc *buildContext) []Finding {
	var out []Finding
	for _, c := range pipInstalls(r) {
		if !c.hasOpt("--no-cache-dir") && !pipCacheOff(m, r, c) && !runRemoves(r, "/root/.cache/pip", "~/.cache/pip", "$HOME/.cache/pip") && !pipCachePurged(r) {
			out = append(out, finding("PipNoCacheDir", c.span()))
		}
	}
	for _, c := range calls(r, []string{"apk"}, apkArgOpts) {
		if c.sub.Value == "add" && !c.hasOpt("--no-cache", "--no-network") && !apkCacheMounted(r) && !runRemoves(r, "/var/cache/apk") {
			out = append(out, finding("ApkNoCache", c.span()))
		}
	}
	for _, c := range calls(r, []string{"npm"}, nil) {
		if (c.sub.Value == "install" || c.sub.Value == "i") && len(c.operands) == 0 && npmLockCopied(m, r.in, bc) {
			out = append(out, finding("NpmCiInsteadOfInstall", c.span()))
		}
	}
	return out
}

// pipInstalls are the `pip install` calls of r, also as `python -m pip install`.
func pipInstalls(r runScript) []subcommandCall {
	var out []subcommandCall
	for _, c := range r.cmds {
		name, prog, args := c.program()
		if strings.HasPrefix(name, "python") && len(args) >= 2 && args[0].Value == "-m" && isPip(args[1].Value) {
			prog, args = shellWord{Span: join(prog.Span, args[1].Span)}, args[2:]
		} else if !isPip(name) {
			continue
		}
		call := subcommandCall{prog: prog, cmd: c}
		for _, a := range args {
			switch {
			case strings.HasPrefix(a.Value, "-"):
				call.opts = append(call.opts, a)
			case call.sub.Value == "":
				call.sub = a
			default:
				call.operands = append(call.operands, a)
			}
		}
		if call.sub.Value == "install" {
			out = append(out, call)
		}
	}
	return out
}

// isPip matches pip, pip3 and pip3.12.
func isPip(name string) bool {
	rest, ok := strings.CutPrefix(name, "pip")
	return ok && strings.Trim(rest, "0123456789.") == ""
}

// pipCacheOff reports whether pip's cache is already off or kept out of the
// layer: PIP_NO_CACHE_DIR set on the command or by an ENV of the stage, or a
// cache mount on the RUN.
func pipCacheOff(m *dockerfile.Model, r runScript, c subcommandCall) bool {
	for _, e := range c.cmd.Env {
		if strings.HasPrefix(e, "PIP_NO_CACHE_DIR=") {
			return true
		}
	}
	for _, d := range m.VarDefs {
		if d.Name == "PIP_NO_CACHE_DIR" && d.Kind == dockerfile.Env && d.Instruction.Stage == r.in.Stage && d.Instruction.Span.Start < r.in.Span.Start {
			return true
		}
	}
	for _, t := range cacheTargets(r.in) {
		if strings.Contains(t, ".cache") || strings.Contains(t, "pip") {
			return true
		}
	}
	return false
}

// runRemoves reports whether an `rm` of the RUN removes one of the
// directories (its contents, the directory or a directory above it), as
// `rm -rf /var/cache/apk/*` removes the index `apk add` keeps there.
func runRemoves(r runScript, dirs ...string) bool {
	for _, c := range r.cmds {
		name, _, args := c.program()
		if name != "rm" {
			continue
		}
		for _, a := range args {
			if strings.HasPrefix(a.Value, "-") {
				continue
			}
			p := path.Clean(strings.ReplaceAll(a.Raw, `"`, ""))
			for _, d := range dirs {
				if removes(p, d) || strings.HasPrefix(p, d+"/") {
					return true
				}
			}
		}
	}
	return false
}

// pipCachePurged reports whether the RUN empties pip's cache with
// `pip cache purge` (or `pip cache remove`).
func pipCachePurged(r runScript) bool {
	for _, c := range r.cmds {
		name, _, args := c.program()
		if isPip(name) && len(args) >= 2 && args[0].Value == "cache" && (args[1].Value == "purge" || args[1].Value == "remove") {
			return true
		}
	}
	return false
}

// apkArgOpts are apk's options that take a value.
var apkArgOpts = map[string]bool{"-X": true, "--repository": true, "-p": true, "--root": true, "--arch": true,
	"--keys-dir": true, "--cache-dir": true, "--repositories-file": true, "-t": true, "--virtual": true}

// apkCacheMounted reports whether apk's cache is a cache mount, where
// --no-cache would waste it.
func apkCacheMounted(r runScript) bool {
	for _, t := range cacheTargets(r.in) {
		if strings.HasPrefix(t, "/var/cache/apk") || strings.HasPrefix(t, "/etc/apk/cache") {
			return true
		}
	}
	return false
}

// lockFiles are the files that make `npm ci` possible.
var lockFiles = []string{"package-lock.json", "npm-shrinkwrap.json"}

// npmLockCopied reports whether the image has npm's lock file when RUN in
// runs: an earlier COPY or ADD of the stage names it (also by a pattern such
// as package*.json), or copies a folder of the build context that holds it.
func npmLockCopied(m *dockerfile.Model, in *dockerfile.Instruction, bc *buildContext) bool {
	if in.Stage < 0 || in.Stage >= len(m.Stages) {
		return false
	}
	for _, x := range m.Stages[in.Stage].Instructions {
		if x.Span.Start >= in.Span.Start {
			break
		}
		if (x.Name != "COPY" && x.Name != "ADD") || hasFlag(x, "from") {
			continue
		}
		for _, src := range copySources(m, x) {
			if lockIn(src.Value, bc) {
				return true
			}
		}
	}
	return false
}

// lockIn reports whether copying src brings npm's lock file along. With a
// known build context the files themselves decide (src may be a folder or
// a pattern); without one, src's name must fit a lock file's name.
func lockIn(src string, bc *buildContext) bool {
	if strings.Contains(src, "$") {
		return false
	}
	if !bc.known() {
		for _, lock := range lockFiles {
			if ok, _ := path.Match(path.Base(src), lock); ok {
				return true
			}
		}
		return false
	}
	full := contextPath(src)
	matches := []string{full}
	if strings.ContainsAny(src, "*?[") {
		matches = bc.glob(full)
	}
	for _, mt := range matches {
		for _, lock := range lockFiles {
			if path.Base(mt) == lock {
				return true
			}
			if bc.existsFollowing(path.Join(mt, lock)) {
				return true
			}
		}
	}
	return false
}

// hasFlag reports whether an instruction has the flag name.
func hasFlag(in *dockerfile.Instruction, name string) bool {
	for _, f := range in.Flags {
		if strings.EqualFold(f.Name, name) {
			return true
		}
	}
	return false
}

// pipNoCacheDirFix is PipNoCacheDir's fix: `pip install --no-cache-dir`.
func pipNoCacheDirFix(_ *dockerfile.Model, f Finding) (Fix, bool) {
	return insert("`--no-cache-dir` 붙이기", f.Span.End, " --no-cache-dir")
}

// apkNoCacheFix is ApkNoCache's fix: `apk add --no-cache`.
func apkNoCacheFix(_ *dockerfile.Model, f Finding) (Fix, bool) {
	return insert("`--no-cache` 붙이기", f.Span.End, " --no-cache")
}

// npmCiFix is NpmCiInsteadOfInstall's fix: `npm install` becomes `npm ci`.
func npmCiFix(m *dockerfile.Model, f Finding) (Fix, bool) {
	text := m.Text[f.Span.Start:f.Span.End]
	if i := strings.LastIndexAny(text, " \t"); i >= 0 {
		return replace("`npm ci` 명령으로 바꾸기", true, dockerfile.Span{Start: f.Span.Start + i + 1, End: f.Span.End}, "ci")
	}
	return Fix{}, false
}

// Package buildinfo says what a dockerlab binary is: its version, the
// commit it was built from, the BuildKit version whose Dockerfile parser and
// build checks it runs in process, and the Go that built it, read from the
// binary's own build information (`go version -m` shows the same).
package buildinfo

import (
	"fmt"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
)

// Info is what Read finds; empty fields are unknown.
type Info struct {
	Version  string
	Commit   string // the full revision
	Modified bool   // built from a checkout with uncommitted changes
	Time     string // the commit's time, RFC 3339
	BuildKit string // the github.com/moby/buildkit module's version
	Go       string
}

// Read reads the running binary's build information; version is the one
// the binary was linked with (-X main.version).
func Read(version string) Info {
	in := Info{Version: version, Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return in
	}
	return fromBuildInfo(in, bi)
}

// pseudoVersion matches a Go pseudo-version (v0.0.0-20261203110014-fb51b1578aed,
// v1.2.4-0.2026..., also with +dirty).
var pseudoVersion = regexp.MustCompile(`[0-9]{14}-[0-9a-f]{12}(\+dirty)?$`)

func hasVCS(bi *debug.BuildInfo) bool {
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			return true
		}
	}
	return false
}

func fromBuildInfo(in Info, bi *debug.BuildInfo) Info {
	// `go install github.com/dockerlab/dockerlab/server/cmd/dockerlab@v0.2.0`
	// (as pre-commit and CI recipes do) links no version but records the
	// module's. A build in a checkout records "(devel)", or (Go 1.24 and
	// later) a pseudo-version made of the commit, which the commit line
	// already says: the linked version stays then.
	if v := bi.Main.Version; v != "" && v != "(devel)" && !(pseudoVersion.MatchString(v) && hasVCS(bi)) {
		in.Version = strings.TrimPrefix(v, "v")
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Commit = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		case "vcs.time":
			in.Time = s.Value
		}
	}
	for _, d := range bi.Deps {
		if d.Path == "github.com/moby/buildkit" {
			in.BuildKit = d.Version
			if d.Replace != nil {
				in.BuildKit = d.Replace.Version
			}
		}
	}
	return in
}

// String is the text of `dockerlab version`: one fact a line.
func (in Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dockerlab %s\n", in.Version)
	switch {
	case in.Commit == "":
		b.WriteString("commit: unknown (built without version control information)\n")
	default:
		commit := in.Commit
		if len(commit) > 12 {
			commit = commit[:12]
		}
		if in.Modified {
			commit += " (modified)"
		}
		if in.Time != "" {
			commit += ", " + in.Time
		}
		fmt.Fprintf(&b, "commit: %s\n", commit)
	}
	buildkit := in.BuildKit
	if buildkit == "" {
		buildkit = "unknown"
	}
	fmt.Fprintf(&b, "BuildKit: %s (Dockerfile parser and build checks, in process)\n", buildkit)
	fmt.Fprintf(&b, "Go: %s\n", in.Go)
	return b.String()
}

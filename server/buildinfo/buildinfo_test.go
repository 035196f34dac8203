package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{
		Deps: []*debug.Module{{Path: "github.com/moby/buildkit", Version: "v0.34.2"}, {Path: "go.lsp.dev/protocol", Version: "v0.12.0"}},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "265bdd2c1a2b3c4d5e6f"}, {Key: "vcs.modified", Value: "true"},
			{Key: "vcs.time", Value: "2026-12-03T08:00:00Z"}},
	}
	got := fromBuildInfo(Info{Version: "1.2.3", Go: "go1.26.8 linux/amd64"}, bi).String()
	for _, want := range []string{"dockerlab 1.2.3\n", "commit: 265bdd2c1a2b (modified), 2026-12-03T08:00:00Z\n", "BuildKit: v0.34.2 ", "Go: go1.26.8 linux/amd64\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if s := (Info{Version: "x"}).String(); !strings.Contains(s, "commit: unknown") || !strings.Contains(s, "BuildKit: unknown") {
		t.Errorf("unknown facts: %s", s)
	}
}

// The test binary itself links BuildKit through nothing, but Read always
// knows the version it is given and the Go that built it.
func TestRead(t *testing.T) {
	in := Read("9.9.9")
	if in.Version != "9.9.9" || !strings.HasPrefix(in.Go, "go") {
		t.Errorf("%+v", in)
	}
}

// A binary from `go install …@v0.2.0` prints the module's version; one
// built in a checkout ("(devel)") the version it was linked with.
func TestModuleVersion(t *testing.T) {
	in := fromBuildInfo(Info{Version: "0.1.0-dev"}, &debug.BuildInfo{Main: debug.Module{Path: "github.com/dockerlab/dockerlab", Version: "v0.2.0"}})
	if in.Version != "0.2.0" {
		t.Errorf("go install @v0.2.0: version %q", in.Version)
	}
	in = fromBuildInfo(Info{Version: "0.1.0-dev"}, &debug.BuildInfo{Main: debug.Module{Path: "github.com/dockerlab/dockerlab", Version: "(devel)"}})
	if in.Version != "0.1.0-dev" {
		t.Errorf("checkout build: version %q", in.Version)
	}
	// Go 1.24+ in a checkout: a pseudo-version of the commit, which the
	// commit line shows; the linked version stays.
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "fb51b1578aed0000"}}
	in = fromBuildInfo(Info{Version: "0.1.0-dev"}, &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261203110014-fb51b1578aed+dirty"}, Settings: vcs})
	if in.Version != "0.1.0-dev" || in.Commit != "fb51b1578aed0000" {
		t.Errorf("checkout build with a pseudo-version: %+v", in)
	}
	// go install …@<commit>: a pseudo-version and no VCS settings; it is all there is.
	in = fromBuildInfo(Info{Version: "0.1.0-dev"}, &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261203110014-fb51b1578aed"}})
	if in.Version != "0.0.0-20261203110014-fb51b1578aed" {
		t.Errorf("go install @commit: version %q", in.Version)
	}
}

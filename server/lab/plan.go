// Package lab runs the lab's steps for a Dockerfile — build the image, run a
// container, stop and remove it, start it again, follow its logs — and
// decides what the editor offers for them (code lenses with live state).
// Planning is pure; running goes through the Engine interface, so only
// package engine talks to Docker, and questions to the learner go through
// the UI interface, so no docker action happens without an answer.
package lab

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/engine"
)

// LabelDockerfile marks every container dockerlab starts with the absolute
// path of the Dockerfile it came from, so the tool finds its own containers.
const LabelDockerfile = "dev.dockerlab.dockerfile"

// DefaultBindAddress is where containers publish their ports unless the user
// says otherwise: only this machine can reach them.
const DefaultBindAddress = "127.0.0.1"

// Settings are the user's dockerlab.build.* and dockerlab.run.* settings.
type Settings struct {
	Build struct {
		Context string            `json:"context"` // relative to the Dockerfile's directory; "" = that directory
		Tag     string            `json:"tag"`     // "" = the directory's name
		Args    map[string]string `json:"args"`    // --build-arg
		NoCache bool              `json:"noCache"` // --no-cache
		Builder string            `json:"builder"` // "auto" (BuildKit when the engine has it), "buildkit" or "classic"
	} `json:"build"`
	Run struct {
		BindAddress string            `json:"bindAddress"` // "" = 127.0.0.1
		Ports       map[string]int    `json:"ports"`       // "3000" or "3000/tcp" -> host port
		Env         map[string]string `json:"env"`         // -e
	} `json:"run"`
}

// Plan is what a build and run of one Dockerfile will do, decided from the
// file's path, its model and the settings before touching the engine.
type Plan struct {
	Dockerfile  string // absolute path
	ContextDir  string // the build context
	Tag         string // e.g. "getting-started", as in `docker build -t getting-started .`
	Target      string // --target; "" builds the last stage
	BuildArgs   map[string]string
	NoCache     bool
	Builder     engine.Builder
	BindAddress string
	Ports       []Port // what to publish: the EXPOSEd ports of the built stage
	Env         []string
	Model       *dockerfile.Model // the Dockerfile as planned, for checks before the build
}

// Port is a container port and the host port that publishes it.
type Port struct {
	Container int
	Host      int
	Protocol  string // "tcp" or "udp"
}

// NewPlan plans the lab's build and run of the Dockerfile at path; target
// names the stage to build ("" for the last).
func NewPlan(path string, m *dockerfile.Model, s Settings, target string) Plan {
	dir := filepath.Dir(path)
	p := Plan{Dockerfile: path, ContextDir: dir, Tag: Tag(filepath.Base(dir)), Target: target,
		BuildArgs: s.Build.Args, NoCache: s.Build.NoCache, BindAddress: DefaultBindAddress, Model: m}
	if s.Build.Context != "" {
		if filepath.IsAbs(s.Build.Context) {
			p.ContextDir = filepath.Clean(s.Build.Context)
		} else {
			p.ContextDir = filepath.Join(dir, s.Build.Context)
		}
	}
	if s.Build.Tag != "" {
		p.Tag = s.Build.Tag
	}
	switch s.Build.Builder {
	case "buildkit":
		p.Builder = engine.BuilderBuildKit
	case "classic":
		p.Builder = engine.BuilderClassic
	}
	if s.Run.BindAddress != "" {
		p.BindAddress = s.Run.BindAddress
	}
	stage := lastStage(m, target)
	for _, e := range ExposedPorts(m, stage) {
		host := e.Container
		if h, ok := s.Run.Ports[strconv.Itoa(e.Container)]; ok {
			host = h
		} else if h, ok := s.Run.Ports[fmt.Sprintf("%d/%s", e.Container, e.Protocol)]; ok {
			host = h
		}
		e.Host = host
		p.Ports = append(p.Ports, e)
	}
	keys := make([]string, 0, len(s.Run.Env))
	for k := range s.Run.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p.Env = append(p.Env, k+"="+s.Run.Env[k])
	}
	return p
}

// lastStage is the stage a build of target produces.
func lastStage(m *dockerfile.Model, target string) *dockerfile.Stage {
	if len(m.Stages) == 0 {
		return nil
	}
	if target != "" {
		if st := m.StageByName(target, -1); st != nil {
			return st
		}
	}
	return m.Stages[len(m.Stages)-1]
}

var invalidTagChars = regexp.MustCompile(`[^a-z0-9._-]+`)

// Tag turns a folder name into a valid image name: lower case, other
// characters replaced by '-', never starting with a separator.
func Tag(folder string) string {
	t := invalidTagChars.ReplaceAllString(strings.ToLower(folder), "-")
	t = strings.Trim(t, "._-")
	if t == "" {
		return "dockerlab-image"
	}
	if len(t) > 128 {
		t = t[:128]
	}
	return t
}

// validImageRef is the shape of a reference the server will pass to the
// engine: registry/name:tag without spaces or shell characters.
var validImageRef = regexp.MustCompile(`^[a-z0-9]+([._/-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$`)

// ValidTag reports whether a tag from the settings is a valid image reference.
func ValidTag(tag string) bool { return len(tag) <= 255 && validImageRef.MatchString(tag) }

// ExposedPorts lists the ports stage EXPOSEs (with the same host port), in
// order, without duplicates. Ranges and values with variables are skipped:
// they cannot be published one to one.
func ExposedPorts(m *dockerfile.Model, stage *dockerfile.Stage) []Port {
	if stage == nil {
		return nil
	}
	var out []Port
	seen := map[Port]bool{}
	for _, in := range stage.Instructions {
		if in.Name != "EXPOSE" {
			continue
		}
		for _, a := range in.Args {
			num, proto, _ := strings.Cut(a.Value, "/")
			proto = strings.ToLower(proto)
			if proto == "" {
				proto = "tcp"
			}
			n, err := strconv.Atoi(num)
			if err != nil || n < 1 || n > 65535 || (proto != "tcp" && proto != "udp") {
				continue
			}
			p := Port{Container: n, Host: n, Protocol: proto}
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

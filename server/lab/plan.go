// Package lab runs the lab's steps for a Dockerfile — build the image, run a
// container, stop and remove it — and decides what the editor offers for them
// (code lenses). Planning is pure; running goes through the Engine interface,
// so only package engine talks to Docker.
package lab

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
)

// LabelDockerfile marks every container dockerlab starts with the absolute
// path of the Dockerfile it came from, so the tool finds its own containers.
const LabelDockerfile = "dev.dockerlab.dockerfile"

// DefaultBindAddress is where containers publish their ports unless the user
// says otherwise: only this machine can reach them.
const DefaultBindAddress = "127.0.0.1"

// Plan is what a build and run of one Dockerfile will do, decided from the
// file's path and its model before touching the engine.
type Plan struct {
	Dockerfile string // absolute path
	ContextDir string // the Dockerfile's folder
	Tag        string // the folder name, lower-cased, as in `docker build -t getting-started .`
	Ports      []Port // EXPOSEd ports of the last stage
}

// Port is a container port to publish on the same host port.
type Port struct {
	Number   int
	Protocol string // "tcp" or "udp"
}

// NewPlan plans the lab's build and run of the Dockerfile at path.
func NewPlan(path string, m *dockerfile.Model) Plan {
	dir := filepath.Dir(path)
	return Plan{Dockerfile: path, ContextDir: dir, Tag: Tag(filepath.Base(dir)), Ports: ExposedPorts(m)}
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

// ExposedPorts lists the ports the last stage EXPOSEs, in order, without
// duplicates. Ranges and values with variables are skipped: they cannot be
// published one to one.
func ExposedPorts(m *dockerfile.Model) []Port {
	if len(m.Stages) == 0 {
		return nil
	}
	var out []Port
	seen := map[Port]bool{}
	for _, in := range m.Stages[len(m.Stages)-1].Instructions {
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
			p := Port{Number: n, Protocol: proto}
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

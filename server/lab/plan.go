// Package lab runs the lab's steps for a Dockerfile — build the image, run a
// container, stop and remove it, start it again, follow its logs — and
// decides what the editor offers for them (code lenses with live state).
// Planning is pure; running goes through the Engine interface over package
// docker's values, so only package engine talks to Docker (and this one
// compiles without its SDK), and questions to the learner go through the
// UI interface, so no docker action happens without an answer. The engine
// says where a build failed in its own terms; the lab, which holds the
// planned Dockerfile's model, names the instruction (build_failure.go).
package lab

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
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
		Ports       map[string]int    `json:"ports"`       // container port ("3000", "3000/udp") -> host port; EXPOSEd or not
		Env         map[string]string `json:"env"`         // -e
		// Volumes: a volume name or an absolute host path -> the path in
		// the container (`-v todo-db:/etc/todos`, a bind mount for a path).
		Volumes map[string]string `json:"volumes"`
	} `json:"run"`
	Registry struct {
		Default string `json:"default"` // the push target the push command proposes
	} `json:"registry"`
	K8s struct {
		ClusterName string `json:"clusterName"` // the kind cluster createCluster makes
		NodeImage   string `json:"nodeImage"`   // "" = kind's default node image
		KindConfig  string `json:"kindConfig"`  // a kind config file; "" = dockerlab's
		// IngressImage is the Ingress controller createCluster installs
		// ("" = k8s.DefaultIngressImage).
		IngressImage string `json:"ingressImage"`
	} `json:"k8s"`
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
	Builder     docker.Builder
	BindAddress string
	// Ports is what to publish, as `docker run -p` does: the ports the
	// built stage EXPOSEs (on the same host port unless dockerlab.run.ports
	// names another), then every other container port dockerlab.run.ports
	// names. EXPOSE only documents a port; -p publishes any port, EXPOSEd
	// or not, and the lab does the same.
	Ports []Port
	// SkippedExpose are the built stage's EXPOSE values that name no single
	// port (`$PORT`, `8000-8010`), as written: nothing publishes them.
	SkippedExpose []string
	// IgnoredPorts are the dockerlab.run.ports entries that name no
	// container port or no host port (`"abc": 8080`), as written.
	IgnoredPorts []string
	Env          []string
	// Mounts are the volumes and bind mounts of a run, from
	// dockerlab.run.volumes (and a one-off volume of the command).
	Mounts []docker.Mount
	// IgnoredVolumes are the dockerlab.run.volumes entries that name no
	// volume or absolute path, or no absolute container path, as written.
	IgnoredVolumes []string
	// PushTarget is the reference a push proposes (dockerlab.registry.default).
	PushTarget string
	Model      *dockerfile.Model // the Dockerfile as planned, for checks before the build
	// dev is set by RunDev: the run is development mode's.
	dev *devRun
}

// Port is a container port and the host port that publishes it.
type Port struct {
	Container int
	Host      int
	Protocol  string // "tcp", "udp" or "sctp"
	// Exposed reports that the built stage EXPOSEs the port.
	Exposed bool
	// Setting reports that dockerlab.run.ports names the port (and so
	// chose its host port).
	Setting bool
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
		p.Builder = docker.BuilderBuildKit
	case "classic":
		p.Builder = docker.BuilderClassic
	}
	if s.Run.BindAddress != "" {
		p.BindAddress = s.Run.BindAddress
	}
	p.Ports, p.SkippedExpose, p.IgnoredPorts = publishedPorts(lastStage(m, target), s.Run.Ports)
	keys := make([]string, 0, len(s.Run.Env))
	for k := range s.Run.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p.Env = append(p.Env, k+"="+s.Run.Env[k])
	}
	p.Mounts, p.IgnoredVolumes = plannedMounts(s.Run.Volumes)
	p.PushTarget = strings.TrimSpace(s.Registry.Default)
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

// portKey is a container port and its protocol, as `EXPOSE 3000/udp` and
// the keys of dockerlab.run.ports name it.
type portKey struct {
	port  int
	proto string
}

// parsePort reads "3000", "3000/tcp", "3000/udp" or "3000/sctp" (tcp when
// no protocol is given, as with `-p` and `EXPOSE`).
func parsePort(s string) (portKey, bool) {
	num, proto, _ := strings.Cut(strings.TrimSpace(s), "/")
	proto = strings.ToLower(proto)
	if proto == "" {
		proto = "tcp"
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || n > 65535 || (proto != "tcp" && proto != "udp" && proto != "sctp") {
		return portKey{}, false
	}
	return portKey{n, proto}, true
}

// publishedPorts decides what a run publishes: the stage's EXPOSEd ports,
// each on the host port settings names for it or on its own number, then
// the ports only settings names, by number. It also returns the EXPOSE
// values and the settings entries it could not use, as written.
func publishedPorts(stage *dockerfile.Stage, settings map[string]int) (ports []Port, skipped, ignored []string) {
	hosts := map[portKey]int{}
	explicit := map[portKey]bool{} // "3000/tcp" wins over "3000"
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		pk, ok := parsePort(k)
		host := settings[k]
		if !ok || host < 1 || host > 65535 {
			ignored = append(ignored, fmt.Sprintf("%q: %d", k, host))
			continue
		}
		withProto := strings.Contains(k, "/")
		if _, seen := hosts[pk]; seen && explicit[pk] && !withProto {
			continue
		}
		hosts[pk], explicit[pk] = host, withProto
	}
	exposed, skipped := exposeValues(stage)
	used := map[portKey]bool{}
	for _, e := range exposed {
		pk := portKey{e.Container, e.Protocol}
		used[pk] = true
		if h, ok := hosts[pk]; ok {
			e.Host, e.Setting = h, true
		}
		ports = append(ports, e)
	}
	var extra []portKey
	for pk := range hosts {
		if !used[pk] {
			extra = append(extra, pk)
		}
	}
	sort.Slice(extra, func(i, j int) bool {
		if extra[i].port != extra[j].port {
			return extra[i].port < extra[j].port
		}
		return extra[i].proto < extra[j].proto
	})
	for _, pk := range extra {
		ports = append(ports, Port{Container: pk.port, Host: hosts[pk], Protocol: pk.proto, Setting: true})
	}
	return ports, skipped, ignored
}

// ExposedPorts lists the ports stage EXPOSEs (with the same host port), in
// order, without duplicates. Ranges and values with variables are skipped:
// they cannot be published one to one.
func ExposedPorts(m *dockerfile.Model, stage *dockerfile.Stage) []Port {
	ports, _ := exposeValues(stage)
	return ports
}

// exposeValues reads the stage's EXPOSE instructions: the tcp and udp
// ports they name, and, as written, the values the lab does not publish by
// itself: ranges and variables (no single port to publish one to one) and
// sctp ports (the host may not support them; dockerlab.run.ports can).
func exposeValues(stage *dockerfile.Stage) (ports []Port, skipped []string) {
	if stage == nil {
		return nil, nil
	}
	seen := map[portKey]bool{}
	for _, in := range stage.Instructions {
		if in.Name != "EXPOSE" {
			continue
		}
		for _, a := range in.Args {
			pk, ok := parsePort(a.Value)
			if !ok || pk.proto == "sctp" {
				skipped = append(skipped, a.Value)
				continue
			}
			if !seen[pk] {
				seen[pk] = true
				ports = append(ports, Port{Container: pk.port, Host: pk.port, Protocol: pk.proto, Exposed: true})
			}
		}
	}
	return ports, skipped
}

package compose

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var notProjectChar = regexp.MustCompile(`[^-_a-z0-9]`)

// NormalizeProjectName is Compose's own rule for a project name made from
// a folder's name: lower case, only `a-z0-9_-`, no leading `_` or `-`
// (compose-go's loader.NormalizeProjectName; a test compares them).
func NormalizeProjectName(s string) string {
	s = strings.ToLower(s)
	s = notProjectChar.ReplaceAllString(s, "")
	return strings.TrimLeft(s, "_-")
}

// ProjectName is the name `docker compose -f FILE` gives the project: the
// file's top-level `name` when it has one without a variable, else the
// folder's name, normalized. ok is false when `name` has a variable
// (only Compose can tell then).
func (f *File) ProjectName(file string) (string, bool) {
	if sec, ok := f.section("name"); ok {
		if v, isScalar := sec.Value(); isScalar && v != "" {
			if strings.Contains(v, "$") {
				return "", false
			}
			return NormalizeProjectName(v), true
		}
	}
	return NormalizeProjectName(filepath.Base(filepath.Dir(file))), true
}

// Published is a host port a service publishes.
type Published struct {
	Service       string
	HostIP        string
	HostPort      int
	ContainerPort int
	Protocol      string
}

// PublishedPorts are the fixed host ports the services publish (short
// syntax `[IP:]HOST:CONTAINER[/PROTO]` and long syntax `published`);
// ranges, ports without a host part and values with a variable are left
// out (the engine chooses or Compose decides).
func (f *File) PublishedPorts() []Published {
	var out []Published
	for _, svc := range f.Services() {
		ports := deref(mappingValue(deref(svc.value), "ports"))
		if ports == nil || ports.Kind != yaml.SequenceNode {
			continue
		}
		for _, it := range ports.Content {
			it = deref(it)
			var p Published
			ok := false
			switch it.Kind {
			case yaml.ScalarNode:
				p, ok = shortPort(it.Value)
			case yaml.MappingNode:
				pub, target := mappingValue(it, "published"), mappingValue(it, "target")
				if pub == nil || target == nil {
					continue
				}
				h, err1 := strconv.Atoi(pub.Value)
				c, err2 := strconv.Atoi(target.Value)
				if err1 != nil || err2 != nil {
					continue
				}
				p, ok = Published{HostPort: h, ContainerPort: c, Protocol: "tcp"}, true
				if ip := mappingValue(it, "host_ip"); ip != nil {
					p.HostIP = ip.Value
				}
				if pr := mappingValue(it, "protocol"); pr != nil {
					p.Protocol = pr.Value
				}
			}
			if ok {
				p.Service = svc.Key
				out = append(out, p)
			}
		}
	}
	return out
}

// shortPort reads `[IP:]HOST:CONTAINER[/PROTO]`.
func shortPort(s string) (Published, bool) {
	if strings.Contains(s, "$") {
		return Published{}, false
	}
	p := Published{Protocol: "tcp"}
	if body, proto, ok := strings.Cut(s, "/"); ok {
		s, p.Protocol = body, proto
	}
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return Published{}, false // the engine chooses the host port
	}
	c, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return Published{}, false
	}
	rest := s[:i]
	if j := strings.LastIndex(rest, ":"); j >= 0 {
		p.HostIP = strings.Trim(rest[:j], "[]")
		rest = rest[j+1:]
	}
	h, err := strconv.Atoi(rest)
	if err != nil {
		return Published{}, false // a range, or empty
	}
	p.HostPort, p.ContainerPort = h, c
	return p, true
}

package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"runtime"
	"strings"

	"github.com/moby/moby/client"
)

// Host is the engine address dockerlab talks to and where that choice came
// from, so the editor can say what it tried.
type Host struct {
	Address string // e.g. unix:///var/run/docker.sock, tcp://host:2376
	Source  string // "dockerlab.docker.host", "DOCKER_HOST", "context <name>", "default"
}

// ResolveHost picks the engine address the way the docker CLI does, with
// the dockerlab.docker.host setting first: the setting, DOCKER_HOST, the
// context named by DOCKER_CONTEXT or the Docker config's currentContext,
// then the default address of this operating system (DefaultHost).
func ResolveHost(setting string) Host {
	return ResolveHostIn(setting, SystemHostEnv())
}

// HostEnv is what resolving the engine address reads from the machine, so
// the resolution of every operating system can be tested anywhere.
type HostEnv struct {
	GOOS     string                       // runtime.GOOS, or the system under test
	Getenv   func(string) string          // DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG
	Home     string                       // the user's home folder ("" when unknown)
	ReadFile func(string) ([]byte, error) // the Docker config and context metadata
	Exists   func(string) bool            // whether a socket file is there
}

// SystemHostEnv is this machine's HostEnv.
func SystemHostEnv() HostEnv {
	home, _ := os.UserHomeDir()
	return HostEnv{
		GOOS:     runtime.GOOS,
		Getenv:   os.Getenv,
		Home:     home,
		ReadFile: os.ReadFile,
		Exists:   func(p string) bool { _, err := os.Stat(p); return err == nil },
	}
}

// join joins path elements with the separator of env's system.
func (env HostEnv) join(elem ...string) string {
	if env.GOOS == "windows" {
		return strings.Join(elem, `\`)
	}
	return path.Join(elem...)
}

// ResolveHostIn is ResolveHost on env.
func ResolveHostIn(setting string, env HostEnv) Host {
	if setting != "" {
		return Host{Address: setting, Source: "dockerlab.docker.host"}
	}
	if h := env.Getenv("DOCKER_HOST"); h != "" {
		return Host{Address: h, Source: "DOCKER_HOST"}
	}
	configDir := env.Getenv("DOCKER_CONFIG")
	if configDir == "" && env.Home != "" {
		configDir = env.join(env.Home, ".docker")
	}
	name := env.Getenv("DOCKER_CONTEXT")
	if name == "" && configDir != "" {
		var cfg struct {
			CurrentContext string `json:"currentContext"`
		}
		if b, err := env.ReadFile(env.join(configDir, "config.json")); err == nil && json.Unmarshal(b, &cfg) == nil {
			name = cfg.CurrentContext
		}
	}
	if name != "" && name != "default" && configDir != "" {
		sum := sha256.Sum256([]byte(name))
		var meta struct {
			Endpoints map[string]struct {
				Host string `json:"Host"`
			} `json:"Endpoints"`
		}
		p := env.join(configDir, "contexts", "meta", hex.EncodeToString(sum[:]), "meta.json")
		if b, err := env.ReadFile(p); err == nil && json.Unmarshal(b, &meta) == nil {
			if ep, ok := meta.Endpoints["docker"]; ok && ep.Host != "" {
				return Host{Address: ep.Host, Source: "context " + name}
			}
		}
	}
	return DefaultHost(env)
}

// The default engine addresses: the Linux socket (also Docker Desktop's
// optional /var/run/docker.sock link on macOS) and the Windows named pipe.
const (
	unixDefaultHost    = "unix:///var/run/docker.sock"
	windowsDefaultHost = "npipe:////./pipe/docker_engine"
)

// DefaultHost is the address an engine listens on when nothing names one:
// the named pipe docker_engine on Windows (Docker Desktop and Docker
// Engine); on macOS the socket Docker Desktop creates in the user's home
// (~/.docker/run/docker.sock, what its desktop-linux context names) when it
// exists, else /var/run/docker.sock; /var/run/docker.sock on Linux and the
// rest.
func DefaultHost(env HostEnv) Host {
	switch env.GOOS {
	case "windows":
		return Host{Address: windowsDefaultHost, Source: "default"}
	case "darwin":
		if env.Home != "" {
			if sock := env.join(env.Home, ".docker", "run", "docker.sock"); env.Exists(sock) {
				return Host{Address: "unix://" + sock, Source: "Docker Desktop"}
			}
		}
	}
	return Host{Address: unixDefaultHost, Source: "default"}
}

// NewForHost returns a client for the engine at h (TLS settings still come
// from DOCKER_CERT_PATH and DOCKER_TLS_VERIFY, as with the CLI). Like New, it
// does not contact the engine.
func NewForHost(h Host) (*Client, error) {
	c, err := newClient(client.FromEnv, client.WithHost(h.Address))
	if err != nil {
		return nil, fmt.Errorf("docker host %s (%s): %w", h.Address, h.Source, err)
	}
	return c, nil
}

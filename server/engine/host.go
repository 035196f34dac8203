package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

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
// then the default socket.
func ResolveHost(setting string) Host {
	if setting != "" {
		return Host{Address: setting, Source: "dockerlab.docker.host"}
	}
	if h := os.Getenv("DOCKER_HOST"); h != "" {
		return Host{Address: h, Source: "DOCKER_HOST"}
	}
	configDir := os.Getenv("DOCKER_CONFIG")
	if configDir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			configDir = filepath.Join(home, ".docker")
		}
	}
	name := os.Getenv("DOCKER_CONTEXT")
	if name == "" && configDir != "" {
		var cfg struct {
			CurrentContext string `json:"currentContext"`
		}
		if b, err := os.ReadFile(filepath.Join(configDir, "config.json")); err == nil && json.Unmarshal(b, &cfg) == nil {
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
		path := filepath.Join(configDir, "contexts", "meta", hex.EncodeToString(sum[:]), "meta.json")
		if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &meta) == nil {
			if ep, ok := meta.Endpoints["docker"]; ok && ep.Host != "" {
				return Host{Address: ep.Host, Source: "context " + name}
			}
		}
	}
	return Host{Address: client.DefaultDockerHost, Source: "default"}
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

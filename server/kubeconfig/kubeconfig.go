// Package kubeconfig reads the little of kubeconfig files that the
// language features need — the current context and its cluster's server —
// without client-go, whose start-up cost the editor must not pay. Files are
// read through a function, so the package stays pure.
package kubeconfig

import (
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Context is the current context of the merged kubeconfig files.
type Context struct {
	Name    string // "" when none is set
	Cluster string
	Server  string // the cluster's API server URL
}

// Kind reports a context that kind created (`kind-<cluster>`), whose nodes
// see only the images loaded into them.
func (c Context) Kind() bool { return strings.HasPrefix(c.Name, "kind-") }

// Paths are the files kubectl reads: $KUBECONFIG's list (split by the
// OS's list separator), else ~/.kube/config.
func Paths(kubeconfigEnv, home string) []string {
	if kubeconfigEnv != "" {
		var out []string
		for _, p := range filepath.SplitList(kubeconfigEnv) {
			if p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	if home == "" {
		return nil
	}
	return []string{filepath.Join(home, ".kube", "config")}
}

type file struct {
	CurrentContext string `yaml:"current-context"`
	Contexts       []struct {
		Name    string `yaml:"name"`
		Context struct {
			Cluster string `yaml:"cluster"`
		} `yaml:"context"`
	} `yaml:"contexts"`
	Clusters []struct {
		Name    string `yaml:"name"`
		Cluster struct {
			Server string `yaml:"server"`
		} `yaml:"cluster"`
	} `yaml:"clusters"`
}

// Current merges files as kubectl does — the first file that sets
// current-context wins, and the first definition of a name wins — and
// returns the current context. Files that cannot be read or decoded are
// skipped.
func Current(paths []string, read func(string) ([]byte, error)) Context {
	var files []file
	for _, p := range paths {
		data, err := read(p)
		if err != nil {
			continue
		}
		var f file
		if yaml.Unmarshal(data, &f) == nil {
			files = append(files, f)
		}
	}
	var c Context
	for _, f := range files {
		if f.CurrentContext != "" {
			c.Name = f.CurrentContext
			break
		}
	}
	if c.Name == "" {
		return c
	}
	for _, f := range files {
		if c.Cluster != "" {
			break
		}
		for _, x := range f.Contexts {
			if x.Name == c.Name {
				c.Cluster = x.Context.Cluster
				break
			}
		}
	}
	for _, f := range files {
		if c.Server != "" {
			break
		}
		for _, x := range f.Clusters {
			if x.Name == c.Cluster && c.Cluster != "" {
				c.Server = x.Cluster.Server
				break
			}
		}
	}
	return c
}

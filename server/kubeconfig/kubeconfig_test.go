package kubeconfig

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

func TestPaths(t *testing.T) {
	sep := string(filepath.ListSeparator)
	if got := Paths("a"+sep+sep+"b", "/home/u"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Paths($KUBECONFIG) = %v", got)
	}
	if got := Paths("", "/home/u"); !slices.Equal(got, []string{filepath.Join("/home/u", ".kube", "config")}) {
		t.Errorf("Paths(home) = %v", got)
	}
	if got := Paths("", ""); got != nil {
		t.Errorf("Paths() = %v", got)
	}
}

func TestCurrent(t *testing.T) {
	files := map[string]string{
		"one": "apiVersion: v1\nkind: Config\ncontexts:\n- name: kind-lab\n  context:\n    cluster: kind-lab\n    user: kind-lab\n",
		"two": "apiVersion: v1\nkind: Config\ncurrent-context: kind-lab\nclusters:\n- name: kind-lab\n  cluster:\n    server: https://127.0.0.1:41234\ncontexts:\n- name: kind-lab\n  context:\n    cluster: other\n",
		"bad": "{{ not yaml",
	}
	read := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, errors.New("no such file")
	}
	c := Current([]string{"missing", "bad", "one", "two"}, read)
	// current-context from the second file; the context's first definition wins.
	if c.Name != "kind-lab" || c.Cluster != "kind-lab" || c.Server != "https://127.0.0.1:41234" || !c.Kind() {
		t.Errorf("Current = %+v", c)
	}
	if c := Current([]string{"one"}, read); c.Name != "" || c.Kind() {
		t.Errorf("no current-context: %+v", c)
	}
	if (Context{Name: "dockerlab-host"}).Kind() {
		t.Error("a host cluster is not kind")
	}
}

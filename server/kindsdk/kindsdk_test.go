package kindsdk

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/dockerlab/dockerlab/server/k8s"
	"github.com/dockerlab/dockerlab/server/k8sproto"
	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	"sigs.k8s.io/yaml"
)

// The default configuration is a valid kind v1alpha4 Cluster that
// publishes the API server and the NodePort on 127.0.0.1 only.
func TestDefaultConfig(t *testing.T) {
	var c v1alpha4.Cluster
	if err := yaml.UnmarshalStrict([]byte(DefaultConfig), &c); err != nil {
		t.Fatal(err)
	}
	if c.Kind != "Cluster" || c.APIVersion != "kind.x-k8s.io/v1alpha4" || c.Networking.APIServerAddress != "127.0.0.1" {
		t.Fatalf("config: %+v", c)
	}
	if len(c.Nodes) != 1 || len(c.Nodes[0].ExtraPortMappings) != 1 {
		t.Fatalf("nodes: %+v", c.Nodes)
	}
	m := c.Nodes[0].ExtraPortMappings[0]
	if m.ListenAddress != "127.0.0.1" || m.HostPort != NodePort || m.ContainerPort != NodePort {
		t.Fatalf("port mapping: %+v", m)
	}
	// The published NodePort is the one the Ingress controller listens on.
	if NodePort != k8s.IngressNodePort {
		t.Errorf("NodePort %d, the Ingress controller's %d", NodePort, k8s.IngressNodePort)
	}
	// The test configuration is the same but for the default CNI and the fixed port.
	var test v1alpha4.Cluster
	data, err := os.ReadFile("../../scripts/kind/cluster.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(data, &test); err != nil {
		t.Fatal(err)
	}
	if !test.Networking.DisableDefaultCNI || test.Networking.APIServerAddress != "127.0.0.1" || len(test.Nodes) != 1 || len(test.Nodes[0].ExtraPortMappings) != 0 ||
		len(test.KubeadmConfigPatches) != 1 || test.KubeadmConfigPatches[0] != c.KubeadmConfigPatches[0] {
		t.Errorf("scripts/kind/cluster.yaml: %+v", test)
	}
}

// dockerlab deletes only what it recorded; the record survives a reread.
func TestDeleteOnlyOurs(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	err := Delete(context.Background(), k8sproto.Request{Op: k8sproto.OpDeleteCluster, Cluster: "someone-elses"}, func(string) {})
	var e *Error
	if !errors.As(err, &e) || e.Kind != "NotOurs" {
		t.Fatalf("delete of a cluster dockerlab did not create: %v", err)
	}
	if err := record("lab", true); err != nil {
		t.Fatal(err)
	}
	if err := record("other", true); err != nil {
		t.Fatal(err)
	}
	if err := record("lab", true); err != nil {
		t.Fatal(err)
	}
	if got, err := Recorded(); err != nil || !slices.Equal(got, []string{"other", "lab"}) {
		t.Fatalf("recorded %q %v", got, err)
	}
	if err := record("other", false); err != nil {
		t.Fatal(err)
	}
	if got, _ := Recorded(); !slices.Equal(got, []string{"lab"}) {
		t.Fatalf("after removing: %q", got)
	}
}

// Every failure reaches the client as a Failure line with its kind.
func TestRunReportsFailures(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	var lines []k8sproto.Line
	Run(context.Background(), k8sproto.Request{Op: k8sproto.OpDeleteCluster, Cluster: "x"}, func(l k8sproto.Line) { lines = append(lines, l) })
	if len(lines) != 1 || lines[0].Error == nil || lines[0].Error.Kind != "NotOurs" || lines[0].Error.Message == "" {
		t.Fatalf("lines: %+v", lines)
	}
	lines = nil
	Run(context.Background(), k8sproto.Request{Op: "nonsense"}, func(l k8sproto.Line) { lines = append(lines, l) })
	if len(lines) != 1 || lines[0].Error == nil || lines[0].Error.Kind != "Other" {
		t.Fatalf("lines: %+v", lines)
	}
}

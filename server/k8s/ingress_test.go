package k8s

import (
	"strings"
	"testing"
)

// TestIngressController: the controller's manifest passes every check of
// the schema (also on a kind cluster), holds the objects Traefik's
// reference lists, runs the image asked for without pulling a present one,
// makes its IngressClass the default and publishes HTTP on the NodePort
// dockerlab's kind configuration maps to 127.0.0.1.
func TestIngressController(t *testing.T) {
	text := IngressController("dockerlab.local/traefik:t1")
	f := Parse(text)
	var kinds []string
	for _, o := range f.Objects {
		kinds = append(kinds, o.Kind)
	}
	want := "Namespace ServiceAccount ClusterRole ClusterRoleBinding IngressClass Deployment Service"
	if got := strings.Join(kinds, " "); got != want {
		t.Fatalf("objects:\n got %s\nwant %s", got, want)
	}
	for _, opts := range []Options{{}, {KindCluster: true}} {
		if probs := CheckWith(f, opts); len(probs) != 0 {
			t.Errorf("problems %+v", probs)
		}
	}
	for _, s := range []string{
		"image: dockerlab.local/traefik:t1", "imagePullPolicy: IfNotPresent",
		`ingressclass.kubernetes.io/is-default-class: "true"`, "controller: traefik.io/ingress-controller",
		"--providers.kubernetesingress", "nodePort: 30080", "resources: [ingresses/status]",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("lacks %q", s)
		}
	}
	if !strings.Contains(DefaultIngressImage, "traefik:v3") {
		t.Errorf("default image %q", DefaultIngressImage)
	}
}

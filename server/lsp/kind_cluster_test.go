//go:build kind

package lsp

// The kind path through the language server on a real engine (Docker
// Engine 29: Debian's 20.10 cannot run kind's privileged nodes here):
// scripts/test.sh runs it with -tags kind, DOCKER_HOST on Engine 29, the
// offline node image in $DOCKERLAB_TEST_KIND_IMAGE, the kind
// configuration it needs in $DOCKERLAB_TEST_KIND_CONFIG and a Traefik
// image built from its module in $DOCKERLAB_TEST_INGRESS_IMAGE
// (scripts/kind-image.sh). A missing engine or image fails the test.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/k8s"
	"github.com/dockerlab/dockerlab/server/kubeconfig"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/protocol"
)

// TestKindClusterFromTheEditor: create a kind cluster from the command
// (its NodePort 30080 published on a free 127.0.0.1 port) → the
// kubeconfig's current context is kind-NAME, the status item hears of its
// Ready node, the Ingress controller (Traefik) is loaded and ready →
// deploy testdata/lab (kind load, no registry) → the app answers through
// the port-forward and through its Ingress (Traefik on the NodePort) → a
// cluster dockerlab did not create is refused → delete after the
// confirmation → no node container, no context left.
func TestKindClusterFromTheEditor(t *testing.T) {
	image, baseConfig, ingress := os.Getenv("DOCKERLAB_TEST_KIND_IMAGE"), os.Getenv("DOCKERLAB_TEST_KIND_CONFIG"), os.Getenv("DOCKERLAB_TEST_INGRESS_IMAGE")
	if image == "" || baseConfig == "" || ingress == "" {
		t.Fatal("DOCKERLAB_TEST_KIND_IMAGE, DOCKERLAB_TEST_KIND_CONFIG and DOCKERLAB_TEST_INGRESS_IMAGE must name the offline node image, its kind config and the Traefik image (scripts/kind-image.sh)")
	}
	// The Ingress controller's NodePort, published as dockerlab's default
	// configuration does, on a port no other test holds.
	raw, err := os.ReadFile(baseConfig)
	if err != nil {
		t.Fatal(err)
	}
	ingressPort := enginetest.FreePort(t)
	mapping := fmt.Sprintf("- role: control-plane\n  extraPortMappings:\n  - containerPort: %d\n    hostPort: %d\n    listenAddress: \"127.0.0.1\"\n    protocol: TCP\n", k8s.IngressNodePort, ingressPort)
	if !strings.Contains(string(raw), "- role: control-plane\n") {
		t.Fatalf("%s: no control-plane node to publish the NodePort on", baseConfig)
	}
	config := filepath.Join(t.TempDir(), "kind.yaml")
	if err := os.WriteFile(config, []byte(strings.Replace(string(raw), "- role: control-plane\n", mapping, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	cli, opts := connectReal(t)
	withK8sHelper(t, &opts)
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	kc := filepath.Join(home, "kubeconfig")
	t.Setenv("KUBECONFIG", kc)
	name := strings.TrimPrefix(enginetest.Name("dl"), "dl-")
	name = "dl" + name[len(name)-8:]
	t.Cleanup(func() {
		// Whatever happened, no node container of this cluster stays.
		out, _ := exec.Command("docker", "ps", "-aq", "--filter", "label=io.x-k8s.kind.cluster="+name).Output()
		for _, id := range strings.Fields(string(out)) {
			_ = exec.Command("docker", "rm", "-f", "-v", id).Run()
		}
	})

	r := newLabRun(t)
	dir := copyLab(t)
	path := filepath.Join(dir, "Dockerfile")
	uri := "file://" + path
	var images []string
	cleanupLab(t, cli, path, func() []string { return append(images, r.Tag) })

	e := startServer(t, opts)
	e.answer = func(method string, params json.RawMessage) any {
		if method != "window/showMessageRequest" {
			return nil
		}
		var p protocol.ShowMessageRequestParams
		_ = json.Unmarshal(params, &p)
		return p.Actions[0] // delete the cluster
	}
	o := r.options()
	o["settings"].(map[string]any)["k8s"] = map[string]any{"clusterName": name, "nodeImage": image, "kindConfig": config, "ingressImage": ingress}
	e.initialize(o)
	text, _ := os.ReadFile(path)
	e.open(uri, string(text), 1)
	do := func(command string, args map[string]any) (lab.Result, error) {
		var res lab.Result
		err := e.callWithin(5*time.Minute, "workspace/executeCommand", map[string]any{"command": command, "arguments": []any{args}}, &res)
		return res, err
	}
	ctx := enginetest.Timeout(t, 10*time.Minute)

	created, err := do(lab.CommandK8sCreateCluster, map[string]any{})
	if err != nil {
		t.Fatalf("createCluster: %v", err)
	}
	if created.K8s == nil || created.K8s.Context != "kind-"+name {
		t.Fatalf("createCluster result: %+v", created)
	}
	if cur := kubeconfig.Current([]string{kc}, os.ReadFile); cur.Name != "kind-"+name {
		t.Fatalf("current context after create: %q", cur.Name)
	}
	e.waitNote("dockerlab/buildOutput", func(raw json.RawMessage) bool {
		return strings.Contains(string(raw), "kind create cluster --name "+name)
	})
	e.waitNote("dockerlab/buildOutput", func(raw json.RawMessage) bool {
		return strings.Contains(string(raw), "kind load docker-image "+ingress+" --name "+name)
	})
	e.waitNote("dockerlab/buildOutput", func(raw json.RawMessage) bool {
		return strings.Contains(string(raw), "Traefik이 준비되었습니다")
	})
	if strings.Contains(created.Message, "Ingress") {
		t.Fatalf("createCluster: %s", created.Message)
	}
	e.waitNote("dockerlab/kubeContext", func(raw json.RawMessage) bool {
		return strings.Contains(string(raw), `"context":"kind-`+name+`"`) && strings.Contains(string(raw), `"ready":true`)
	})

	dep, err := do(lab.CommandK8sDeploy, map[string]any{"uri": uri})
	if err != nil {
		t.Fatalf("deploy: %v", err)
	}
	if dep.K8s == nil || dep.K8s.Status == nil || dep.K8s.Status.Ready != 1 || dep.K8s.LocalPort == 0 {
		t.Fatalf("deploy: %+v (k8s %+v)", dep, dep.K8s)
	}
	images = append(images, dep.K8s.Image)
	e.waitNote("dockerlab/buildOutput", func(raw json.RawMessage) bool {
		return strings.Contains(string(raw), "kind load docker-image "+dep.K8s.Image+" --name "+name)
	})
	if body := getWithRetry(t, ctx, fmt.Sprintf("http://127.0.0.1:%d/", dep.K8s.LocalPort)); !strings.Contains(body, "Todo App") {
		t.Fatalf("through the port-forward: %.200s", body)
	}
	// Where this computer reaches the Ingress: the node's published port, read from the engine.
	if ing := dep.K8s.Status.Ingress; ing == nil || ing.Address != "127.0.0.1" || ing.Class != k8s.IngressClass || ing.HostIP != "127.0.0.1" || ing.HostPort != ingressPort {
		t.Fatalf("the Ingress after deploy: %+v (published on %d)", ing, ingressPort)
	}
	e.waitNote("dockerlab/buildOutput", func(raw json.RawMessage) bool {
		return strings.Contains(string(raw), fmt.Sprintf("http://127.0.0.1:%d/", ingressPort))
	})
	if lenses := lensTitles(t, e, uri); !strings.Contains(lenses, "브라우저에서 열기 (Ingress)") {
		t.Fatalf("lenses after deploy: %s", lenses)
	}
	if body := getWithRetry(t, ctx, fmt.Sprintf("http://127.0.0.1:%d/", ingressPort)); !strings.Contains(body, "Todo App") {
		t.Fatalf("through the Ingress: %.200s", body)
	}

	if _, err := do(lab.CommandK8sDeleteCluster, map[string]any{"name": "someone-elses"}); err == nil || !strings.Contains(err.Error(), "만들지 않았으므로") {
		t.Fatalf("deleting a cluster dockerlab did not create: %v", err)
	}
	if _, err := do(lab.CommandK8sDeleteCluster, map[string]any{}); err != nil {
		t.Fatalf("deleteCluster: %v", err)
	}
	if out, _ := exec.Command("docker", "ps", "-aq", "--filter", "label=io.x-k8s.kind.cluster="+name).Output(); strings.TrimSpace(string(out)) != "" {
		t.Errorf("node containers left: %s", out)
	}
	if cur := kubeconfig.Current([]string{kc}, os.ReadFile); cur.Name == "kind-"+name {
		t.Errorf("the context stayed current after delete")
	}
}

package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dockerlab/dockerlab/server/k8sproc"
	"github.com/dockerlab/dockerlab/server/k8sproto"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/protocol"
)

// statusK8s answers every status request with status and refuses
// port-forwards; it records the requests.
type statusK8s struct {
	mu     sync.Mutex
	status k8sproto.Status
	reqs   []k8sproto.Request
}

func (f *statusK8s) Run(_ context.Context, req k8sproto.Request, _ func(k8sproto.Line)) (k8sproto.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = append(f.reqs, req)
	if req.Op == k8sproto.OpContext {
		return k8sproto.Result{Context: req.Context, Nodes: []k8sproto.Node{{Name: "lab-control-plane", Ready: true}}}, nil
	}
	if req.Op != k8sproto.OpStatus {
		return k8sproto.Result{}, errors.New("only status here")
	}
	st := f.status
	return k8sproto.Result{Namespace: "default", Status: &st}, nil
}

func (f *statusK8s) PortForward(k8sproto.Request) (*k8sproc.Forward, error) {
	return nil, &k8sproc.Error{Kind: "Unreachable", Message: "no cluster in this test"}
}

const testKubeconfig = `apiVersion: v1
kind: Config
current-context: kind-lab
contexts:
- name: kind-lab
  context: {cluster: kind-lab, user: kind-lab}
clusters:
- name: kind-lab
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: kind-lab
  user: {}
`

// The Kubernetes lenses come with a current context, and follow what
// dockerlab.k8s.status learned: the status command's answer carries the
// context, the Pods and the Service, and the lens then says 1/1 ready.
func TestK8sStatusCommandAndLenses(t *testing.T) {
	dir := t.TempDir()
	kc := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(kc, []byte(testKubeconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KUBECONFIG", kc)
	app := filepath.Join(dir, "getting-started")
	if err := os.MkdirAll(app, 0o755); err != nil {
		t.Fatal(err)
	}
	text := "FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"src/index.js\"]\nEXPOSE 3000\n"
	path := filepath.Join(app, "Dockerfile")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	runner := &statusK8s{status: k8sproto.Status{Deployment: "getting-started", Found: true, Desired: 1, Ready: 1, Updated: 1, Complete: true,
		Pods:    []k8sproto.Pod{{Name: "getting-started-1", Phase: "Running", Ready: true}},
		Service: &k8sproto.Service{Name: "getting-started", Type: "ClusterIP", Ports: []k8sproto.ServicePort{{Port: 3000, TargetPort: "3000"}}}}}

	e := startServer(t, Options{Engine: refusingEngine{}, K8s: runner})
	e.initialize(map[string]any{"trusted": true})
	uri := "file://" + path
	e.open(uri, text, 1)
	lensTitles := func() string {
		var lenses []protocol.CodeLens
		if err := e.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": uri}}, &lenses); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range lenses {
			out = append(out, l.Command.Title)
		}
		return strings.Join(out, " | ")
	}
	if got := lensTitles(); !strings.Contains(got, "☸ K8s에 배포") || strings.Contains(got, "준비됨") {
		t.Fatalf("lenses before a status: %s", got)
	}

	var res lab.Result
	if err := e.call("workspace/executeCommand", map[string]any{"command": lab.CommandK8sStatus,
		"arguments": []any{map[string]any{"uri": uri}}}, &res); err != nil {
		t.Fatalf("status: %v", err)
	}
	if res.K8s == nil || res.K8s.Context != "kind-lab" || res.K8s.Deployment != "getting-started" || res.K8s.Status == nil ||
		res.K8s.Status.Ready != 1 || res.K8s.Status.Service == nil || res.K8s.Namespace != "default" {
		t.Fatalf("status result: %+v (k8s %+v)", res, res.K8s)
	}
	if len(runner.reqs) != 2 || runner.reqs[1].Op != k8sproto.OpContext || runner.reqs[0].Context != "kind-lab" || runner.reqs[0].Deployment != "getting-started" ||
		len(runner.reqs[0].Kubeconfig) != 1 || runner.reqs[0].Kubeconfig[0] != kc {
		t.Fatalf("requests: %+v", runner.reqs)
	}
	// The status item: the context at start, then its nodes.
	e.waitNote("dockerlab/kubeContext", func(raw json.RawMessage) bool {
		return string(raw) == `{"context":"kind-lab","cluster":"lab","nodesKnown":false}`
	})
	e.waitNote("dockerlab/kubeContext", func(raw json.RawMessage) bool {
		return string(raw) == `{"context":"kind-lab","cluster":"lab","nodes":[{"name":"lab-control-plane","ready":true}],"nodesKnown":true}`
	})
	got := lensTitles()
	for _, want := range []string{"☸ Pod 1/1 준비됨 (kind-lab)", "브라우저에서 열기 (port-forward)", "로그", "K8s에서 삭제"} {
		if !strings.Contains(got, want) {
			t.Errorf("lenses after the status lack %q: %s", want, got)
		}
	}

	// A port-forward the helper refuses is an error that carries its cause.
	err := e.call("workspace/executeCommand", map[string]any{"command": lab.CommandK8sOpenPortForward,
		"arguments": []any{map[string]any{"uri": uri}}}, &res)
	if err == nil || !strings.Contains(err.Error(), "getting-started") {
		t.Fatalf("openPortForward without a forward: %v", err)
	}

	// Without a context: no Kubernetes lenses at all.
	t.Setenv("KUBECONFIG", filepath.Join(dir, "missing"))
	if got := lensTitles(); strings.Contains(got, "☸") {
		t.Fatalf("lenses without a context: %s", got)
	}
}

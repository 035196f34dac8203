//go:build cluster

package lsp

// The learner's Kubernetes path through the language server on a real
// cluster (scripts/k8s.sh start; scripts/test.sh runs it with -tags
// cluster and $DOCKERLAB_TEST_KUBECONFIG): that cluster is not kind, so
// the image goes through a registry on 127.0.0.1 (dockerlab.registry.default)
// as it would for any cluster but kind. A missing cluster fails the test.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/internal/registrytest"
	"github.com/dockerlab/dockerlab/server/k8sproc"
	"github.com/dockerlab/dockerlab/server/k8sproto"
	"github.com/dockerlab/dockerlab/server/lab"
	"gopkg.in/yaml.v3"
)

// testContext writes a kubeconfig whose current context is the test
// cluster's in a namespace of the test's own (created, and deleted at the
// end), placed before the test kubeconfig in $KUBECONFIG as kubectl merges
// them.
func testContext(t *testing.T, helper k8sproc.Helper) (kubeconfig, namespace string) {
	kc := os.Getenv("DOCKERLAB_TEST_KUBECONFIG")
	if kc == "" {
		t.Fatal("DOCKERLAB_TEST_KUBECONFIG is not set: start a cluster with `bash scripts/k8s.sh start` and point DOCKERLAB_TEST_KUBECONFIG at the file `bash scripts/k8s.sh env` names")
	}
	data, err := os.ReadFile(kc)
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Current  string `yaml:"current-context"`
		Contexts []struct {
			Name    string `yaml:"name"`
			Context struct {
				Cluster string `yaml:"cluster"`
				User    string `yaml:"user"`
			} `yaml:"context"`
		} `yaml:"contexts"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	namespace = enginetest.Name("dockerlab-lsp")
	for _, c := range cfg.Contexts {
		if c.Name == cfg.Current {
			own := filepath.Join(t.TempDir(), "kubeconfig")
			text := fmt.Sprintf("apiVersion: v1\nkind: Config\ncurrent-context: %s\ncontexts:\n- name: %s\n  context:\n    cluster: %s\n    user: %s\n    namespace: %s\n",
				namespace, namespace, c.Context.Cluster, c.Context.User, namespace)
			if err := os.WriteFile(own, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			kubeconfig = own + string(os.PathListSeparator) + kc
		}
	}
	if kubeconfig == "" {
		t.Fatalf("%s has no current context", kc)
	}
	ns := "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + namespace + "\n"
	req := k8sproto.Request{Kubeconfig: []string{kc}, Manifest: ns}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	req.Op = k8sproto.OpApply
	if _, err := helper.Run(ctx, req, nil); err != nil {
		t.Fatalf("creating namespace %s: %v", namespace, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		req.Op = k8sproto.OpDelete
		if _, err := helper.Run(ctx, req, nil); err != nil {
			t.Errorf("deleting namespace %s: %v", namespace, err)
		}
	})
	return kubeconfig, namespace
}

// TestK8sLabOnCluster: deploy testdata/lab from the Dockerfile's command →
// the generated k8s/NAME.yaml, the Pod ready, the lens says so → the app
// answers through dockerlab's port-forward → edit, deploy again → a new
// image tag rolls out and the forward serves the new text → status in
// JSON → delete → nothing left, the manifest file kept.
func TestK8sLabOnCluster(t *testing.T) {
	cli, opts := connectReal(t)
	helper := withK8sHelper(t, &opts)
	kubeconfig, namespace := testContext(t, helper)
	t.Setenv("KUBECONFIG", kubeconfig)
	reg := registrytest.Start(t, registrytest.Options{})
	r := newLabRun(t)
	dir := copyLab(t)
	path := filepath.Join(dir, "Dockerfile")
	uri := "file://" + path
	var pushed []string
	cleanupLab(t, cli, path, func() []string { return append(pushed, r.Tag) })

	e := startServer(t, opts)
	o := r.options()
	o["settings"].(map[string]any)["registry"] = map[string]any{"default": reg.Host + "/" + r.Tag + ":1.0"}
	e.initialize(o)
	text, _ := os.ReadFile(path)
	e.open(uri, string(text), 1)
	cmd := func(command string, res *lab.Result) error {
		return e.call("workspace/executeCommand", map[string]any{"command": command, "arguments": []any{map[string]any{"uri": uri}}}, res)
	}
	ctx := enginetest.Timeout(t, 8*time.Minute)

	deploy := func(want string) lab.Result {
		t.Helper()
		var res lab.Result
		if err := cmd(lab.CommandK8sDeploy, &res); err != nil {
			t.Fatalf("deploy: %v", err)
		}
		k := res.K8s
		if k == nil || k.Context != namespace || k.Status == nil || !k.Status.Complete || k.Status.Ready != 1 || k.LocalPort == 0 {
			t.Fatalf("deploy result: %+v (k8s %+v)", res, k)
		}
		pushed = append(pushed, k.Image)
		if !strings.HasPrefix(k.Image, reg.Host+"/") || len(res.Containers) != 1 || res.Containers[0].Ports[0].HostPort != k.LocalPort {
			t.Fatalf("image %q, containers %+v", k.Image, res.Containers)
		}
		deadline := time.Now().Add(90 * time.Second)
		for {
			body := getWithRetry(t, ctx, fmt.Sprintf("http://127.0.0.1:%d/", k.LocalPort))
			if strings.Contains(body, want) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the app through the port-forward does not say %q: %.200s", want, body)
			}
			time.Sleep(time.Second)
		}
		return res
	}

	first := deploy("Todo App")
	manifest := filepath.Join(dir, "k8s", r.Tag+".yaml")
	written, err := os.ReadFile(manifest)
	if err != nil || !strings.Contains(string(written), "kind: Deployment") || !strings.Contains(string(written), "imagePullPolicy: IfNotPresent") {
		t.Fatalf("the generated manifest %s: %v\n%s", manifest, err, written)
	}
	e.waitNote("dockerlab/buildOutput", func(raw json.RawMessage) bool {
		return strings.Contains(string(raw), "kubectl rollout status deployment/"+r.Tag)
	})
	if lenses := lensTitles(t, e, uri); !strings.Contains(lenses, "☸ Pod 1/1 준비됨 ("+namespace+")") {
		t.Errorf("lenses after the deploy: %s", lenses)
	}

	index := filepath.Join(dir, "src", "static", "index.html")
	html, _ := os.ReadFile(index)
	if err := os.WriteFile(index, []byte(strings.Replace(string(html), "<h1>Todo App</h1>", "<h1>할 일 앱 v2</h1>", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	second := deploy("할 일 앱 v2")
	if second.K8s.Image == first.K8s.Image {
		t.Errorf("the second deploy kept the image %s", first.K8s.Image)
	}
	again, _ := os.ReadFile(manifest)
	if string(again) != string(written) {
		t.Error("the second deploy rewrote the learner's manifest")
	}

	var st lab.Result
	if err := cmd(lab.CommandK8sStatus, &st); err != nil || st.K8s == nil || st.K8s.Status.Pods[0].Image != second.K8s.Image ||
		st.K8s.Status.Service == nil || st.K8s.Status.Service.Ports[0].Port != 3000 || st.K8s.Namespace != namespace {
		t.Fatalf("status: %+v %v", st.K8s, err)
	}

	var del lab.Result
	if err := cmd(lab.CommandK8sDelete, &del); err != nil {
		t.Fatalf("delete: %v", err)
	}
	var after lab.Result // a fresh value: decoding into st would keep its Service
	if err := cmd(lab.CommandK8sStatus, &after); err != nil || after.K8s.Status.Found || after.K8s.Status.Service != nil {
		t.Fatalf("after delete: %+v %v", after.K8s, err)
	}
	if _, err := os.Stat(manifest); err != nil {
		t.Errorf("delete removed the manifest file: %v", err)
	}
	if lenses := lensTitles(t, e, uri); strings.Contains(lenses, "준비됨") {
		t.Errorf("lenses after delete: %s", lenses)
	}
}

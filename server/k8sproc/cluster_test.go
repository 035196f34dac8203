//go:build cluster

package k8sproc

// Tests on a real Kubernetes cluster (scripts/k8s.sh start; scripts/test.sh
// runs them with -tags cluster): the kubeconfig is
// $DOCKERLAB_TEST_KUBECONFIG, whose cluster pulls from a plain-HTTP
// registry on 127.0.0.1. A missing cluster fails the test, never skips it.

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/internal/enginetest"
	"github.com/dockerlab/dockerlab/server/internal/registrytest"
	"github.com/dockerlab/dockerlab/server/internal/testfs"
	"github.com/dockerlab/dockerlab/server/k8s"
	"github.com/dockerlab/dockerlab/server/k8sproto"
)

// appSource answers $MSG on :8080; with the argument crash it writes boom
// and exits 1.
const appSource = `package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "crash" {
		fmt.Println("boom: the app could not start")
		os.Exit(1)
	}
	fmt.Println("listening on 8080")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, os.Getenv("MSG")) })
	panic(http.ListenAndServe(":8080", nil))
}
`

type cluster struct {
	t          *testing.T
	helper     Helper
	kubeconfig string
	namespace  string
	registry   string
}

// newCluster builds the helper, checks the cluster answers and gives the
// test its own namespace, deleted when it ends.
func newCluster(t *testing.T) *cluster {
	kc := os.Getenv("DOCKERLAB_TEST_KUBECONFIG")
	if kc == "" {
		t.Fatal("DOCKERLAB_TEST_KUBECONFIG is not set: start a cluster with `bash scripts/k8s.sh start` and point DOCKERLAB_TEST_KUBECONFIG at the file `bash scripts/k8s.sh env` names")
	}
	bin := filepath.Join(t.TempDir(), HelperName())
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/dockerlab-k8s").CombinedOutput(); err != nil {
		t.Fatalf("building the helper: %v\n%s", err, out)
	}
	c := &cluster{t: t, helper: Helper{Path: bin}, kubeconfig: kc, namespace: enginetest.Name("dockerlab-test")}
	ns := "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + c.namespace + "\n"
	if _, err := c.run(k8sproto.Request{Op: k8sproto.OpApply, Manifest: ns}); err != nil {
		t.Fatalf("creating namespace %s: %v", c.namespace, err)
	}
	t.Cleanup(func() {
		if _, err := c.run(k8sproto.Request{Op: k8sproto.OpDelete, Manifest: ns}); err != nil {
			t.Errorf("deleting namespace %s: %v", c.namespace, err)
		}
	})
	return c
}

func (c *cluster) run(req k8sproto.Request) (k8sproto.Result, error) {
	return c.runEvents(req, nil)
}

func (c *cluster) runEvents(req k8sproto.Request, progress func(k8sproto.Line)) (k8sproto.Result, error) {
	req.Kubeconfig = []string{c.kubeconfig}
	if req.Namespace == "" {
		req.Namespace = c.namespace
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	return c.helper.Run(ctx, req, progress)
}

// pushApp builds the app's FROM scratch image and pushes it to a registry
// on 127.0.0.1 the cluster pulls from; it returns the reference.
func pushApp(t *testing.T, tag string) string {
	e, _ := enginetest.Connect(t, engine.New)
	ctx := enginetest.Timeout(t, 3*time.Minute)
	reg := registrytest.Start(t, registrytest.Options{})
	dir := testfs.Tree(t, map[string]string{"Dockerfile": "FROM scratch\nCOPY server /server\nEXPOSE 8080\nENTRYPOINT [\"/server\"]\n"})
	if err := os.WriteFile(filepath.Join(dir, "server"), enginetest.StaticProgram(t, appSource), 0o755); err != nil {
		t.Fatal(err)
	}
	local := enginetest.Name("dockerlab-k8s-app")
	ref := reg.Host + "/" + local + ":" + tag
	if _, err := e.Build(ctx, docker.BuildRequest{ContextDir: dir, Tag: ref}, io.Discard); err != nil {
		t.Fatalf("building %s: %v", ref, err)
	}
	t.Cleanup(func() { _ = e.ImageRemove(context.Background(), ref) })
	if _, err := e.Push(ctx, ref, nil, io.Discard); err != nil {
		t.Fatalf("pushing %s: %v", ref, err)
	}
	return ref
}

// The learner's path on a real cluster: apply the generated manifest, the
// rollout completes, the app answers through the port-forward, its logs
// follow, the status names the Service and the Ingress, a second apply is
// unchanged, and delete leaves nothing.
func TestDeployOnCluster(t *testing.T) {
	c := newCluster(t)
	image := pushApp(t, "1")
	name := "getting-started"
	manifest := strings.Replace(k8s.Generate(k8s.App{Name: name, Image: image, Port: 8080, HTTP: true}),
		"          imagePullPolicy: IfNotPresent\n", "          imagePullPolicy: IfNotPresent\n          env:\n            - name: MSG\n              value: hello from the cluster\n", 1)
	var events []string
	res, err := c.runEvents(k8sproto.Request{Op: k8sproto.OpApply, Manifest: manifest, Wait: true, Deployment: name, Service: name}, func(l k8sproto.Line) {
		if l.Event != nil && l.Event.Object != nil {
			events = append(events, l.Event.Action+" "+l.Event.Object.Kind)
		}
	})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if got := strings.Join(events, ", "); got != "created Deployment, created Service, created Ingress" {
		t.Errorf("events %q", got)
	}
	st := res.Status
	if st == nil || !st.Complete || st.Ready != 1 || len(st.Pods) != 1 || !st.Pods[0].Ready || st.Pods[0].Image != image {
		t.Fatalf("rollout: %+v", st)
	}
	if st.Service == nil || st.Service.Name != name || len(st.Service.Ports) != 1 || st.Service.Ports[0].Port != 8080 || st.Service.Ports[0].TargetPort != "http" {
		t.Errorf("service: %+v", st.Service)
	}
	if st.Ingress == nil || st.Ingress.Name != name || strings.Join(st.Ingress.Paths, ",") != "/" {
		t.Errorf("ingress: %+v", st.Ingress)
	}

	fw, err := c.helper.PortForward(k8sproto.Request{Kubeconfig: []string{c.kubeconfig}, Namespace: c.namespace, Service: name, Port: 8080})
	if err != nil {
		t.Fatalf("port-forward: %v", err)
	}
	body, err := enginetest.Get(enginetest.Timeout(t, 30*time.Second), fmt.Sprintf("http://127.0.0.1:%d/", fw.LocalPort))
	if err != nil || body != "hello from the cluster" {
		t.Errorf("through the port-forward to %s: %q, %v", fw.Pod, body, err)
	}
	fw.Stop()
	if fw.Err() != nil {
		t.Errorf("a stopped forward reports %v", fw.Err())
	}

	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan string, 16)
	go func() {
		_, _ = c.helper.Run(ctx, k8sproto.Request{Op: k8sproto.OpLogs, Kubeconfig: []string{c.kubeconfig}, Namespace: c.namespace, Deployment: name},
			func(l k8sproto.Line) {
				if l.Log != nil {
					got <- *l.Log
				}
			})
	}()
	select {
	case l := <-got:
		if l != "listening on 8080" {
			t.Errorf("first log line %q", l)
		}
	case <-time.After(30 * time.Second):
		t.Error("no log line in 30 s")
	}
	cancel()

	again, err := c.runEvents(k8sproto.Request{Op: k8sproto.OpApply, Manifest: manifest}, func(l k8sproto.Line) {
		if l.Event != nil && l.Event.Action != "unchanged" {
			t.Errorf("a second apply: %s %s", l.Event.Action, l.Event.Object.Kind)
		}
	})
	if err != nil || len(again.Objects) != 3 {
		t.Errorf("second apply: %+v, %v", again, err)
	}

	del, err := c.run(k8sproto.Request{Op: k8sproto.OpDelete, Manifest: manifest})
	if err != nil || len(del.Objects) != 3 {
		t.Fatalf("delete: %+v, %v", del, err)
	}
	after, err := c.run(k8sproto.Request{Op: k8sproto.OpStatus, Deployment: name, Service: name})
	if err != nil || after.Status.Found || after.Status.Service != nil {
		t.Errorf("after delete: %+v, %v", after.Status, err)
	}
}

// Pods that cannot start: an image the cluster cannot pull and a program
// that exits; the rollout ends early with the reason, and a crash brings
// its last log lines.
func TestPodsThatCannotStart(t *testing.T) {
	c := newCluster(t)
	image := pushApp(t, "1")
	missing := strings.Replace(image, ":1", ":does-not-exist", 1)
	pull := k8s.Generate(k8s.App{Name: "pull", Image: missing})
	res, err := c.run(k8sproto.Request{Op: k8sproto.OpApply, Manifest: pull, Wait: true, Deployment: "pull"})
	if err != nil {
		t.Fatal(err)
	}
	if st := res.Status; st.Complete || len(st.Pods) != 1 || (st.Pods[0].Reason != "ErrImagePull" && st.Pods[0].Reason != "ImagePullBackOff") {
		t.Errorf("an image the cluster cannot pull: %+v", st)
	}
	// The generated manifest of an HTTP app has a readiness probe: a program that exits is never
	// ready, as a learner's would not be (without one, the Pod counts as ready for the moment it runs).
	crash := strings.Replace(k8s.Generate(k8s.App{Name: "crash", Image: image, Port: 8080, HTTP: true}),
		"          imagePullPolicy: IfNotPresent\n", "          imagePullPolicy: IfNotPresent\n          args: [crash]\n", 1)
	res, err = c.run(k8sproto.Request{Op: k8sproto.OpApply, Manifest: crash, Wait: true, Deployment: "crash", TimeoutSeconds: 90})
	if err != nil {
		t.Fatal(err)
	}
	st := res.Status
	if st.Complete || len(st.Pods) != 1 || st.Pods[0].Reason != "CrashLoopBackOff" || !strings.Contains(strings.Join(st.Pods[0].LastLogs, "\n"), "boom") {
		t.Errorf("a crashing program: %+v", st)
	}
}

// A cluster nobody serves: Unreachable, in Korean, with the client's words.
func TestUnreachableCluster(t *testing.T) {
	bin := filepath.Join(t.TempDir(), HelperName())
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/dockerlab-k8s").CombinedOutput(); err != nil {
		t.Fatalf("building the helper: %v\n%s", err, out)
	}
	kc := filepath.Join(t.TempDir(), "kubeconfig")
	port := enginetest.FreePort(t)
	cfg := fmt.Sprintf("apiVersion: v1\nkind: Config\ncurrent-context: gone\ncontexts:\n- name: gone\n  context:\n    cluster: gone\n    user: u\nclusters:\n- name: gone\n  cluster:\n    server: https://127.0.0.1:%d\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: x\n", port)
	if err := os.WriteFile(kc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Helper{Path: bin}.Run(context.Background(), k8sproto.Request{Op: k8sproto.OpStatus, Kubeconfig: []string{kc}, Deployment: "x"}, nil)
	e, ok := err.(*Error)
	if !ok || e.Kind != "Unreachable" || !strings.Contains(e.Message, "API 서버에 접속하지 못했습니다") || !strings.Contains(e.Error(), "connection refused") {
		t.Errorf("unreachable cluster: %#v", err)
	}
}

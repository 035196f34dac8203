package lab

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/k8s"
	"github.com/dockerlab/dockerlab/server/k8sproto"
)

// kindEngine is a registry engine that also loads images into kind nodes.
type kindEngine struct {
	registryEngine
	loaded []string // cluster/ref
}

func (k *kindEngine) KindLoad(ctx context.Context, cluster, ref string, out io.Writer) ([]string, error) {
	k.loaded = append(k.loaded, cluster+"/"+ref)
	return []string{cluster + "-control-plane"}, nil
}

// fakeK8s records the requests and answers a rollout that ends as status.
type fakeK8s struct {
	reqs   []k8sproto.Request
	status k8sproto.Status
}

func (f *fakeK8s) Run(ctx context.Context, req k8sproto.Request, progress func(k8sproto.Line)) (k8sproto.Result, error) {
	f.reqs = append(f.reqs, req)
	res := k8sproto.Result{Context: req.Context, Namespace: "default"}
	objs, _ := func() ([]k8sproto.Object, error) {
		var out []k8sproto.Object
		for _, o := range k8s.Parse(req.Manifest).Objects {
			out = append(out, k8sproto.Object{APIVersion: o.APIVersion, Kind: o.Kind, Name: "getting-started", Namespace: "default"})
		}
		return out, nil
	}()
	for i := range objs {
		progress(k8sproto.Line{Event: &k8sproto.Event{Kind: map[string]string{k8sproto.OpApply: "applied", k8sproto.OpDelete: "deleted"}[req.Op], Object: &objs[i], Action: "created"}})
	}
	res.Objects = objs
	if req.Op == k8sproto.OpApply || req.Op == k8sproto.OpStatus {
		st := f.status
		if st.Ingress != nil { // a fresh answer each time, as from the helper
			ing := *st.Ingress
			st.Ingress = &ing
		}
		if req.Op == k8sproto.OpApply {
			progress(k8sproto.Line{Event: &k8sproto.Event{Kind: "rollout", Status: &st}})
		}
		res.Status = &st
	}
	return res, nil
}

func k8sPlan(t *testing.T, settings Settings) Plan {
	dir := filepath.Join(t.TempDir(), "getting-started")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return NewPlan(filepath.Join(dir, "Dockerfile"), dockerfile.Parse(labDockerfile), settings, "")
}

var readyStatus = k8sproto.Status{Deployment: "getting-started", Found: true, Desired: 1, Ready: 1, Updated: 1, Complete: true,
	Pods: []k8sproto.Pod{{Name: "getting-started-abc", Phase: "Running", Ready: true}}}

// On a kind cluster: build, a content tag, kind load, the generated
// manifest written beside the Dockerfile, apply and rollout; each step as
// its command line.
func TestK8sDeployOnKind(t *testing.T) {
	p := k8sPlan(t, Settings{})
	eng := &kindEngine{}
	runner := &fakeK8s{status: readyStatus}
	var out strings.Builder
	sess := Session{Engine: eng, Out: &out, UI: &scriptedUI{}, Registries: &fakeRegistries{}, K8s: runner}
	res, err := sess.K8sDeploy(context.Background(), p, K8sTarget{Context: "kind-lab"})
	if err != nil {
		t.Fatalf("deploy: %v\n%s", err, out.String())
	}
	tag := "getting-started:" + strings.Repeat("a", 12)
	if res.Image != tag || len(eng.loaded) != 1 || eng.loaded[0] != "lab/"+tag || !strings.Contains(res.Message, "Pod 1/1개가 준비되었습니다") {
		t.Errorf("result %+v, loaded %v", res, eng.loaded)
	}
	data, err := os.ReadFile(ManifestPath(p))
	if err != nil || !strings.Contains(string(data), "image: "+tag) || !strings.Contains(string(data), "kind: Ingress") {
		t.Fatalf("manifest: %v\n%s", err, data)
	}
	if len(runner.reqs) != 1 || runner.reqs[0].Manifest != string(data) || !runner.reqs[0].Wait || runner.reqs[0].Deployment != "getting-started" || runner.reqs[0].Context != "kind-lab" {
		t.Errorf("requests %+v", runner.reqs)
	}
	for _, want := range []string{"$ docker build -t getting-started", "$ docker tag getting-started " + tag, "$ kind load docker-image " + tag + " --name lab",
		"k8s/getting-started.yaml 파일을 만들었습니다: Deployment, Service, Ingress", "$ kubectl apply --server-side -f k8s/getting-started.yaml",
		"$ kubectl rollout status deployment/getting-started", "deployment.apps/getting-started created", "ingress.networking.k8s.io/getting-started created",
		"Deployment getting-started: Pod 1/1 준비됨"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	// A second deploy: the learner's edited file is applied with the new image, never rewritten.
	edited := strings.Replace(string(data), "replicas: 1 ", "replicas: 2 ", 1)
	if err := os.WriteFile(ManifestPath(p), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if _, err := sess.K8sDeploy(context.Background(), p, K8sTarget{Context: "kind-lab"}); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.ReadFile(ManifestPath(p)); string(now) != edited {
		t.Error("a deploy rewrote the learner's manifest")
	}
	if applied := runner.reqs[1].Manifest; !strings.Contains(applied, "replicas: 2") || !strings.Contains(applied, "image: "+tag) {
		t.Errorf("applied:\n%s", applied)
	}
	if !strings.Contains(out.String(), "$ kubectl set image deployment/getting-started *="+tag) {
		t.Errorf("output lacks the set image line:\n%s", out.String())
	}
	if strings.Contains(out.String(), "Ingress 컨트롤러") {
		t.Errorf("no Ingress in the status, yet the output speaks of its controller:\n%s", out.String())
	}

	// An Ingress no controller has taken (no address): said, with where kind's guide is.
	runner.status.Ingress = &k8sproto.Ingress{Name: "getting-started", Paths: []string{"/"}}
	out.Reset()
	if _, err := sess.K8sDeploy(context.Background(), p, K8sTarget{Context: "kind-lab"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), MsgIngressWithoutAddress("getting-started")) {
		t.Errorf("output lacks the Ingress without a controller:\n%s", out.String())
	}
	runner.status.Ingress.Address = "127.0.0.1"
	out.Reset()
	runner.status.Ingress.Class = "traefik"
	res, err = sess.K8sDeploy(context.Background(), p, K8sTarget{Context: "kind-lab"})
	if err != nil || strings.Contains(out.String(), "Ingress 컨트롤러") || strings.Contains(out.String(), "열립니다") ||
		!strings.Contains(out.String(), "# `getting-started` Ingress는 주소 `127.0.0.1`에서 경로 `/`의 요청을 받습니다(IngressClass `traefik`).") {
		t.Errorf("an Ingress with an address, no published node port: %v\n%s", err, out.String())
	}
	if res.Status.Ingress.HostPort != 0 {
		t.Errorf("a host port without a node: %+v", res.Status.Ingress)
	}

	// The kind node publishes the controller's NodePort: the Ingress is reachable from here, and said so.
	eng.containers = []docker.Container{
		{Name: "other-control-plane", State: "running", Labels: map[string]string{"io.x-k8s.kind.cluster": "other"},
			Ports: []docker.PortBinding{{HostIP: "127.0.0.1", HostPort: 30080, ContainerPort: 30080}}},
		{Name: "lab-control-plane", State: "running", Labels: map[string]string{"io.x-k8s.kind.cluster": "lab"},
			Ports: []docker.PortBinding{{HostIP: "127.0.0.1", HostPort: 41234, ContainerPort: 30080, Protocol: "tcp"}, {HostIP: "127.0.0.1", HostPort: 40001, ContainerPort: 6443}}},
	}
	out.Reset()
	res, err = sess.K8sDeploy(context.Background(), p, K8sTarget{Context: "kind-lab"})
	if err != nil || res.Status.Ingress.HostIP != "127.0.0.1" || res.Status.Ingress.HostPort != 41234 ||
		!strings.Contains(out.String(), "30080 포트(NodePort)를 이 컴퓨터에 연결해 두었으므로 앱은 `http://127.0.0.1:41234/`에서도 열립니다.") {
		t.Errorf("a published node port: %v %+v\n%s", err, res.Status.Ingress, out.String())
	}
	// Another cluster than kind: no engine container to read.
	if st, _ := sess.K8sStatus(context.Background(), p, K8sTarget{Context: "dockerlab-host"}); st.Status.Ingress.HostPort != 0 {
		t.Errorf("not kind: %+v", st.Status.Ingress)
	}
}

// Another cluster needs a registry: without dockerlab.registry.default a
// Korean refusal; with it, the image is pushed there and the manifest
// names it.
func TestK8sDeployThroughRegistry(t *testing.T) {
	p := k8sPlan(t, Settings{})
	sess := Session{Engine: &kindEngine{}, Out: io.Discard, UI: &scriptedUI{}, Registries: &fakeRegistries{}, K8s: &fakeK8s{status: readyStatus}}
	if _, err := sess.K8sDeploy(context.Background(), p, K8sTarget{Context: "dockerlab-host"}); err == nil || !strings.Contains(err.Error(), "`dockerlab.registry.default` 설정") {
		t.Errorf("no registry: %v", err)
	}
	var s Settings
	s.Registry.Default = "127.0.0.1:5000/getting-started:1.0"
	p = k8sPlan(t, s)
	eng := &kindEngine{}
	runner := &fakeK8s{status: readyStatus}
	sess = Session{Engine: eng, Out: io.Discard, UI: &scriptedUI{}, Registries: &fakeRegistries{}, K8s: runner}
	res, err := sess.K8sDeploy(context.Background(), p, K8sTarget{Context: "dockerlab-host"})
	want := "127.0.0.1:5000/getting-started:" + strings.Repeat("a", 12)
	if err != nil || res.Image != want || len(eng.loaded) != 0 || !strings.Contains(runner.reqs[0].Manifest, "image: "+want) {
		t.Errorf("deploy = %+v, %v; loaded %v", res, err, eng.loaded)
	}
	if _, err := sess.K8sDeploy(context.Background(), p, K8sTarget{}); err == nil || err.Error() != MsgNoK8sContext {
		t.Errorf("no context: %v", err)
	}
}

// A rollout that ends stuck is an error with Kubernetes' reason, in
// Korean; a crash brings the container's last lines.
func TestK8sDeployStuck(t *testing.T) {
	for reason, want := range map[string]string{
		"ImagePullBackOff": "이미지를 클러스터에 넣지 않았거나 `latest` 태그라서",
		"CrashLoopBackOff": "boom",
	} {
		st := k8sproto.Status{Deployment: "getting-started", Found: true, Desired: 1,
			Pods: []k8sproto.Pod{{Name: "getting-started-x", Phase: "Pending", Reason: reason, Image: "getting-started:1", LastLogs: []string{"boom"}}}}
		sess := Session{Engine: &kindEngine{}, Out: io.Discard, UI: &scriptedUI{}, Registries: &fakeRegistries{}, K8s: &fakeK8s{status: st}}
		res, err := sess.K8sDeploy(context.Background(), k8sPlan(t, Settings{}), K8sTarget{Context: "kind-lab"})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), reason) || res.Status == nil {
			t.Errorf("%s: %v", reason, err)
		}
	}
}

func TestK8sStatusAndDelete(t *testing.T) {
	p := k8sPlan(t, Settings{})
	runner := &fakeK8s{status: readyStatus}
	var out strings.Builder
	sess := Session{Engine: &kindEngine{}, Out: &out, UI: &scriptedUI{}, Registries: &fakeRegistries{}, K8s: runner}
	res, err := sess.K8sStatus(context.Background(), p, K8sTarget{Context: "kind-lab"})
	if err != nil || res.Status.Ready != 1 || res.Message != "Deployment `getting-started`: Pod 1/1개 준비됨." {
		t.Errorf("status %+v, %v", res, err)
	}
	if _, err := sess.K8sDelete(context.Background(), p, K8sTarget{Context: "kind-lab"}); docker.KindOf(err) != docker.NotFound {
		t.Errorf("delete without a manifest: %v", err)
	}
	if _, err := sess.K8sDeploy(context.Background(), p, K8sTarget{Context: "kind-lab"}); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	res, err = sess.K8sDelete(context.Background(), p, K8sTarget{Context: "kind-lab"})
	if err != nil || !strings.Contains(res.Message, "오브젝트 3개를 삭제했습니다") || !strings.Contains(out.String(), "$ kubectl delete -f k8s/getting-started.yaml") ||
		!strings.Contains(out.String(), "deployment.apps/getting-started deleted") {
		t.Errorf("delete %+v, %v\n%s", res, err, out.String())
	}
	if _, err := os.Stat(ManifestPath(p)); err != nil {
		t.Error("delete removed the manifest file")
	}
}

func TestK8sName(t *testing.T) {
	for tag, want := range map[string]string{"getting-started": "getting-started", "me/My_App.v2:1.0": "my-app-v2", "127.0.0.1:5000/a/b:c": "b", "___": "app"} {
		if got := K8sName(Plan{Tag: tag}); got != want {
			t.Errorf("K8sName(%s) = %q, want %q", tag, got, want)
		}
	}
	if (K8sTarget{Context: "kind-lab"}).KindCluster() != "lab" || (K8sTarget{Context: "minikube"}).KindCluster() != "" {
		t.Error("KindCluster")
	}
}

// The Kubernetes lenses: deploy only, until a status is known; then the
// Pods' state with the context, the browser once a Pod is ready behind a
// Service, logs and delete; a stuck Pod's reason in the state.
func TestK8sLenses(t *testing.T) {
	m := dockerfile.Parse(labDockerfile)
	titles := func(ls []Lens) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Title+" → "+l.Command)
		}
		return out
	}
	if got := K8sLenses(m, "file:///a/Dockerfile", "", nil); got != nil {
		t.Errorf("without a context: %q", titles(got))
	}
	if got := K8sLenses(dockerfile.Parse("# nothing\n"), "file:///a/Dockerfile", "kind-lab", nil); got != nil {
		t.Errorf("without a stage: %q", titles(got))
	}
	got := titles(K8sLenses(m, "file:///a/Dockerfile", "kind-lab", nil))
	if want := []string{"☸ K8s에 배포 → " + CommandK8sDeploy}; !slices.Equal(got, want) {
		t.Errorf("before a deploy: %q, want %q", got, want)
	}
	ready := readyStatus
	ready.Service = &k8sproto.Service{Name: "getting-started", Type: "ClusterIP", Ports: []k8sproto.ServicePort{{Port: 3000, TargetPort: "3000"}}}
	got = titles(K8sLenses(m, "file:///a/Dockerfile", "kind-lab", &ready))
	want := []string{"☸ K8s에 배포 → " + CommandK8sDeploy, "☸ Pod 1/1 준비됨 (kind-lab) → " + CommandK8sStatus,
		"브라우저에서 열기 (port-forward) → " + CommandK8sOpenPortForward, "로그 → " + CommandK8sLogs, "K8s에서 삭제 → " + CommandK8sDelete}
	if !slices.Equal(got, want) {
		t.Errorf("ready:\n got %q\nwant %q", got, want)
	}
	// An Ingress this computer reaches (a kind node's published port): the browser through it too.
	served := ready
	served.Ingress = &k8sproto.Ingress{Name: "getting-started", Class: "traefik", Paths: []string{"/"}, Address: "127.0.0.1", HostIP: "127.0.0.1", HostPort: 41234}
	ls := K8sLenses(m, "file:///a/Dockerfile", "kind-lab", &served)
	if len(ls) != 6 || ls[3].Title != "브라우저에서 열기 (Ingress)" || ls[3].Command != CommandOpenInBrowser || ls[3].Args.HostIP != "127.0.0.1" || ls[3].Args.HostPort != 41234 {
		t.Errorf("served through the Ingress: %q %+v", titles(ls), ls)
	}
	served.Ingress.Paths = []string{"/items"}
	if ls := K8sLenses(m, "file:///a/Dockerfile", "kind-lab", &served); len(ls) != 5 {
		t.Errorf("an Ingress without the root path: %q", titles(ls))
	}
	stuck := k8sproto.Status{Deployment: "getting-started", Found: true, Desired: 1,
		Pods: []k8sproto.Pod{{Name: "p", Phase: "Pending", Reason: "ImagePullBackOff"}}}
	got = titles(K8sLenses(m, "file:///a/Dockerfile", "kind-lab", &stuck))
	if len(got) != 4 || got[1] != "☸ Pod 0/1 · ImagePullBackOff (kind-lab) → "+CommandK8sStatus {
		t.Errorf("stuck: %q", got)
	}
	for _, l := range K8sLenses(m, "file:///a/Dockerfile", "kind-lab", &stuck) {
		if l.Args.URI != "file:///a/Dockerfile" || l.Span != m.Stages[0].From.KeywordSpan {
			t.Errorf("%s: args %+v span %+v", l.Title, l.Args, l.Span)
		}
	}
}

// imagesEngine is a kind engine that has the images tagged tags.
type imagesEngine struct {
	kindEngine
	tags []string
}

func (e *imagesEngine) Images(ctx context.Context) ([]docker.Image, error) {
	return []docker.Image{{ID: "sha256:1", Tags: e.tags}}, nil
}

// createCluster: kind's cluster, then the Ingress controller (Traefik) in
// its own namespace, loaded into the nodes when the engine has its image
// and followed until ready; a controller that does not start leaves the
// cluster created and says why in Korean.
func TestK8sCreateClusterInstallsIngress(t *testing.T) {
	eng := &imagesEngine{tags: []string{"dockerlab.local/traefik:t1"}}
	ready := k8sproto.Status{Deployment: "traefik", Found: true, Desired: 1, Ready: 1, Updated: 1, Complete: true}
	runner := &fakeK8s{status: ready}
	var out strings.Builder
	sess := Session{Engine: eng, Out: &out, UI: &scriptedUI{}, K8s: runner}
	res, err := sess.K8sCreateCluster(context.Background(), ClusterSpec{Name: "lab", IngressImage: "dockerlab.local/traefik:t1"})
	if err != nil || res.Context != "kind-lab" || strings.Contains(res.Message, "Ingress") {
		t.Fatalf("create = %+v, %v\n%s", res, err, out.String())
	}
	if len(runner.reqs) != 3 || runner.reqs[0].Op != k8sproto.OpCreateCluster {
		t.Fatalf("requests %+v", runner.reqs)
	}
	// First the cluster's DNS: ready means Pods reach the API server.
	if dns := runner.reqs[1]; dns.Op != k8sproto.OpStatus || !dns.Wait || dns.Namespace != "kube-system" || dns.Deployment != "coredns" || dns.Context != "kind-lab" {
		t.Errorf("DNS request %+v", dns)
	}
	ing := runner.reqs[2]
	if ing.Op != k8sproto.OpApply || ing.Context != "kind-lab" || ing.Namespace != k8s.IngressNamespace || !ing.Wait ||
		ing.Deployment != k8s.IngressDeployment || ing.Manifest != k8s.IngressController("dockerlab.local/traefik:t1") {
		t.Errorf("ingress request %+v", ing)
	}
	if len(eng.loaded) != 1 || eng.loaded[0] != "lab/dockerlab.local/traefik:t1" {
		t.Errorf("loaded %v", eng.loaded)
	}
	for _, want := range []string{"$ kind create cluster --name lab", "$ kubectl -n kube-system rollout status deployment/coredns", "$ kind load docker-image dockerlab.local/traefik:t1 --name lab",
		"$ kubectl apply --server-side -f -", "$ kubectl -n traefik rollout status deployment/traefik", "Traefik이 준비되었습니다"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	// Not in the engine: the node pulls it (no kind load); the default image.
	eng, runner = &imagesEngine{}, &fakeK8s{status: ready}
	sess = Session{Engine: eng, Out: io.Discard, UI: &scriptedUI{}, K8s: runner}
	if _, err := sess.K8sCreateCluster(context.Background(), ClusterSpec{Name: "lab"}); err != nil || len(eng.loaded) != 0 ||
		!strings.Contains(runner.reqs[2].Manifest, "image: "+k8s.DefaultIngressImage) {
		t.Errorf("pulled by the node: %v, loaded %v", err, eng.loaded)
	}

	// The controller cannot pull its image: the cluster stands, the reason is said.
	stuck := ready
	stuck.Complete, stuck.Ready = false, 0
	stuck.Pods = []k8sproto.Pod{{Name: "traefik-abc", Phase: "Pending", Reason: "ImagePullBackOff", Image: "traefik:v3.6"}}
	out.Reset()
	sess = Session{Engine: &imagesEngine{}, Out: &out, UI: &scriptedUI{}, K8s: &fakeK8s{status: stuck}}
	res, err = sess.K8sCreateCluster(context.Background(), ClusterSpec{Name: "lab"})
	if err != nil || !strings.Contains(res.Message, "Ingress 컨트롤러(Traefik)가 준비되지 않았습니다") || !strings.Contains(res.Message, "ImagePullBackOff") ||
		!strings.Contains(out.String(), "$ kubectl cluster-info --context kind-lab") {
		t.Errorf("stuck controller: %+v, %v\n%s", res, err, out.String())
	}
}

// The address said for an Ingress: its first path on the published port,
// 127.0.0.1 for an engine that listens on every address.
func TestIngressURL(t *testing.T) {
	for _, tc := range []struct {
		ing  k8sproto.Ingress
		want string
	}{
		{k8sproto.Ingress{HostIP: "127.0.0.1", HostPort: 30080, Paths: []string{"/"}}, "http://127.0.0.1:30080/"},
		{k8sproto.Ingress{HostIP: "0.0.0.0", HostPort: 8080, Paths: []string{"/items", "/"}}, "http://127.0.0.1:8080/items"},
		{k8sproto.Ingress{HostIP: "::1", HostPort: 8080}, "http://[::1]:8080/"},
	} {
		if got := ingressURL(tc.ing); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.ing, got, tc.want)
		}
	}
}

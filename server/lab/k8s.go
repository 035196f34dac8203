package lab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/k8s"
	"github.com/dockerlab/dockerlab/server/k8sproto"
)

// K8sRunner runs Kubernetes operations: the dockerlab-k8s helper
// (package k8sproc); tests pass a fake.
type K8sRunner interface {
	Run(ctx context.Context, req k8sproto.Request, progress func(k8sproto.Line)) (k8sproto.Result, error)
}

// KindEngine puts images into kind clusters' nodes; *engine.Client
// implements it.
type KindEngine interface {
	KindLoad(ctx context.Context, cluster, ref string, out io.Writer) ([]string, error)
}

// K8sTarget is the cluster a step acts on: the kubeconfig's current
// context.
type K8sTarget struct {
	Context    string
	Kubeconfig []string // the files; none: kubectl's default
}

// KindCluster is the kind cluster's name for a context kind created
// ("kind-lab" → "lab"), "" for another cluster.
func (t K8sTarget) KindCluster() string {
	name, ok := strings.CutPrefix(t.Context, "kind-")
	if !ok {
		return ""
	}
	return name
}

// K8sResult is the JSON answer of the Kubernetes commands.
type K8sResult struct {
	Context    string `json:"context"`
	Namespace  string `json:"namespace,omitempty"`
	Deployment string `json:"deployment"`
	// Image is the image the cluster runs; Manifest the manifest's path.
	Image    string           `json:"image,omitempty"`
	Manifest string           `json:"manifest,omitempty"`
	Status   *k8sproto.Status `json:"status,omitempty"`
	// LocalPort is the port a port-forward listens on (127.0.0.1).
	LocalPort int    `json:"localPort,omitempty"`
	Message   string `json:"message"`
}

// MsgNoK8sContext says there is no cluster to deploy to.
const MsgNoK8sContext = "kubeconfig에 현재 컨텍스트가 없어 배포할 클러스터를 모릅니다. kind 클러스터를 만들거나(`kind create cluster --name lab`), 쓰려는 클러스터를 현재 컨텍스트로 정하십시오(`kubectl config use-context <이름>`)."

var nameInvalid = regexp.MustCompile(`[^a-z0-9-]+`)

// K8sName is the name of the app's Deployment, Service, Ingress and
// manifest: the image's repository, made a DNS label (`my_app` →
// `my-app`).
func K8sName(p Plan) string {
	repo := p.Tag
	if i := strings.LastIndex(repo, "/"); i >= 0 {
		repo = repo[i+1:]
	}
	repo, _, _ = strings.Cut(repo, ":")
	name := strings.Trim(nameInvalid.ReplaceAllString(strings.ToLower(repo), "-"), "-")
	if len(name) > 63 {
		name = strings.TrimRight(name[:63], "-")
	}
	if name == "" {
		name = "app"
	}
	return name
}

// ManifestPath is where the app's manifest lives: k8s/NAME.yaml beside
// the Dockerfile.
func ManifestPath(p Plan) string {
	return filepath.Join(filepath.Dir(p.Dockerfile), "k8s", K8sName(p)+".yaml")
}

// repository is p.Tag without its tag.
func repository(tag string) string {
	if i := strings.LastIndex(tag, ":"); i > strings.LastIndex(tag, "/") {
		return tag[:i]
	}
	return tag
}

// httpPorts are the container ports on which an EXPOSEd app is taken to
// serve HTTP (the generated manifest then has a readiness probe on `/`
// and an Ingress).
var httpPorts = map[int]bool{80: true, 3000: true, 4000: true, 5000: true, 8000: true, 8080: true, 8888: true, 9000: true}

func (s Session) k8sRunner() (K8sRunner, error) {
	if s.K8s == nil {
		return nil, &docker.Error{Kind: docker.Other, Message: "이 연결에서는 Kubernetes 작업을 할 수 없습니다."}
	}
	return s.K8s, nil
}

func (s Session) k8sRequest(t K8sTarget, op string) k8sproto.Request {
	return k8sproto.Request{Op: op, Kubeconfig: t.Kubeconfig, Context: t.Context}
}

// K8sDeploy builds the Dockerfile's image, tags it by its content, puts it
// where the cluster finds it (a kind cluster's nodes, or the registry of
// dockerlab.registry.default), writes k8s/NAME.yaml when it does not exist,
// applies the manifest with the new image and follows the rollout — each
// step printed as the docker, kind or kubectl line it stands for.
func (s Session) K8sDeploy(ctx context.Context, p Plan, t K8sTarget) (K8sResult, error) {
	runner, err := s.k8sRunner()
	if err != nil {
		return K8sResult{}, err
	}
	if t.Context == "" {
		return K8sResult{}, &docker.Error{Kind: docker.Other, Message: MsgNoK8sContext}
	}
	re, err := s.registryEngine()
	if err != nil {
		return K8sResult{}, err
	}
	name := K8sName(p)
	res := K8sResult{Context: t.Context, Deployment: name, Manifest: ManifestPath(p)}
	fmt.Fprintf(s.Out, "# Kubernetes 컨텍스트: %s\n", t.Context)
	built, err := s.Build(ctx, p)
	if err != nil {
		return res, err
	}
	id := strings.TrimPrefix(built.ImageID, "sha256:")
	if len(id) < 12 {
		return res, &docker.Error{Kind: docker.Other, Message: "빌드한 이미지의 ID를 엔진에서 받지 못해 태그를 붙일 수 없습니다."}
	}
	local := repository(p.Tag) + ":" + id[:12]
	s.say("docker tag "+p.Tag+" "+local, "내용에 따라 달라지는 태그를 붙입니다. 이미지가 바뀌면 태그도 바뀌어 Kubernetes가 Pod를 새로 만듭니다")
	if err := re.Tag(ctx, p.Tag, local); err != nil {
		return res, err
	}
	image := local
	if cluster := t.KindCluster(); cluster != "" {
		ke, ok := s.Engine.(KindEngine)
		if !ok {
			return res, &docker.Error{Kind: docker.Other, Message: "이 엔진 연결로는 kind 클러스터에 이미지를 넣을 수 없습니다."}
		}
		s.say("kind load docker-image "+local+" --name "+cluster, "이미지를 kind 클러스터의 노드에 넣습니다. 노드는 내 컴퓨터의 Docker 엔진에 있는 이미지를 보지 못합니다")
		if _, err := ke.KindLoad(ctx, cluster, local, s.Out); err != nil {
			return res, err
		}
	} else {
		host := registryHost(p.PushTarget)
		if host == "" {
			return res, &docker.Error{Kind: docker.Other, Message: fmt.Sprintf("`%s` 클러스터는 kind 클러스터가 아니어서 노드가 레지스트리에서 이미지를 내려받아야 합니다. `dockerlab.registry.default` 설정에 클러스터가 닿는 레지스트리를 적으십시오(예: `127.0.0.1:5000/%s:1.0`).", t.Context, name)}
		}
		image = host + "/" + name + ":" + id[:12]
		if _, err := s.Push(ctx, p, image); err != nil {
			return res, err
		}
	}
	res.Image = image

	text, rel, err := s.manifest(p, name, image)
	if err != nil {
		return res, err
	}
	workload := name
	if _, changed := k8s.SetImage(text, repository(image), image); len(changed) > 0 {
		workload = changed[0].Name
		res.Deployment = workload
	}
	s.say("kubectl apply --server-side -f "+rel, "매니페스트의 오브젝트를 클러스터에 적용합니다")
	s.say("kubectl rollout status deployment/"+workload, "Pod가 새 이미지로 바뀌고 준비될 때까지 기다립니다")
	req := s.k8sRequest(t, k8sproto.OpApply)
	req.Manifest, req.Wait, req.Deployment, req.Service = text, true, workload, name
	out, err := runner.Run(ctx, req, func(l k8sproto.Line) { s.k8sProgress(l) })
	if err != nil {
		return res, err
	}
	res.Namespace, res.Status = out.Namespace, out.Status
	if err := rolloutResult(&res); err != nil {
		return res, err
	}
	s.kindIngressHost(ctx, t.KindCluster(), res.Status)
	if ing := res.Status.Ingress; ing != nil && ing.Address == "" {
		fmt.Fprintln(s.Out, MsgIngressWithoutAddress(ing.Name))
	} else if ing != nil {
		fmt.Fprintln(s.Out, MsgIngressServed(*ing))
	}
	return res, nil
}

// MsgIngressServed says which controller serves an Ingress, at which
// address and paths.
func MsgIngressServed(ing k8sproto.Ingress) string {
	paths := "`" + strings.Join(ing.Paths, "`, `") + "`"
	msg := fmt.Sprintf("# `%s` Ingress는 주소 `%s`에서 경로 %s의 요청을 받습니다", ing.Name, ing.Address, paths)
	if ing.Class != "" {
		msg += fmt.Sprintf("(IngressClass `%s`)", ing.Class)
	}
	if ing.HostPort > 0 {
		msg += fmt.Sprintf(". kind 노드가 Ingress 컨트롤러의 %d 포트(NodePort)를 이 컴퓨터에 연결해 두었으므로 앱은 `%s`에서도 열립니다", k8s.IngressNodePort, ingressURL(ing))
	}
	return msg + "."
}

// ingressURL is where this computer reaches an Ingress's first path.
func ingressURL(ing k8sproto.Ingress) string {
	path := "/"
	if len(ing.Paths) > 0 && strings.HasPrefix(ing.Paths[0], "/") {
		path = ing.Paths[0]
	}
	return "http://" + hostAddress(ing.HostIP, ing.HostPort) + path
}

// kindIngressHost fills where this computer reaches an Ingress that
// dockerlab's controller (Traefik, installed by createCluster) serves in a
// kind cluster: the node container's published port of the controller's
// NodePort, as the engine reports it (whatever the kind configuration).
func (s Session) kindIngressHost(ctx context.Context, cluster string, st *k8sproto.Status) {
	if cluster == "" || st == nil || st.Ingress == nil || st.Ingress.Address == "" || st.Ingress.Class != k8s.IngressClass {
		return
	}
	nodes, err := s.Engine.Containers(ctx, "io.x-k8s.kind.cluster", cluster, false)
	if err != nil {
		return
	}
	for _, n := range nodes {
		for _, p := range n.Ports {
			if p.ContainerPort == k8s.IngressNodePort && p.HostPort > 0 && (p.Protocol == "" || p.Protocol == "tcp") {
				st.Ingress.HostIP, st.Ingress.HostPort = p.HostIP, p.HostPort
				return
			}
		}
	}
}

// MsgIngressWithoutAddress says that an applied Ingress serves nothing
// yet: no controller has taken it.
func MsgIngressWithoutAddress(name string) string {
	return fmt.Sprintf("# `%s` Ingress에는 아직 주소가 없습니다. 이 Ingress를 맡은 Ingress 컨트롤러가 클러스터에 없거나 아직 처리하지 않았다는 뜻이고, 컨트롤러가 없으면 Ingress 규칙은 요청을 받지 않습니다. kind 클러스터라면 kind 문서의 안내대로 컨트롤러를 설치합니다(https://kind.sigs.k8s.io/docs/user/ingress/). 그동안 dockerlab은 port-forward로 앱을 엽니다.", name)
}

// manifest is the manifest to apply, with the new image: k8s/NAME.yaml as
// written (the file is created when missing and never rewritten), and its
// path relative to the Dockerfile's folder.
func (s Session) manifest(p Plan, name, image string) (text, rel string, err error) {
	path := ManifestPath(p)
	rel = filepath.ToSlash(filepath.Join("k8s", filepath.Base(path)))
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		app := k8s.App{Name: name, Image: image}
		for _, port := range p.Ports {
			if port.Exposed && port.Protocol == "tcp" {
				app.Port, app.HTTP = port.Container, httpPorts[port.Container]
				break
			}
		}
		text = k8s.Generate(app)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return "", rel, &docker.Error{Kind: docker.Other, Message: MsgCannotRead(filepath.Dir(path), err)}
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return "", rel, &docker.Error{Kind: docker.Other, Message: MsgCannotRead(path, err)}
		}
		kinds := "Deployment"
		if app.Port > 0 {
			kinds += ", Service"
		}
		if app.HTTP {
			kinds += ", Ingress"
		}
		fmt.Fprintf(s.Out, "# %s 파일을 만들었습니다: %s. 필드마다 한국어 주석이 있습니다.\n", rel, kinds)
		return text, rel, nil
	case err != nil:
		return "", rel, &docker.Error{Kind: docker.Other, Message: MsgCannotRead(path, err)}
	}
	text, changed := k8s.SetImage(string(data), repository(p.Tag), image)
	if len(changed) == 0 {
		return "", rel, &docker.Error{Kind: docker.Other, Message: fmt.Sprintf("%s 파일에서 `%s` 이미지를 쓰는 컨테이너를 찾지 못했습니다. 컨테이너의 `image` 값을 `%s`로 적으십시오.", rel, repository(p.Tag), image)}
	}
	for _, w := range changed {
		s.say(fmt.Sprintf("kubectl set image %s/%s *=%s", strings.ToLower(w.Kind), w.Name, image), "파일은 그대로 두고, 적용할 때 이미지 태그만 이번 빌드의 것으로 바꿉니다")
	}
	return text, rel, nil
}

// registryHost is the registry of a push target ("127.0.0.1:5000" of
// "127.0.0.1:5000/getting-started:1.0"), "" when it names none.
func registryHost(target string) string {
	host, _, ok := strings.Cut(target, "/")
	if !ok || !strings.ContainsAny(host, ".:") && host != "localhost" {
		return ""
	}
	return host
}

// k8sProgress prints an event as kubectl prints it, and a rollout's Pods
// as they change.
func (s Session) k8sProgress(l k8sproto.Line) {
	switch {
	case l.Log != nil:
		fmt.Fprintln(s.Out, *l.Log)
	case l.Event == nil:
	case l.Event.Object != nil:
		action := l.Event.Action
		if l.Event.Kind == "deleted" {
			action = "deleted"
		}
		fmt.Fprintf(s.Out, "%s/%s %s\n", resourceName(*l.Event.Object), l.Event.Object.Name, action)
	case l.Event.Status != nil:
		st := l.Event.Status
		fmt.Fprintf(s.Out, "Deployment %s: Pod %d/%d 준비됨\n", st.Deployment, st.Ready, st.Desired)
		for _, p := range st.Pods {
			line := fmt.Sprintf("  Pod %s: %s", p.Name, p.Phase)
			if p.Ready {
				line += ", 준비됨"
			}
			if p.Reason != "" {
				line += ", " + p.Reason
			}
			fmt.Fprintln(s.Out, line)
		}
	}
}

// resourceName is how kubectl names an object's resource in its output
// ("deployment.apps", "service", "ingress.networking.k8s.io").
func resourceName(o k8sproto.Object) string {
	kind := strings.ToLower(o.Kind)
	group, _, ok := strings.Cut(o.APIVersion, "/")
	if !ok {
		return kind
	}
	return kind + "." + group
}

// rolloutResult says how the rollout ended: ready, or why not in Korean
// with Kubernetes' own reason (an error, so the editor shows it as one).
func rolloutResult(res *K8sResult) error {
	st := res.Status
	if st == nil || !st.Found {
		res.Message = fmt.Sprintf("매니페스트를 적용했지만 Deployment `%s`를 찾지 못했습니다.", res.Deployment)
		return &docker.Error{Kind: docker.Other, Message: res.Message}
	}
	if st.Complete {
		res.Message = fmt.Sprintf("Kubernetes에 배포했습니다: Deployment `%s`의 Pod %d/%d개가 준비되었습니다(`%s`).", st.Deployment, st.Ready, st.Desired, res.Image)
		return nil
	}
	for _, p := range st.Pods {
		if p.Reason != "" && !p.Ready {
			res.Message = PodReason(p)
			return &docker.Error{Kind: docker.Other, Message: res.Message, Err: errors.New(strings.TrimSpace(p.Reason + ": " + p.Message))}
		}
	}
	res.Message = fmt.Sprintf("Deployment `%s`의 Pod가 제한 시간 안에 준비되지 않았습니다(%d/%d). `kubectl describe deployment %s` 명령으로 이유를 확인하십시오.", st.Deployment, st.Ready, st.Desired, st.Deployment)
	return &docker.Error{Kind: docker.Other, Message: res.Message}
}

// PodReason explains in Korean why a Pod is not ready, keeping
// Kubernetes' reason.
func PodReason(p k8sproto.Pod) string {
	switch p.Reason {
	case "ImagePullBackOff", "ErrImagePull", "ErrImageNeverPull":
		return fmt.Sprintf("Pod `%s`가 이미지 `%s`를 내려받지 못했습니다(`%s`). 이미지를 클러스터에 넣지 않았거나 `latest` 태그라서 레지스트리에서 내려받으려 합니다. kind 클러스터라면 `kind load docker-image` 명령으로 이미지를 노드에 넣고 태그를 붙이십시오. 다른 클러스터라면 레지스트리에 올린 이미지를 쓰십시오.", p.Name, p.Image, p.Reason)
	case "CrashLoopBackOff", "Error":
		msg := fmt.Sprintf("Pod `%s`의 컨테이너가 시작한 뒤 끝나 버려 Kubernetes가 다시 시작하고 있습니다(`%s`, 재시작 %d번). 컨테이너의 마지막 로그를 확인하십시오.", p.Name, p.Reason, p.Restarts)
		if len(p.LastLogs) > 0 {
			msg += "\n" + strings.Join(p.LastLogs, "\n")
		}
		return msg
	case "InvalidImageName":
		return fmt.Sprintf("Pod `%s`의 이미지 이름 `%s`는 쓸 수 없는 이름입니다(`InvalidImageName`).", p.Name, p.Image)
	case "CreateContainerConfigError":
		return fmt.Sprintf("Pod `%s`의 컨테이너 설정에 문제가 있습니다(`CreateContainerConfigError`): %s. 없는 ConfigMap이나 Secret을 가리키는지 확인하십시오.", p.Name, p.Message)
	case "Unschedulable":
		return fmt.Sprintf("Pod `%s`를 실행할 노드가 없습니다(`Unschedulable`): %s", p.Name, p.Message)
	}
	return fmt.Sprintf("Pod `%s`가 준비되지 않았습니다(`%s`). %s", p.Name, p.Reason, p.Message)
}

// K8sStatus reads the app's Deployment, Pods, Service and Ingress.
func (s Session) K8sStatus(ctx context.Context, p Plan, t K8sTarget) (K8sResult, error) {
	runner, err := s.k8sRunner()
	if err != nil {
		return K8sResult{}, err
	}
	if t.Context == "" {
		return K8sResult{}, &docker.Error{Kind: docker.Other, Message: MsgNoK8sContext}
	}
	name := K8sName(p)
	req := s.k8sRequest(t, k8sproto.OpStatus)
	req.Deployment, req.Service = name, name
	out, err := runner.Run(ctx, req, nil)
	res := K8sResult{Context: t.Context, Deployment: name, Manifest: ManifestPath(p)}
	if err != nil {
		return res, err
	}
	res.Namespace, res.Status = out.Namespace, out.Status
	s.kindIngressHost(ctx, t.KindCluster(), res.Status)
	switch st := out.Status; {
	case !st.Found:
		res.Message = fmt.Sprintf("`%s` 클러스터에 Deployment `%s`가 없습니다.", t.Context, name)
	default:
		res.Message = fmt.Sprintf("Deployment `%s`: Pod %d/%d개 준비됨.", name, st.Ready, st.Desired)
	}
	return res, nil
}

// K8sDelete deletes what the app's manifest creates, as `kubectl delete
// -f k8s/NAME.yaml` does, and waits until it is gone.
func (s Session) K8sDelete(ctx context.Context, p Plan, t K8sTarget) (K8sResult, error) {
	runner, err := s.k8sRunner()
	if err != nil {
		return K8sResult{}, err
	}
	if t.Context == "" {
		return K8sResult{}, &docker.Error{Kind: docker.Other, Message: MsgNoK8sContext}
	}
	path := ManifestPath(p)
	res := K8sResult{Context: t.Context, Deployment: K8sName(p), Manifest: path}
	data, err := os.ReadFile(path)
	if err != nil {
		return res, &docker.Error{Kind: docker.NotFound, Message: MsgCannotRead(path, err)}
	}
	rel := filepath.ToSlash(filepath.Join("k8s", filepath.Base(path)))
	s.say("kubectl delete -f "+rel, "매니페스트가 만든 오브젝트를 삭제합니다. 매니페스트 파일은 남습니다")
	req := s.k8sRequest(t, k8sproto.OpDelete)
	req.Manifest = string(data)
	out, err := runner.Run(ctx, req, func(l k8sproto.Line) { s.k8sProgress(l) })
	if err != nil {
		return res, err
	}
	res.Namespace = out.Namespace
	res.Message = fmt.Sprintf("`%s` 클러스터에서 오브젝트 %d개를 삭제했습니다. %s 파일은 그대로 있습니다.", t.Context, len(out.Objects), rel)
	return res, nil
}

// The Kubernetes commands.
const (
	CommandK8sDeploy          = "dockerlab.k8s.deploy"
	CommandK8sStatus          = "dockerlab.k8s.status"
	CommandK8sDelete          = "dockerlab.k8s.delete"
	CommandK8sOpenPortForward = "dockerlab.k8s.openPortForward"
	CommandK8sLogs            = "dockerlab.k8s.logs"
	CommandK8sCreateCluster   = "dockerlab.k8s.createCluster"
	CommandK8sDeleteCluster   = "dockerlab.k8s.deleteCluster"
)

// K8sLenses are the Kubernetes lenses at the last stage's FROM: deploy to
// the current context, then, once the app's Deployment is known there, its
// state (Pods ready, or why not) with the browser through a port-forward,
// its logs and deleting what the manifest made.
func K8sLenses(m *dockerfile.Model, uri, context string, st *k8sproto.Status) []Lens {
	if len(m.Stages) == 0 || context == "" {
		return nil
	}
	at := m.Stages[len(m.Stages)-1].From.KeywordSpan
	a := Args{URI: uri}
	out := []Lens{{Span: at, Title: "☸ K8s에 배포", Command: CommandK8sDeploy, Args: a}}
	if st == nil || !st.Found {
		return out
	}
	state := fmt.Sprintf("☸ Pod %d/%d 준비됨", st.Ready, st.Desired)
	if st.Ready < st.Desired {
		state = fmt.Sprintf("☸ Pod %d/%d", st.Ready, st.Desired)
		for _, p := range st.Pods {
			if p.Reason != "" && !p.Ready {
				state += " · " + p.Reason
				break
			}
		}
	}
	out = append(out, Lens{Span: at, Title: state + " (" + context + ")", Command: CommandK8sStatus, Args: a})
	if st.Ready > 0 && st.Service != nil {
		out = append(out, Lens{Span: at, Title: "브라우저에서 열기 (port-forward)", Command: CommandK8sOpenPortForward, Args: a})
	}
	if ing := st.Ingress; st.Ready > 0 && ing != nil && ing.HostPort > 0 && slices.Contains(ing.Paths, "/") {
		out = append(out, Lens{Span: at, Title: "브라우저에서 열기 (Ingress)", Command: CommandOpenInBrowser,
			Args: Args{URI: uri, HostIP: ing.HostIP, HostPort: ing.HostPort}})
	}
	return append(out,
		Lens{Span: at, Title: "로그", Command: CommandK8sLogs, Args: a},
		Lens{Span: at, Title: "K8s에서 삭제", Command: CommandK8sDelete, Args: a})
}

// K8sPodsResult is the Result of a Kubernetes command: the forwarded port
// as a published port (so the editor offers the browser), and the
// Kubernetes answer.
func K8sPodsResult(r K8sResult) Result {
	out := Result{Image: r.Image, Containers: []ContainerResult{}, Message: r.Message, K8s: &r}
	if r.LocalPort > 0 {
		name := r.Deployment
		if r.Status != nil && len(r.Status.Pods) > 0 {
			name = r.Status.Pods[0].Name
		}
		port := 0
		if r.Status != nil && r.Status.Service != nil && len(r.Status.Service.Ports) > 0 {
			port = int(r.Status.Service.Ports[0].Port)
		}
		out.Containers = append(out.Containers, ContainerResult{Name: name, State: "running",
			Ports: []PortResult{{HostIP: DefaultBindAddress, HostPort: r.LocalPort, ContainerPort: port, Protocol: "tcp"}}})
	}
	return out
}

// SayPortForward prints the kubectl line a port-forward stands for.
func (s Session) SayPortForward(service string, local, port int) {
	s.say(fmt.Sprintf("kubectl port-forward svc/%s %d:%d", service, local, port),
		fmt.Sprintf("127.0.0.1:%d로 들어온 요청을 Service의 Pod로 보냅니다. dockerlab이 열어 두며, 다시 배포하면 새 Pod로 다시 엽니다", local))
}

// K8sLogs follows the logs of the app's newest Pod (`kubectl logs -f
// deployment/NAME`) into out until ctx ends.
func (s Session) K8sLogs(ctx context.Context, p Plan, t K8sTarget, out io.Writer) error {
	runner, err := s.k8sRunner()
	if err != nil {
		return err
	}
	if t.Context == "" {
		return &docker.Error{Kind: docker.Other, Message: MsgNoK8sContext}
	}
	name := K8sName(p)
	fmt.Fprintf(out, "$ kubectl logs -f deployment/%s    # Pod의 출력을 따라 읽습니다 (%s)\n", name, t.Context)
	req := s.k8sRequest(t, k8sproto.OpLogs)
	req.Deployment = name
	_, err = runner.Run(ctx, req, func(l k8sproto.Line) {
		if l.Log != nil {
			fmt.Fprintln(out, *l.Log)
		}
	})
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// MsgNoK8sForward says there is no ready Pod behind a Service to forward to.
func MsgNoK8sForward(deployment string) string {
	return fmt.Sprintf("Deployment `%s`에 준비된 Pod나 Service가 없어 port-forward를 열 수 없습니다. 먼저 `☸ K8s에 배포`를 실행하십시오.", deployment)
}

// MsgK8sForward says where the app answers through the port-forward.
func MsgK8sForward(deployment string, port int) string {
	return fmt.Sprintf("Deployment `%s`의 Service를 127.0.0.1:%d로 열었습니다(port-forward).", deployment, port)
}

package lab

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/k8s"
	"github.com/dockerlab/dockerlab/server/k8sproto"
)

// DefaultClusterName is the kind cluster createCluster makes unless
// dockerlab.k8s.clusterName says otherwise; its context is kind-lab.
const DefaultClusterName = "lab"

// ClusterSpec is the kind cluster to create or delete.
type ClusterSpec struct {
	Name string
	// NodeImage is the node image ("" for kind's default).
	NodeImage string
	// KindConfig is a kind configuration file ("" for dockerlab's).
	KindConfig string
	// DockerHost is the engine the nodes run on.
	DockerHost string
	// IngressImage is the Ingress controller's image ("" for
	// k8s.DefaultIngressImage).
	IngressImage string
}

// ClusterName is the cluster a command acts on: the one it names, else the
// setting's, else DefaultClusterName.
func ClusterName(arg string, s Settings) string {
	for _, n := range []string{arg, s.K8s.ClusterName} {
		if n = strings.TrimSpace(n); n != "" {
			return n
		}
	}
	return DefaultClusterName
}

// validClusterName: kind's rule (a DNS label, as its node containers and
// context are named after it).
func validClusterName(n string) bool {
	if n == "" || len(n) > 50 || n[0] == '-' || n[len(n)-1] == '-' {
		return false
	}
	for _, r := range n {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// K8sCreateCluster creates a kind cluster as `kind create cluster --name
// NAME` does and makes its context current, explaining on the way what a
// cluster, a node, a context and kubeconfig are.
func (s Session) K8sCreateCluster(ctx context.Context, c ClusterSpec) (K8sResult, error) {
	runner, err := s.k8sRunner()
	if err != nil {
		return K8sResult{}, err
	}
	if !validClusterName(c.Name) {
		return K8sResult{}, &docker.Error{Kind: docker.Other, Message: fmt.Sprintf("`%s` 이름은 kind 클러스터 이름으로 쓸 수 없습니다. 소문자, 숫자, `-`만 쓰십시오(`dockerlab.k8s.clusterName` 설정).", c.Name)}
	}
	req := k8sproto.Request{Op: k8sproto.OpCreateCluster, Cluster: c.Name, NodeImage: c.NodeImage, DockerHost: c.DockerHost}
	line := "kind create cluster --name " + c.Name
	if c.KindConfig != "" {
		data, err := os.ReadFile(c.KindConfig)
		if err != nil {
			return K8sResult{}, &docker.Error{Kind: docker.Other, Message: fmt.Sprintf("kind 설정 파일을 읽지 못했습니다: `%s` (`dockerlab.k8s.kindConfig` 설정)", c.KindConfig), Err: err}
		}
		req.KindConfig = string(data)
		line += " --config " + c.KindConfig
	}
	if c.NodeImage != "" {
		line += " --image " + c.NodeImage
	}
	fmt.Fprintln(s.Out, "# 클러스터는 Kubernetes가 하나로 관리하는 노드들의 묶음입니다. 노드는 Pod를 실행하는 컴퓨터 한 대이고, kind는 노드 하나를 Docker 컨테이너 하나로 만듭니다.")
	fmt.Fprintln(s.Out, "# 클러스터의 주소와 자격 증명은 kubeconfig 파일(기본 `~/.kube/config`)에 컨텍스트라는 이름으로 저장됩니다. kubectl과 dockerlab은 현재 컨텍스트의 클러스터에서 작업합니다.")
	s.say(line, fmt.Sprintf("kind 클러스터를 만들고 kubeconfig의 현재 컨텍스트를 이 클러스터의 컨텍스트(`kind-%s`)로 바꿉니다. 처음에는 노드 이미지를 준비하느라 몇 분 걸릴 수 있습니다", c.Name))
	out, err := runner.Run(ctx, req, func(l k8sproto.Line) {
		if l.Event != nil && l.Event.Text != "" {
			fmt.Fprintln(s.Out, l.Event.Text)
		}
	})
	res := K8sResult{Context: "kind-" + c.Name}
	if err != nil {
		return res, err
	}
	if out.Context != "" {
		res.Context = out.Context
	}
	res.Message = fmt.Sprintf("`%s` kind 클러스터를 만들었습니다. 현재 컨텍스트: `%s`", c.Name, res.Context)
	if err := s.installIngress(ctx, runner, c, res.Context); err != nil {
		// The cluster works without it; the Ingress just serves nothing.
		fmt.Fprintln(s.Out, "# "+MsgIngressNotInstalled(err))
		res.Message += ". " + MsgIngressNotInstalled(err)
	}
	s.say("kubectl cluster-info --context "+res.Context, "이제 이 컨텍스트의 클러스터에 배포할 수 있습니다. Dockerfile 위의 `☸ K8s에 배포`를 누르십시오")
	return res, nil
}

// installIngress installs the Ingress controller (Traefik) in a new kind
// cluster, as kind's Ingress guide has one installed with `kubectl apply`:
// the image goes into the nodes when the local engine has it, otherwise
// the node pulls it; then the rollout is followed until it is ready.
func (s Session) installIngress(ctx context.Context, runner K8sRunner, c ClusterSpec, kctx string) error {
	image := c.IngressImage
	if image == "" {
		image = k8s.DefaultIngressImage
	}
	fmt.Fprintln(s.Out, "# Ingress는 클러스터 밖의 HTTP 요청을 경로에 따라 Service로 보내는 규칙이고, 규칙을 실제로 처리하는 것은 Ingress 컨트롤러입니다. dockerlab은 컨트롤러로 Traefik을 설치합니다.")
	// Pods reach the API server through the Service `kubernetes`, which
	// works once kube-proxy has written its rules; CoreDNS is ready only
	// after it reached the API server that way. A controller started
	// earlier waits out a connection timeout (30 s) before it sees any
	// Ingress.
	s.say("kubectl -n kube-system rollout status deployment/coredns", "클러스터 DNS(CoreDNS)가 준비될 때까지 기다립니다. 준비되었다면 Pod가 API 서버에 닿는다는 뜻이고, Ingress 컨트롤러도 API 서버에서 Ingress를 읽습니다")
	dns := k8sproto.Request{Op: k8sproto.OpStatus, Context: kctx, Namespace: "kube-system", Deployment: "coredns", Wait: true}
	if out, err := runner.Run(ctx, dns, func(l k8sproto.Line) { s.k8sProgress(l) }); err != nil || out.Status == nil || !out.Status.Complete {
		if err == nil {
			err = errors.New("CoreDNS not ready")
		}
		fmt.Fprintf(s.Out, "# 클러스터 DNS(CoreDNS)가 아직 준비되지 않았습니다(%v). Traefik은 API 서버에 닿는 대로 Ingress를 처리합니다.\n", err)
	}
	if ke, ok := s.Engine.(KindEngine); ok && s.engineHas(ctx, image) {
		s.say("kind load docker-image "+image+" --name "+c.Name, "로컬 엔진에 있는 Ingress 컨트롤러 이미지를 노드에 넣습니다")
		if _, err := ke.KindLoad(ctx, c.Name, image, s.Out); err != nil {
			return err
		}
	}
	s.say("kubectl apply --server-side -f -", fmt.Sprintf("dockerlab의 Traefik 매니페스트로 `%s` 네임스페이스에 Traefik(이미지 `%s`)을 설치하고 클러스터의 기본 IngressClass(`%s`)를 만듭니다", k8s.IngressNamespace, image, k8s.IngressClass))
	s.say(fmt.Sprintf("kubectl -n %s rollout status deployment/%s", k8s.IngressNamespace, k8s.IngressDeployment), "컨트롤러가 준비될 때까지 기다립니다")
	req := k8sproto.Request{Op: k8sproto.OpApply, Context: kctx, Namespace: k8s.IngressNamespace, Manifest: k8s.IngressController(image),
		Wait: true, Deployment: k8s.IngressDeployment, Service: k8s.IngressDeployment}
	out, err := runner.Run(ctx, req, func(l k8sproto.Line) { s.k8sProgress(l) })
	if err != nil {
		return err
	}
	res := K8sResult{Deployment: k8s.IngressDeployment, Status: out.Status, Image: image}
	if err := rolloutResult(&res); err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "# Traefik이 준비되었습니다. 노드의 %d 포트(NodePort)로 들어온 요청을 Ingress 규칙에 따라 보냅니다. dockerlab의 기본 kind 설정은 이 포트를 내 컴퓨터의 `127.0.0.1:%d`에 연결합니다.\n", k8s.IngressNodePort, k8s.IngressNodePort)
	return nil
}

// engineHas reports whether the engine has the image ref (hasImage's
// reading of references); an engine that does not answer has none.
func (s Session) engineHas(ctx context.Context, ref string) bool {
	imgs, err := s.Engine.Images(ctx)
	return err == nil && hasImage(imgs, ref)
}

// MsgIngressNotInstalled says that the cluster works but its Ingress
// controller did not start, with the cause.
func MsgIngressNotInstalled(err error) string {
	return fmt.Sprintf("클러스터는 준비되었지만 Ingress 컨트롤러(Traefik)가 준비되지 않았습니다: %v. Ingress 규칙은 요청을 받지 않지만, 배포한 앱은 port-forward로 열 수 있습니다", err)
}

// K8sDeleteCluster deletes a kind cluster dockerlab created, as `kind
// delete cluster --name NAME` does; the helper refuses any other.
func (s Session) K8sDeleteCluster(ctx context.Context, c ClusterSpec) (K8sResult, error) {
	runner, err := s.k8sRunner()
	if err != nil {
		return K8sResult{}, err
	}
	if !validClusterName(c.Name) {
		return K8sResult{}, &docker.Error{Kind: docker.Other, Message: fmt.Sprintf("`%s` 이름은 kind 클러스터 이름으로 쓸 수 없습니다. 소문자, 숫자, `-`만 쓰십시오(`dockerlab.k8s.clusterName` 설정).", c.Name)}
	}
	choice, err := s.UI.Ask(ctx, fmt.Sprintf("`%s` kind 클러스터와 그 안의 Pod, 오브젝트를 모두 지웁니다. 되돌릴 수 없습니다. 지울까요?", c.Name), []string{"클러스터 삭제", "취소"})
	if err != nil {
		return K8sResult{}, err
	}
	if choice != 0 {
		return K8sResult{}, ErrCanceled
	}
	s.say("kind delete cluster --name "+c.Name, "클러스터의 노드 컨테이너를 지우고 kubeconfig에서 그 컨텍스트를 뺍니다. 클러스터 안의 Pod와 오브젝트도 함께 사라집니다")
	_, err = runner.Run(ctx, k8sproto.Request{Op: k8sproto.OpDeleteCluster, Cluster: c.Name, DockerHost: c.DockerHost}, func(l k8sproto.Line) {
		if l.Event != nil && l.Event.Text != "" {
			fmt.Fprintln(s.Out, l.Event.Text)
		}
	})
	res := K8sResult{Context: "kind-" + c.Name}
	if err != nil {
		return res, err
	}
	res.Message = fmt.Sprintf("`%s` kind 클러스터를 삭제했습니다.", c.Name)
	return res, nil
}

// K8sNodes asks the context's cluster for its nodes (`kubectl get nodes`).
func (s Session) K8sNodes(ctx context.Context, t K8sTarget) ([]k8sproto.Node, error) {
	runner, err := s.k8sRunner()
	if err != nil {
		return nil, err
	}
	out, err := runner.Run(ctx, s.k8sRequest(t, k8sproto.OpContext), nil)
	if err != nil {
		return nil, err
	}
	return out.Nodes, nil
}

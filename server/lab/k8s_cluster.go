package lab

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
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
	s.say(line, fmt.Sprintf("kind 클러스터를 만들고 kubeconfig의 현재 컨텍스트를 `kind-%s`로 바꿉니다. 처음에는 노드 이미지를 준비하느라 몇 분 걸릴 수 있습니다", c.Name))
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
	s.say("kubectl cluster-info --context "+res.Context, "이제 이 컨텍스트의 클러스터에 배포할 수 있습니다. Dockerfile 위의 `☸ K8s에 배포`를 누르십시오")
	res.Message = fmt.Sprintf("`%s` kind 클러스터를 만들었습니다. 현재 컨텍스트: `%s`", c.Name, res.Context)
	return res, nil
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

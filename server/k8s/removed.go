package k8s

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// removed are API versions of common kinds that Kubernetes stopped
// serving, with the version that replaced each (the Kubernetes deprecated
// API migration guide). Old tutorials and charts still carry them; the API
// server answers `no matches for kind`. Kept per kind: some of these
// group-versions still serve other, newer kinds.
var removed = map[string]string{
	"extensions/v1beta1 Deployment":                        "apps/v1",
	"extensions/v1beta1 DaemonSet":                         "apps/v1",
	"extensions/v1beta1 ReplicaSet":                        "apps/v1",
	"extensions/v1beta1 Ingress":                           "networking.k8s.io/v1",
	"extensions/v1beta1 NetworkPolicy":                     "networking.k8s.io/v1",
	"apps/v1beta1 Deployment":                              "apps/v1",
	"apps/v1beta1 StatefulSet":                             "apps/v1",
	"apps/v1beta2 Deployment":                              "apps/v1",
	"apps/v1beta2 DaemonSet":                               "apps/v1",
	"apps/v1beta2 ReplicaSet":                              "apps/v1",
	"apps/v1beta2 StatefulSet":                             "apps/v1",
	"networking.k8s.io/v1beta1 Ingress":                    "networking.k8s.io/v1",
	"networking.k8s.io/v1beta1 IngressClass":               "networking.k8s.io/v1",
	"batch/v1beta1 CronJob":                                "batch/v1",
	"policy/v1beta1 PodDisruptionBudget":                   "policy/v1",
	"autoscaling/v2beta1 HorizontalPodAutoscaler":          "autoscaling/v2",
	"autoscaling/v2beta2 HorizontalPodAutoscaler":          "autoscaling/v2",
	"rbac.authorization.k8s.io/v1beta1 Role":               "rbac.authorization.k8s.io/v1",
	"rbac.authorization.k8s.io/v1beta1 ClusterRole":        "rbac.authorization.k8s.io/v1",
	"rbac.authorization.k8s.io/v1beta1 RoleBinding":        "rbac.authorization.k8s.io/v1",
	"rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding": "rbac.authorization.k8s.io/v1",
	"scheduling.k8s.io/v1beta1 PriorityClass":              "scheduling.k8s.io/v1",
	"storage.k8s.io/v1beta1 StorageClass":                  "storage.k8s.io/v1",
	"storage.k8s.io/v1beta1 CSIDriver":                     "storage.k8s.io/v1",
	"storage.k8s.io/v1beta1 CSINode":                       "storage.k8s.io/v1",
	"storage.k8s.io/v1beta1 VolumeAttachment":              "storage.k8s.io/v1",
	"coordination.k8s.io/v1beta1 Lease":                    "coordination.k8s.io/v1",
}

// removedVersion reports an object whose API version Kubernetes no longer
// serves, on its apiVersion value, with the version to use.
func removedVersion(a *API, text string, o Object) (Problem, bool) {
	to, ok := removed[o.APIVersion+" "+o.Kind]
	if !ok || a.Kind(to, o.Kind) == nil {
		return Problem{}, false
	}
	c := checker{api: a, text: text}
	var at *yaml.Node = deref(mappingValue(o.Node, "apiVersion"))
	c.add(at, "RemovedAPIVersion", fmt.Sprintf(
		"Kubernetes는 이 API 버전의 `%s` 오브젝트를 더 이상 받지 않습니다(`%s`). `%s` 버전으로 바꾸십시오. 버전을 바꾸면 필드도 달라졌을 수 있으니 바꾼 뒤의 진단을 확인하십시오.",
		o.Kind, o.APIVersion, to), "no longer served: "+o.APIVersion+" "+o.Kind, to)
	return c.out[0], true
}

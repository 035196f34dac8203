package k8s

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dockerlab/dockerlab/server/yamlspan"
	"gopkg.in/yaml.v3"
)

// workloads are the kinds whose spec.template is a Pod template with
// spec.selector choosing its Pods (apps/v1 requires that the selector
// match the template's labels).
var workloads = map[string]bool{
	"apps/v1 Deployment": true, "apps/v1 ReplicaSet": true, "apps/v1 StatefulSet": true, "apps/v1 DaemonSet": true,
}

// podTemplate is an object's Pod template mapping (a Pod's own root for a
// Pod), nil for other kinds.
func podTemplate(o Object) *yaml.Node {
	switch {
	case o.APIVersion == "v1" && o.Kind == "Pod":
		return o.Node
	case workloads[o.APIVersion+" "+o.Kind], o.APIVersion == "batch/v1" && o.Kind == "Job":
		return deref(path(o.Node, "spec", "template"))
	case o.APIVersion == "batch/v1" && o.Kind == "CronJob":
		return deref(path(o.Node, "spec", "jobTemplate", "spec", "template"))
	}
	return nil
}

func path(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n = mappingValue(deref(n), k)
	}
	return n
}

// stringMap reads a mapping of scalars (labels, a selector).
func stringMap(n *yaml.Node) map[string]string {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := map[string]string{}
	explicit, merged := fields(n)
	for _, kv := range append(explicit, merged...) {
		if _, seen := out[kv[0].Value]; !seen {
			out[kv[0].Value] = scalar(kv[1])
		}
	}
	return out
}

func (c *checker) semantics(o Object, opts Options) {
	if workloads[o.APIVersion+" "+o.Kind] {
		c.selectorMatches(o)
	}
	if opts.KindCluster {
		if t := podTemplate(o); t != nil {
			for _, ctr := range containers(t) {
				c.pullOnKind(ctr)
			}
		}
	}
}

// selectorMatches: every matchLabels pair must be among the template's
// labels, or the API server refuses the object ("selector does not match
// template labels").
func (c *checker) selectorMatches(o Object) {
	sel := path(o.Node, "spec", "selector", "matchLabels")
	want := stringMap(sel)
	if len(want) == 0 || path(o.Node, "spec", "selector", "matchExpressions") != nil {
		return
	}
	have := stringMap(path(o.Node, "spec", "template", "metadata", "labels"))
	var missing []string
	for k, v := range want {
		if got, ok := have[k]; !ok || got != v {
			missing = append(missing, k+": "+v)
		}
	}
	if len(missing) == 0 {
		return
	}
	sort.Strings(missing)
	c.add(deref(sel), "SelectorMismatch", fmt.Sprintf(
		"`spec.selector.matchLabels` 값이 `spec.template.metadata.labels` 레이블과 맞지 않습니다(템플릿에 없는 레이블: `%s`). %s 오브젝트는 `spec.selector` 필드로 자기 Pod를 찾으므로 API 서버가 이 오브젝트를 거부합니다.",
		strings.Join(missing, "`, `"), o.Kind), "selector does not match template labels", "")
}

// containers are a Pod template's (or Pod's) containers.
func containers(template *yaml.Node) []*yaml.Node {
	seq := deref(path(template, "spec", "containers"))
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return nil
	}
	var out []*yaml.Node
	for _, c := range seq.Content {
		if c = deref(c); c.Kind == yaml.MappingNode {
			out = append(out, c)
		}
	}
	return out
}

// pullOnKind: an image tagged latest (or untagged) without an
// imagePullPolicy is pulled from its registry every time (the default
// policy is Always then); a kind node holds only the images loaded into it,
// so the Pod stays in ErrImagePull / ImagePullBackOff.
func (c *checker) pullOnKind(ctr *yaml.Node) {
	img := deref(mappingValue(ctr, "image"))
	if img == nil || img.Kind != yaml.ScalarNode || mappingValue(ctr, "imagePullPolicy") != nil {
		return
	}
	if !latestTag(img.Value) {
		return
	}
	p := Problem{Span: yamlspan.Node(c.text, img), Code: "ImagePullOnKind", Warning: true, Suggest: "IfNotPresent",
		Detail: "imagePullPolicy defaults to Always for :latest or untagged images",
		Message: "태그를 붙이지 않았거나 `latest` 태그를 붙인 이미지는 `imagePullPolicy` 기본값이 `Always` 값이라서 Pod가 시작할 때마다 레지스트리에서 내려받으려 합니다. " +
			"kind에서는 내려받기를 시도해 실패합니다(`kind load docker-image` 명령으로 넣은 이미지는 노드에만 있습니다). `imagePullPolicy: IfNotPresent` 설정을 쓰거나 `latest` 태그가 아닌 태그를 붙이십시오."}
	c.out = append(c.out, p)
}

// latestTag reports whether an image reference means the latest tag:
// written `:latest` or no tag and no digest.
func latestTag(ref string) bool {
	if strings.Contains(ref, "@") {
		return false
	}
	last := ref[strings.LastIndex(ref, "/")+1:]
	i := strings.LastIndex(last, ":")
	return i < 0 || last[i+1:] == "latest"
}

// servicePorts warns about a Service port whose targetPort no container
// of the Pods it selects declares, when those Pods are in the same file:
// a name no container gives resolves to nothing (the Service has no
// endpoints); a number no container lists may still be served, but
// usually is a slip (the app listens elsewhere).
func servicePorts(f File) []Problem {
	type podPorts struct {
		labels  map[string]string
		numbers map[int]bool
		names   map[string]bool
	}
	var pods []podPorts
	for _, o := range f.Objects {
		t := podTemplate(o)
		if t == nil {
			continue
		}
		pp := podPorts{labels: stringMap(path(t, "metadata", "labels")), numbers: map[int]bool{}, names: map[string]bool{}}
		for _, ctr := range containers(t) {
			ports := deref(mappingValue(ctr, "ports"))
			if ports == nil || ports.Kind != yaml.SequenceNode {
				continue
			}
			for _, p := range ports.Content {
				if n, err := strconv.Atoi(scalar(path(p, "containerPort"))); err == nil {
					pp.numbers[n] = true
				}
				if name := scalar(path(p, "name")); name != "" {
					pp.names[name] = true
				}
			}
		}
		pods = append(pods, pp)
	}
	var out []Problem
	for _, o := range f.Objects {
		if o.APIVersion != "v1" || o.Kind != "Service" {
			continue
		}
		sel := stringMap(path(o.Node, "spec", "selector"))
		if len(sel) == 0 {
			continue
		}
		var chosen []podPorts
		for _, p := range pods {
			if subset(sel, p.labels) {
				chosen = append(chosen, p)
			}
		}
		if len(chosen) == 0 {
			continue
		}
		ports := deref(path(o.Node, "spec", "ports"))
		if ports == nil || ports.Kind != yaml.SequenceNode {
			continue
		}
		for _, sp := range ports.Content {
			target := deref(path(sp, "targetPort"))
			if target == nil {
				target = deref(path(sp, "port"))
			}
			if target == nil || target.Kind != yaml.ScalarNode {
				continue
			}
			if n, err := strconv.Atoi(target.Value); err == nil {
				declared, any := false, false
				for _, p := range chosen {
					declared = declared || p.numbers[n]
					any = any || len(p.numbers) > 0
				}
				if !declared && any {
					out = append(out, Problem{Span: yamlspan.Node(f.Text, target), Code: "TargetPortUndeclared", Warning: true,
						Detail:  "no selected container declares containerPort " + target.Value,
						Message: fmt.Sprintf("이 Service가 고르는 Pod의 컨테이너는 %d번 포트를 선언하지 않았습니다(`containerPort`). 앱이 %d번 포트에서 요청을 받는지 확인하십시오. 다른 포트에서 받는다면 `targetPort` 값을 그 포트로 바꿉니다.", n, n)})
				}
				continue
			}
			named := false
			for _, p := range chosen {
				named = named || p.names[target.Value]
			}
			if !named {
				out = append(out, Problem{Span: yamlspan.Node(f.Text, target), Code: "TargetPortUndeclared",
					Detail:  "no selected container has a port named " + target.Value,
					Message: fmt.Sprintf("이 Service가 고르는 Pod의 컨테이너 가운데 이름으로 가리킨 포트(`%s`)를 선언한 것이 없습니다. 이 이름을 찾지 못하면 Service가 요청을 보낼 곳이 없습니다. 컨테이너 포트에 `name: %s` 항목을 붙이거나 `targetPort` 값을 포트 번호로 바꾸십시오.", target.Value, target.Value)})
			}
		}
	}
	return out
}

func subset(sel, labels map[string]string) bool {
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return true
}

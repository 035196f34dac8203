package k8s

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// The manifest issue 19's deploy writes for the lab: nothing to report.
const labManifest = `# 할 일 앱
apiVersion: apps/v1
kind: Deployment
metadata:
  name: getting-started
  labels: {app: getting-started}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: getting-started
  template:
    metadata:
      labels:
        app: getting-started
    spec:
      containers:
        - name: app
          image: getting-started:1
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: 3000
              name: http
          env:
            - {name: MYSQL_HOST, value: "mysql"}
          resources:
            limits: {cpu: 0.5, memory: 128Mi}
            requests: {cpu: 100m, memory: "64Mi"}
          readinessProbe:
            httpGet: {path: /, port: 3000}
---
apiVersion: v1
kind: Service
metadata:
  name: getting-started
spec:
  type: NodePort
  selector: {app: getting-started}
  ports:
    - port: 3000
      targetPort: http
      nodePort: 30080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: getting-started
spec:
  ingressClassName: traefik
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: getting-started
                port: {number: 3000}
`

func check(t *testing.T, text string) []Problem {
	t.Helper()
	return Check(Parse(text))
}

func TestLabManifestIsClean(t *testing.T) {
	f := Parse(labManifest)
	if len(f.Objects) != 3 || f.Objects[0].Kind != "Deployment" || f.Objects[2].APIVersion != "networking.k8s.io/v1" {
		t.Fatalf("objects: %+v", f.Objects)
	}
	if ps := Check(f); len(ps) != 0 {
		t.Fatalf("problems in a valid manifest: %+v", ps)
	}
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name, text, code, at, suggest, says string
	}{
		{"typo in a container field", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: x:1\n    imagePullPolcy: Never\n",
			"UnknownField", "imagePullPolcy", "imagePullPolicy", "`spec.containers[0]` 아래에 쓸 수 없는 필드입니다: `imagePullPolcy`. `imagePullPolicy` 필드를"},
		{"case matters", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: x:1\n    ports:\n    - ContainerPort: 80\n",
			"UnknownField", "ContainerPort", "containerPort", "`containerPort` 필드를"},
		{"top level", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndatas: {a: b}\n",
			"UnknownField", "datas", "data", "최상위에 쓸 수 없는 필드입니다: `datas`."},
		{"replicas quoted", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: \"2\"\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: a, image: b}]}}\n",
			"WrongType", "\"2\"", "2", "`spec.replicas` 필드에는 정수 값을 씁니다. 지금 값은 문자열입니다. 따옴표를 빼면(`2`)"},
		{"a number as a label value", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    version: 1\nspec: {containers: [{name: a, image: b}]}\n",
			"WrongType", "1", "\"1\"", "`metadata.labels.version` 필드에는 문자열 값을 씁니다. 지금 값은 정수입니다. 따옴표로 감싸면(`\"1\"`)"},
		{"yes is true to Kubernetes", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: b\n    env:\n    - name: DEBUG\n      value: yes\n",
			"WrongType", "yes", "\"yes\"", "지금 값은 참/거짓 값(`true`/`false`)입니다."},
		{"containerPort as text", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: b\n    ports:\n    - containerPort: \"3000\"\n",
			"WrongType", "\"3000\"", "3000", "`spec.containers[0].ports[0].containerPort`"},
		{"a list where a mapping goes", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector:\n  - app\n",
			"WrongType", "- app", "", "`spec.selector` 필드에는 매핑(`키: 값`) 값을 씁니다. 지금 값은 목록(`- 항목`)입니다."},
		{"repeated field", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: NodePort\n  type: ClusterIP\n",
			"DuplicateField", "type", "", "같은 필드가 5번째 줄에 이미 있습니다: `type`."},
		{"removed API version", "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\nspec: {}\n",
			"RemovedAPIVersion", "extensions/v1beta1", "apps/v1", "`apps/v1` 버전으로 바꾸십시오."},
		{"a Secret's data not in base64", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: 비밀번호123\n",
			"WrongType", "비밀번호123", "", "`data.password` 값은 base64로 인코딩한 문자열이어야 합니다."},
		{"a folded block joins base64 with spaces", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  key: >-\n    c2Vj\n    cmV0\n",
			"WrongType", "", "", "`data.key` 값은 base64로"},
		{"YAML syntax", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [p\n",
			"YAMLSyntax", "", "", "YAML 문법 오류입니다"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := check(t, tt.text)
			if len(ps) != 1 {
				t.Fatalf("want one problem, got %+v", ps)
			}
			p := ps[0]
			if p.Code != tt.code || p.Suggest != tt.suggest || !strings.Contains(p.Message, tt.says) {
				t.Fatalf("got %s %q suggest %q; want %s saying %q, suggest %q", p.Code, p.Message, p.Suggest, tt.code, tt.says, tt.suggest)
			}
			if tt.at != "" && !strings.HasPrefix(tt.text[p.Span.Start:p.Span.End], tt.at) {
				t.Fatalf("span %q, want %q", tt.text[p.Span.Start:p.Span.End], tt.at)
			}
		})
	}
}

// What the API leaves open, or what is not Kubernetes' to say, is never
// reported.
func TestNoFalseProblems(t *testing.T) {
	for name, text := range map[string]string{
		"custom resource":      "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\nspec: {anything: [1, 2]}\n",
		"not a manifest":       "services:\n  app: {image: x}\n",
		"null values":          "apiVersion: v1\nkind: Service\nmetadata: {name: s, labels: ~}\nspec:\n  selector:\n  ports: null\n",
		"anchors and merges":   "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: &l {app: a}}\nspec:\n  containers:\n  - &c {name: a, image: b}\n  - <<: *c\n    name: b\n",
		"a List of objects":    "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {k: v}\n",
		"quantities and ports": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: b\n    resources: {limits: {cpu: 1, memory: 1Gi}}\n    livenessProbe: {tcpSocket: {port: http}}\n",
		"annotations as text":  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    note: |\n      두 줄\n      메모\ndata: {\"a.txt\": \"1\"}\n",
		"status and CRD spec":  "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec: {group: g}\n",
		"base64 data":          "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: c2VjcmV0\n  key: |\n    c2Vj\n    cmV0\nstringData: {plain: 비밀}\n",
		"empty documents":      "---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: lab}\n---\n",
	} {
		if ps := check(t, text); len(ps) != 0 {
			t.Errorf("%s: %+v", name, ps)
		}
	}
}

func TestKinds(t *testing.T) {
	a, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if a.Version != Version {
		t.Fatalf("schema.json.gz is of %s, the package says %s: run go run ./server/internal/k8sgen", a.Version, Version)
	}
	for _, k := range []string{"v1 Pod", "v1 Service", "v1 ConfigMap", "v1 Secret", "v1 Namespace", "v1 PersistentVolumeClaim", "apps/v1 Deployment",
		"apps/v1 StatefulSet", "apps/v1 DaemonSet", "batch/v1 Job", "batch/v1 CronJob", "networking.k8s.io/v1 Ingress", "autoscaling/v2 HorizontalPodAutoscaler"} {
		if _, ok := a.Kinds[k]; !ok {
			t.Errorf("the schema lacks %s", k)
		}
	}
	img := a.Resolve(a.Resolve(a.Resolve(a.Kind("v1", "Pod").Props["spec"]).Props["containers"]).Items).Props["image"]
	if img == nil || img.Type != "string" || !strings.Contains(img.Desc, "Container image name") {
		t.Fatalf("Pod.spec.containers[].image: %+v", img)
	}
}

// BenchmarkLoad is the one-time cost of the first manifest: decoding the
// embedded schema (the language server pays it only when a manifest opens).
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		apiOnce = sync.Once{}
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckLabManifest(b *testing.B) {
	if _, err := Load(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Check(Parse(labManifest))
	}
}

func FuzzCheck(f *testing.F) {
	f.Add(labManifest)
	f.Add("apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: &l {a: 1}}\nspec: {containers: [{<<: *l, name: x}]}\n")
	f.Add("apiVersion: extensions/v1beta1\nkind: Ingress\n")
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range Check(Parse(text)) {
			if p.Span.Start < 0 || p.Span.End > len(text) || p.Span.Start > p.Span.End || p.Message == "" {
				t.Fatalf("bad problem %+v for %q", p, text)
			}
		}
	})
}

func TestFieldAt(t *testing.T) {
	f := Parse(labManifest)
	for _, tt := range []struct{ at, path, typ, desc string }{
		{"imagePullPolicy", "spec.template.spec.containers[].imagePullPolicy", "string", "Image pull policy"},
		{"containers", "spec.template.spec.containers", "[]Container", "List of containers"},
		{"replicas", "spec.replicas", "integer (int32)", "Number of desired pods"},
		{"targetPort", "spec.ports[].targetPort", "IntOrString", "Number or name of the port"},
		{"limits", "spec.template.spec.containers[].resources.limits", "map[string]Quantity", "Limits describes the maximum"},
		{"pathType", "spec.rules[].http.paths[].pathType", "string", "pathType determines"},
	} {
		off := strings.Index(labManifest, tt.at+":") + 1
		fd, ok := FieldAt(f, off)
		if !ok || fd.Path != tt.path || fd.Type != tt.typ || fd.Schema == nil || !strings.Contains(fd.Schema.Desc, tt.desc) {
			t.Errorf("%s: %+v %v", tt.at, fd, ok)
			continue
		}
		if got := labManifest[fd.Key.Start:fd.Key.End]; got != tt.at {
			t.Errorf("%s: key span %q", tt.at, got)
		}
	}
	if _, ok := FieldAt(f, strings.Index(labManifest, "getting-started:1")); ok {
		t.Error("a value is not a field")
	}
}

func TestSemantics(t *testing.T) {
	deploy := func(selector, labels, image, ports string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector:\n    matchLabels: " + selector +
			"\n  template:\n    metadata:\n      labels: " + labels + "\n    spec:\n      containers:\n      - name: app\n        image: " + image + "\n" + ports
	}
	svc := "---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: %s\n"
	tests := []struct {
		name, text string
		opts       Options
		code, at   string
		warning    bool
		says       string
	}{
		{"selector not in the template", deploy("{app: web}", "{app: webb}", "web:1", ""), Options{},
			"SelectorMismatch", "{app: web}", false, "템플릿에 없는 레이블: `app: web`"},
		{"latest on kind", deploy("{app: web}", "{app: web}", "getting-started", ""), Options{KindCluster: true},
			"ImagePullOnKind", "getting-started", true, "kind에서는 내려받기를 시도해 실패합니다"},
		{"explicit latest on kind", deploy("{app: web}", "{app: web}", "registry.local:5000/lab/app:latest", ""), Options{KindCluster: true},
			"ImagePullOnKind", "registry.local:5000/lab/app:latest", true, "`imagePullPolicy: IfNotPresent` 설정을"},
		{"undeclared target port number", deploy("{app: web}", "{app: web}", "web:1", "        ports: [{containerPort: 3000}]\n") + fmt.Sprintf(svc, "8080"), Options{},
			"TargetPortUndeclared", "8080", true, "8080번 포트를 선언하지 않았습니다"},
		{"unknown target port name", deploy("{app: web}", "{app: web}", "web:1", "        ports: [{containerPort: 3000}]\n") + fmt.Sprintf(svc, "http"), Options{},
			"TargetPortUndeclared", "http", false, "이름으로 가리킨 포트(`http`)를 선언한 것이 없습니다"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := CheckWith(Parse(tt.text), tt.opts)
			if len(ps) != 1 {
				t.Fatalf("want one problem, got %+v", ps)
			}
			p := ps[0]
			if p.Code != tt.code || p.Warning != tt.warning || !strings.Contains(p.Message, tt.says) || tt.text[p.Span.Start:p.Span.End] != tt.at {
				t.Fatalf("got %s warning=%v %q at %q", p.Code, p.Warning, p.Message, tt.text[p.Span.Start:p.Span.End])
			}
		})
	}
	// None of these is a problem.
	for name, text := range map[string]string{
		"tagged image on kind":      deploy("{app: web}", "{app: web, tier: front}", "getting-started:1", ""),
		"latest with a pull policy": deploy("{app: web}", "{app: web}", "app:latest", "        imagePullPolicy: Never\n"),
		"digest":                    deploy("{app: web}", "{app: web}", "app@sha256:0123", ""),
		"declared port":             deploy("{app: web}", "{app: web}", "web:1", "        ports: [{containerPort: 80}]\n") + fmt.Sprintf(svc, "80"),
		"no ports declared at all":  deploy("{app: web}", "{app: web}", "web:1", "") + fmt.Sprintf(svc, "8080"),
		"pods elsewhere":            fmt.Sprintf(svc, "http"),
		"named port":                deploy("{app: web}", "{app: web}", "web:1", "        ports: [{containerPort: 80, name: http}]\n") + fmt.Sprintf(svc, "http"),
		"matchExpressions":          "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector:\n    matchLabels: {a: b}\n    matchExpressions: [{key: a, operator: Exists}]\n  template: {metadata: {labels: {a: c}}, spec: {containers: [{name: x, image: 'y:1'}]}}\n",
	} {
		if ps := CheckWith(Parse(text), Options{KindCluster: true}); len(ps) != 0 {
			t.Errorf("%s: %+v", name, ps)
		}
	}
}

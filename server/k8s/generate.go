package k8s

import (
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/server/yamlspan"
	"gopkg.in/yaml.v3"
)

// App is what a generated manifest runs: an image built from a Dockerfile.
type App struct {
	// Name names the Deployment, Service, Ingress and the label app=Name.
	Name string
	// Image is the image reference, with a tag other than latest.
	Image string
	// Port is the container port (the Dockerfile's EXPOSE); 0 leaves the
	// Service, Ingress and probe out.
	Port int
	// HTTP adds a readiness probe (GET Path on Port) and the Ingress.
	HTTP bool
	// Path is the app's HTTP path ("/" when empty).
	Path string
}

// Generate writes the manifest of app: a Deployment of one Pod, a Service
// in front of it and, for an HTTP app, an Ingress, with Korean comments on
// the fields a learner meets. It passes Check.
func Generate(app App) string {
	path := app.Path
	if path == "" {
		path = "/"
	}
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("# dockerlab이 만든 매니페스트입니다. 고쳐 써도 됩니다: 다시 배포할 때 이 파일을 그대로 적용합니다.\n")
	w("# 적용: kubectl apply -f k8s/%s.yaml    삭제: kubectl delete -f k8s/%s.yaml\n", app.Name, app.Name)
	w("apiVersion: apps/v1          # Deployment가 속한 API 그룹과 버전\n")
	w("kind: Deployment             # 같은 Pod를 정해 둔 개수만큼 계속 실행해 두는 오브젝트\n")
	w("metadata:\n")
	w("  name: %s\n", app.Name)
	w("  labels:\n")
	w("    app: %s\n", app.Name)
	w("spec:\n")
	w("  replicas: 1                # 실행해 둘 Pod의 개수\n")
	w("  selector:\n")
	w("    matchLabels:             # 이 레이블이 붙은 Pod를 이 Deployment가 맡습니다\n")
	w("      app: %s\n", app.Name)
	w("  template:                  # Pod를 만들 때 쓰는 틀\n")
	w("    metadata:\n")
	w("      labels:\n")
	w("        app: %s         # 위의 matchLabels 값과 같아야 합니다\n", app.Name)
	w("    spec:\n")
	w("      containers:\n")
	w("        - name: app\n")
	w("          image: %s\n", app.Image)
	w("          # 노드에 이미지가 있으면 레지스트리에서 내려받지 않습니다(직접 빌드한 이미지)\n")
	w("          imagePullPolicy: IfNotPresent\n")
	if app.Port > 0 {
		w("          ports:\n")
		w("            - name: http\n")
		w("              containerPort: %d   # 앱이 컨테이너 안에서 요청을 받는 포트(Dockerfile의 EXPOSE)\n", app.Port)
		if app.HTTP {
			w("          readinessProbe:          # 이 요청에 답해야 Pod가 준비됨(Ready) 상태가 되고 Service가 요청을 보냅니다\n")
			w("            httpGet:\n")
			w("              path: %s\n", path)
			w("              port: http\n")
			w("            periodSeconds: 2\n")
		}
		w("---\n")
		w("apiVersion: v1\n")
		w("kind: Service                # Pod들 앞에서 요청을 받아 나눠 주는 고정된 주소\n")
		w("metadata:\n")
		w("  name: %s\n", app.Name)
		w("spec:\n")
		w("  type: ClusterIP            # 클러스터 안에서만 쓰는 주소(밖에서는 port-forward나 Ingress로)\n")
		w("  selector:\n")
		w("    app: %s             # 이 레이블이 붙은 Pod로 요청을 보냅니다\n", app.Name)
		w("  ports:\n")
		w("    - port: %d               # Service가 받는 포트\n", app.Port)
		w("      targetPort: http       # 요청을 보낼 컨테이너 포트(위의 ports.name)\n")
		if app.HTTP {
			w("---\n")
			w("apiVersion: networking.k8s.io/v1\n")
			w("kind: Ingress                # 클러스터 밖의 HTTP 요청을 경로에 따라 Service로 보내는 규칙\n")
			w("metadata:\n")
			w("  name: %s\n", app.Name)
			w("spec:\n")
			w("  # 규칙을 실제로 처리하는 Ingress 컨트롤러가 클러스터에 있어야 합니다\n")
			w("  rules:\n")
			w("    - http:\n")
			w("        paths:\n")
			w("          - path: %s\n", path)
			w("            pathType: Prefix\n")
			w("            backend:\n")
			w("              service:\n")
			w("                name: %s\n", app.Name)
			w("                port:\n")
			w("                  number: %d\n", app.Port)
		}
	}
	return b.String()
}

// Workload is an object of a manifest that runs containers.
type Workload struct {
	Kind, Name string
}

// SetImage writes ref as the image of every container whose image is the
// repository repo (any tag or digest, with or without a registry host),
// leaving the rest of the text as it is. It returns the new text and the
// workloads whose containers changed, in order.
func SetImage(text, repo, ref string) (string, []Workload) {
	f := Parse(text)
	type edit struct{ start, end int }
	var edits []edit
	var changed []Workload
	for _, o := range f.Objects {
		tpl := podTemplate(o)
		if tpl == nil {
			continue
		}
		hit := false
		for _, c := range containers(tpl) {
			img := deref(mappingValue(c, "image"))
			if img == nil || img.Kind != yaml.ScalarNode || !sameRepository(img.Value, repo) {
				continue
			}
			sp := yamlspan.Node(text, img)
			edits = append(edits, edit{sp.Start, sp.End})
			hit = true
		}
		if hit {
			changed = append(changed, Workload{Kind: o.Kind, Name: scalar(path(o.Node, "metadata", "name"))})
		}
	}
	for i := len(edits) - 1; i >= 0; i-- {
		text = text[:edits[i].start] + ref + text[edits[i].end:]
	}
	return text, changed
}

// sameRepository reports whether image names the repository repo.
func sameRepository(image, repo string) bool {
	if i := strings.Index(image, "@"); i >= 0 {
		image = image[:i]
	}
	if i := strings.LastIndex(image, ":"); i > strings.LastIndex(image, "/") {
		image = image[:i]
	}
	return image == repo || strings.HasSuffix(image, "/"+repo)
}

package k8s

import (
	"strings"
	"testing"
)

// TestGenerate: the generated manifests pass every check (also on a kind
// cluster), their objects are the ones asked for, and each field a learner
// meets has its Korean comment.
func TestGenerate(t *testing.T) {
	for _, tc := range []struct {
		app   App
		kinds string
	}{
		{App{Name: "getting-started", Image: "getting-started:1", Port: 3000, HTTP: true}, "Deployment Service Ingress"},
		{App{Name: "worker", Image: "worker:2", Port: 8080}, "Deployment Service"},
		{App{Name: "batch", Image: "batch:3"}, "Deployment"},
	} {
		text := Generate(tc.app)
		f := Parse(text)
		var kinds []string
		for _, o := range f.Objects {
			kinds = append(kinds, o.Kind)
		}
		if strings.Join(kinds, " ") != tc.kinds {
			t.Errorf("%s: objects %v, want %s\n%s", tc.app.Name, kinds, tc.kinds, text)
		}
		for _, opts := range []Options{{}, {KindCluster: true}} {
			if probs := CheckWith(f, opts); len(probs) != 0 {
				t.Errorf("%s: problems %+v\n%s", tc.app.Name, probs, text)
			}
		}
		for _, want := range []string{"image: " + tc.app.Image, "imagePullPolicy: IfNotPresent", "# 실행해 둘 Pod의 개수", "kubectl apply -f k8s/" + tc.app.Name + ".yaml"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: lacks %q", tc.app.Name, want)
			}
		}
	}
	if text := Generate(App{Name: "a", Image: "a:1", Port: 3000, HTTP: true, Path: "/items"}); !strings.Contains(text, "path: /items") {
		t.Errorf("the app's path is not the probe's and the Ingress's:\n%s", text)
	}
}

func TestSetImage(t *testing.T) {
	text := Generate(App{Name: "getting-started", Image: "getting-started:1", Port: 3000, HTTP: true}) +
		"---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: other\nspec:\n  containers:\n    - name: db\n      image: \"mysql:8.0\"\n    - name: side\n      image: 127.0.0.1:5000/getting-started@sha256:abc # pinned\n"
	got, changed := SetImage(text, "getting-started", "getting-started:2f3a")
	if strings.Count(got, "getting-started:2f3a") != 2 || !strings.Contains(got, `image: "mysql:8.0"`) || !strings.Contains(got, "getting-started:2f3a # pinned") {
		t.Errorf("SetImage:\n%s", got)
	}
	if len(changed) != 2 || changed[0] != (Workload{"Deployment", "getting-started"}) || changed[1] != (Workload{"Pod", "other"}) {
		t.Errorf("changed = %v", changed)
	}
	if _, none := SetImage(text, "get", "x:1"); len(none) != 0 {
		t.Errorf("a repository that only ends the same: %v", none)
	}
}

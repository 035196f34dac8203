package check

import (
	"context"
	"slices"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testfs"
	"github.com/dockerlab/dockerlab/server/lint"
)

// TestManifests: a folder's walk finds the YAML files holding Kubernetes
// manifests (not a workflow, not a Helm template), and `check` reports
// their problems with the editor's codes, levels and fix titles.
func TestManifests(t *testing.T) {
	t.Chdir(testfs.Tree(t, map[string]string{
		"k8s/app.yaml":                    "apiVersion: v1\nkind: Service\nmetadata:\n  name: app\nspec:\n  prots:\n    - port: 80\n",
		"k8s/ok.yml":                      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: b\n",
		".github/workflows/ci.yaml":       "name: ci\non: push\njobs: {}\n",
		"chart/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
		"compose.yaml":                    "services:\n  app:\n    image: app:1\n",
	}))
	files, err := Discover([]string{"."})
	want := []string{"compose.yaml", "k8s/app.yaml", "k8s/ok.yml"}
	if err != nil || !slices.Equal(files, want) {
		t.Fatalf("Discover = %q, %v; want %q", files, err, want)
	}
	r := Run(context.Background(), []string{".", "chart/templates/deployment.yaml", ".github/workflows/ci.yaml"}, Options{})
	if len(r.Findings) != 1 {
		t.Fatalf("findings = %+v, want one", r.Findings)
	}
	f := r.Findings[0]
	if f.File != "k8s/app.yaml" || f.Code != "K8sUnknownField" || f.Severity != "error" || f.Line != 6 || f.Column != 3 ||
		!slices.Equal(f.Fixes, []string{"`ports` 필드로 바꾸기"}) {
		t.Errorf("finding = %+v", f)
	}
	if r.ExitCode(lint.Error) != 1 {
		t.Errorf("exit code %d, want 1", r.ExitCode(lint.Error))
	}
}

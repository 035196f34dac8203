//go:build cluster || kind

package lsp

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/dockerlab/dockerlab/server/k8sproc"
	"github.com/dockerlab/dockerlab/server/registry"
)

// withK8sHelper builds the dockerlab-k8s helper into the test's folder and
// sets what a Kubernetes test's server runs with: that helper, and Docker's
// own credential store (none here).
func withK8sHelper(t *testing.T, opts *Options) k8sproc.Helper {
	t.Helper()
	bin := filepath.Join(t.TempDir(), k8sproc.HelperName())
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/dockerlab-k8s").CombinedOutput(); err != nil {
		t.Fatalf("building the helper: %v\n%s", err, out)
	}
	helper := k8sproc.Helper{Path: bin}
	opts.Registries = registry.New(t.TempDir())
	opts.K8s = helper
	return helper
}

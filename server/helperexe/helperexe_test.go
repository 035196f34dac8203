package helperexe

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The environment variable wins; then PATH; nothing found is "".
func TestFind(t *testing.T) {
	if got := Name("dockerlab-k8s"); (runtime.GOOS == "windows") != strings.HasSuffix(got, ".exe") {
		t.Errorf("Name = %q on %s", got, runtime.GOOS)
	}
	t.Setenv("DOCKERLAB_TEST_HELPER", "/opt/x/helper")
	if got := Find("DOCKERLAB_TEST_HELPER", "dockerlab-nothing"); got != "/opt/x/helper" {
		t.Errorf("from the environment: %q", got)
	}
	t.Setenv("DOCKERLAB_TEST_HELPER", "")
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	if got := Find("DOCKERLAB_TEST_HELPER", "dockerlab-nothing"); got != "" {
		t.Errorf("nothing there, found %q", got)
	}
	p := filepath.Join(dir, Name("dockerlab-nothing"))
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find("DOCKERLAB_TEST_HELPER", "dockerlab-nothing"); got != p {
		t.Errorf("on PATH: %q, want %q", got, p)
	}
}

// Package helperexe finds dockerlab's helper programs (dockerlab-compose,
// dockerlab-k8s): they ship beside the language server, so the heavy SDKs
// they link stay out of its start-up.
package helperexe

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// Name is a helper's file name on this system: base, with ".exe" on Windows.
func Name(base string) string {
	if runtime.GOOS == "windows" {
		return base + ".exe"
	}
	return base
}

// Find locates the helper base: the path in the environment variable env,
// else beside the running executable, else on PATH; "" when none is there.
func Find(env, base string) string {
	if p := os.Getenv(env); p != "" {
		return p
	}
	name := Name(base)
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	return ""
}

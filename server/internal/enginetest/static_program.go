package enginetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// programs caches StaticProgram's binaries by source, for one test binary
// run: compiling takes seconds, and every engine test wants one.
var programs struct {
	sync.Mutex
	bin map[string][]byte
}

// StaticProgram compiles source, a Go main package using only the standard
// library, as a static Linux binary (CGO off) for a FROM scratch image, once
// per source and test binary run: images are built from it, never pulled.
func StaticProgram(tb testing.TB, source string) []byte {
	tb.Helper()
	programs.Lock()
	defer programs.Unlock()
	if b, ok := programs.bin[source]; ok {
		return b
	}
	b, err := compileStatic(source)
	if err != nil {
		tb.Fatal(err)
	}
	if programs.bin == nil {
		programs.bin = map[string][]byte{}
	}
	programs.bin[source] = b
	return b
}

func compileStatic(source string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "dockerlab-engine-src-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module testserver\n\ngo 1.22\n"), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(source), 0o644); err != nil {
		return nil, err
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("the engine tests compile a server with the go tool: %w", err)
	}
	cmd := exec.Command(goBin, "build", "-trimpath", "-ldflags=-s -w", "-o", "server", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOWORK=off", "GOFLAGS=-buildvcs=false")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the test server: %v\n%s", err, out)
	}
	return os.ReadFile(filepath.Join(dir, "server"))
}

// Package profile writes Go's CPU and heap profiles of a running server, for
// finding where its time and memory go on a real workload (the LSP harness,
// an editor session): DOCKERLAB_PROFILE=/tmp/dl makes `dockerlab lsp` write
// /tmp/dl.cpu.pprof while it runs and /tmp/dl.heap.pprof when it stops.
// Read them with `go tool pprof`. Without the variable it costs nothing.
package profile

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// Env names the variable that holds the profiles' path prefix.
const Env = "DOCKERLAB_PROFILE"

// FromEnv starts profiling when Env is set and returns the function that
// stops it and writes the heap profile; problems go to warn.
func FromEnv(warn func(msg string, args ...any)) (stop func()) {
	prefix := os.Getenv(Env)
	if prefix == "" {
		return func() {}
	}
	runtime.MemProfileRate = 4096 // a finer heap profile than the default 512 KB sample
	cpu, err := os.Create(prefix + ".cpu.pprof")
	if err == nil {
		err = pprof.StartCPUProfile(cpu)
	}
	if err != nil {
		warn("profile: cannot start the CPU profile", "err", err)
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if err := writeHeap(prefix + ".heap.pprof"); err != nil {
			warn("profile: cannot write the heap profile", "err", err)
		}
	}
}

func writeHeap(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC() // the heap profile reports the last GC's live data
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

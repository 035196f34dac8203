package profile

import (
	"os"
	"path/filepath"
	"testing"
)

// With DOCKERLAB_PROFILE set, both profiles are written (gzip-compressed
// protobuf, as go tool pprof reads them); without it, nothing is.
func TestFromEnv(t *testing.T) {
	dir := t.TempDir()
	prefix := filepath.Join(dir, "dl")
	t.Setenv(Env, prefix)
	var warned []string
	stop := FromEnv(func(msg string, args ...any) { warned = append(warned, msg) })
	sink := 0
	for i := range 1_000_000 {
		sink += i % 7
	}
	_ = sink
	stop()
	for _, name := range []string{"dl.cpu.pprof", "dl.heap.pprof"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			t.Errorf("%s is not a gzip-compressed profile (%d bytes)", name, len(data))
		}
	}
	if len(warned) > 0 {
		t.Errorf("warnings: %v", warned)
	}

	for _, name := range []string{"dl.cpu.pprof", "dl.heap.pprof"} {
		os.Remove(filepath.Join(dir, name))
	}
	t.Setenv(Env, "")
	FromEnv(func(string, ...any) {})()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("profiles written without %s: %v", Env, entries)
	}
}

package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
)

func TestResolveHost(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DOCKER_CONFIG", dir)
	t.Setenv("DOCKER_HOST", "")
	t.Setenv("DOCKER_CONTEXT", "")
	if h := ResolveHost(""); h.Source != "default" {
		t.Fatalf("no config: %+v", h)
	}
	sum := sha256.Sum256([]byte("lab"))
	meta := filepath.Join(dir, "contexts", "meta", hex.EncodeToString(sum[:]))
	if err := os.MkdirAll(meta, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(meta, "meta.json"), []byte(`{"Name":"lab","Endpoints":{"docker":{"Host":"unix:///run/lab.sock"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"currentContext":"lab"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if h := ResolveHost(""); h.Address != "unix:///run/lab.sock" || h.Source != "context lab" {
		t.Fatalf("current context: %+v", h)
	}
	t.Setenv("DOCKER_CONTEXT", "default")
	if h := ResolveHost(""); h.Source != "default" {
		t.Fatalf("DOCKER_CONTEXT=default: %+v", h)
	}
	t.Setenv("DOCKER_HOST", "tcp://127.0.0.1:1")
	if h := ResolveHost(""); h.Source != "DOCKER_HOST" {
		t.Fatalf("DOCKER_HOST: %+v", h)
	}
	if h := ResolveHost("unix:///x.sock"); h.Source != "dockerlab.docker.host" || h.Address != "unix:///x.sock" {
		t.Fatalf("setting: %+v", h)
	}
}

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

// fakeHostEnv is a machine of goos with the given environment and files.
func fakeHostEnv(goos, home string, env, files map[string]string) HostEnv {
	return HostEnv{
		GOOS:   goos,
		Getenv: func(k string) string { return env[k] },
		Home:   home,
		ReadFile: func(p string) ([]byte, error) {
			if b, ok := files[p]; ok {
				return []byte(b), nil
			}
			return nil, os.ErrNotExist
		},
		Exists: func(p string) bool { _, ok := files[p]; return ok },
	}
}

func contextMeta(name, host string) (string, string) {
	sum := sha256.Sum256([]byte(name))
	return hex.EncodeToString(sum[:]), `{"Name":"` + name + `","Endpoints":{"docker":{"Host":"` + host + `","SkipTLSVerify":false}}}`
}

// TestResolveHostPerOS: what a learner's own machine resolves to, on each
// system dockerlab ships for, with what Docker Desktop and the engines
// write there.
func TestResolveHostPerOS(t *testing.T) {
	desktopMac, desktopMacMeta := contextMeta("desktop-linux", "unix:///Users/jiwoo/.docker/run/docker.sock")
	desktopWin, desktopWinMeta := contextMeta("desktop-linux", "npipe:////./pipe/dockerDesktopLinuxEngine")
	colima, colimaMeta := contextMeta("colima", "unix:///Users/jiwoo/.colima/default/docker.sock")
	tests := []struct {
		name, goos, home string
		env, files       map[string]string
		want             Host
	}{
		{"linux, nothing set", "linux", "/home/jiwoo", nil, nil,
			Host{"unix:///var/run/docker.sock", "default"}},
		{"linux, DOCKER_HOST (rootless)", "linux", "/home/jiwoo", map[string]string{"DOCKER_HOST": "unix:///run/user/1000/docker.sock"}, nil,
			Host{"unix:///run/user/1000/docker.sock", "DOCKER_HOST"}},
		{"macOS, Docker Desktop with its context", "darwin", "/Users/jiwoo", nil, map[string]string{
			"/Users/jiwoo/.docker/config.json":                                `{"auths":{},"credsStore":"desktop","currentContext":"desktop-linux"}`,
			"/Users/jiwoo/.docker/contexts/meta/" + desktopMac + "/meta.json": desktopMacMeta,
			"/Users/jiwoo/.docker/run/docker.sock":                            "",
		}, Host{"unix:///Users/jiwoo/.docker/run/docker.sock", "context desktop-linux"}},
		{"macOS, Docker Desktop's socket without a current context", "darwin", "/Users/jiwoo", nil, map[string]string{
			"/Users/jiwoo/.docker/run/docker.sock": "",
		}, Host{"unix:///Users/jiwoo/.docker/run/docker.sock", "Docker Desktop"}},
		{"macOS, no Docker Desktop socket", "darwin", "/Users/jiwoo", nil, nil,
			Host{"unix:///var/run/docker.sock", "default"}},
		{"macOS, Colima's context", "darwin", "/Users/jiwoo", nil, map[string]string{
			"/Users/jiwoo/.docker/config.json":                            `{"currentContext":"colima"}`,
			"/Users/jiwoo/.docker/contexts/meta/" + colima + "/meta.json": colimaMeta,
			"/Users/jiwoo/.docker/run/docker.sock":                        "",
		}, Host{"unix:///Users/jiwoo/.colima/default/docker.sock", "context colima"}},
		{"Windows, nothing set", "windows", `C:\Users\jiwoo`, nil, nil,
			Host{"npipe:////./pipe/docker_engine", "default"}},
		{"Windows, Docker Desktop's context", "windows", `C:\Users\jiwoo`, nil, map[string]string{
			`C:\Users\jiwoo\.docker\config.json`:                                `{"currentContext":"desktop-linux"}`,
			`C:\Users\jiwoo\.docker\contexts\meta\` + desktopWin + `\meta.json`: desktopWinMeta,
		}, Host{"npipe:////./pipe/dockerDesktopLinuxEngine", "context desktop-linux"}},
		{"Windows, DOCKER_CONFIG elsewhere and DOCKER_CONTEXT", "windows", `C:\Users\jiwoo`,
			map[string]string{"DOCKER_CONFIG": `D:\docker`, "DOCKER_CONTEXT": "desktop-linux"}, map[string]string{
				`D:\docker\contexts\meta\` + desktopWin + `\meta.json`: desktopWinMeta,
			}, Host{"npipe:////./pipe/dockerDesktopLinuxEngine", "context desktop-linux"}},
		{"Windows, a context without metadata falls back", "windows", `C:\Users\jiwoo`, nil, map[string]string{
			`C:\Users\jiwoo\.docker\config.json`: `{"currentContext":"gone"}`,
		}, Host{"npipe:////./pipe/docker_engine", "default"}},
		{"no home folder", "linux", "", nil, nil,
			Host{"unix:///var/run/docker.sock", "default"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ResolveHostIn("", fakeHostEnv(tt.goos, tt.home, tt.env, tt.files))
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	if got := ResolveHostIn("tcp://10.0.0.2:2375", fakeHostEnv("windows", `C:\Users\jiwoo`, map[string]string{"DOCKER_HOST": "npipe:////./pipe/x"}, nil)); got.Source != "dockerlab.docker.host" {
		t.Fatalf("the setting comes first: %+v", got)
	}
}

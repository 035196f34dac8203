package lsp

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/dockerlab/dockerlab/server/internal/testfs"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/uri"
)

// pingingEngine is a refusing engine that counts how often it is asked
// whether it answers, through the server's ping and its own.
type pingingEngine struct {
	refusingEngine
	pings *atomic.Int32
}

func (e pingingEngine) Ping(context.Context) (docker.Info, error) {
	e.pings.Add(1)
	return docker.Info{APIVersion: "1.41", Version: "20.10.24", BuildKit: true, OSType: "linux"}, nil
}

// A build click asks the engine once whether it answers: the status bar,
// the builder's feature check and the build read that one answer.
func TestBuildClickPingsOnce(t *testing.T) {
	text := "FROM scratch\nCOPY a /\n"
	dir := testfs.Tree(t, map[string]string{"Dockerfile": text})
	path := filepath.Join(dir, "Dockerfile")
	var pings atomic.Int32
	eng := pingingEngine{pings: &pings}
	e := startServer(t, Options{Engine: eng, Ping: eng.Ping})
	e.initialize(map[string]any{"trusted": true})
	e.waitNote("dockerlab/engineStatus", nil) // the ping after initialized
	u := string(uri.File(path))
	e.open(u, text, 1)
	before := pings.Load()
	err := e.call("workspace/executeCommand", map[string]any{"command": lab.CommandBuild,
		"arguments": []any{map[string]any{"uri": u}}}, nil)
	if err == nil {
		t.Fatal("the refusing engine built")
	}
	if n := pings.Load() - before; n != 1 {
		t.Errorf("a build click pinged the engine %d times, want 1", n)
	}
}

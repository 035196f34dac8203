package lsp

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/engine"
)

// engineStatusFor starts a trusted server whose engine answers ping with
// info and err, and returns the first dockerlab/engineStatus it sends.
func engineStatusFor(t *testing.T, info docker.Info, err error) map[string]any {
	t.Helper()
	host := engine.Host{Address: "unix:///var/run/docker.sock", Source: "default"}
	e := startServer(t, Options{Engine: refusingEngine{}, Host: host,
		Ping: func(context.Context) (docker.Info, error) { return info, err }})
	e.initialize(map[string]any{"trusted": true})
	var got map[string]any
	if err := json.Unmarshal(e.waitNote("dockerlab/engineStatus", nil), &got); err != nil {
		t.Fatal(err)
	}
	return got
}

// The status bar learns the engine's own version (what learners call the
// Docker version) and its API version, each in a field of its own.
func TestEngineStatusNamesEngineAndAPIVersion(t *testing.T) {
	got := engineStatusFor(t, docker.Info{APIVersion: "1.41", Version: "20.10.24+dfsg1", OSType: "linux", BuildKit: true}, nil)
	want := map[string]any{"available": true, "engineVersion": "20.10.24+dfsg1", "apiVersion": "1.41",
		"host": "unix:///var/run/docker.sock", "source": "default"}
	if !equalJSON(got, want) {
		t.Fatalf("engineStatus = %v, want %v", got, want)
	}
}

// An engine that did not say its version sends the API version alone; no
// engine sends neither, and a message.
func TestEngineStatusWithoutVersions(t *testing.T) {
	got := engineStatusFor(t, docker.Info{APIVersion: "1.56"}, nil)
	if _, ok := got["engineVersion"]; ok || got["apiVersion"] != "1.56" || got["available"] != true {
		t.Errorf("no engine version: %v", got)
	}
	got = engineStatusFor(t, docker.Info{}, &docker.Error{Kind: docker.Unavailable, Message: "Docker 엔진에 연결할 수 없습니다."})
	_, ev := got["engineVersion"]
	_, av := got["apiVersion"]
	if ev || av || got["available"] != false || got["message"] == "" {
		t.Errorf("no engine: %v", got)
	}
}

func equalJSON(a, b map[string]any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

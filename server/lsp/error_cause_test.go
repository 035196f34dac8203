package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/jsonrpc2"
)

// theCause is what a daemon says; every error the learner sees must carry it.
const theCause = "Error response from daemon: something specific\nand a second line the daemon added"

// causeEngine refuses everything with an Other error whose Korean message
// only points at the cause.
var causeEngine = refusingEngine{err: errWithCause}

var errWithCause = &docker.Error{Kind: docker.Other,
	Message: "Docker 엔진이 요청을 처리하지 못했습니다. 아래 원인을 확인한 뒤 다시 시도하십시오.",
	Err:     errors.New(theCause)}

// causeOf returns the cause in a JSON-RPC error's data, or "".
func causeOf(t *testing.T, err error) string {
	t.Helper()
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) {
		t.Fatalf("not a JSON-RPC error: %v", err)
	}
	if rpcErr.Data == nil {
		return ""
	}
	var data errorData
	if err := json.Unmarshal(*rpcErr.Data, &data); err != nil {
		t.Fatalf("error data %s: %v", *rpcErr.Data, err)
	}
	return data.Cause
}

// Every lab command that the engine refuses answers with the Korean message
// and the engine's cause in full (the editor shortens it for its
// notification), and writes both to the output channel, the cause verbatim
// on lines of its own.
func TestEngineCauseReachesTheLearner(t *testing.T) {
	e := startServer(t, Options{Engine: causeEngine})
	e.initialize(map[string]any{"trusted": true})
	text := "FROM scratch\n"
	_, uri := writeDockerfile(t, text)
	e.open(uri, text, 1)

	doc := map[string]any{"uri": uri}
	withContainer := map[string]any{"uri": uri, "containerId": "c0ffee"}
	for _, tc := range []struct {
		command string
		args    []any
	}{
		{"dockerlab.build", []any{doc}},
		{"dockerlab.buildAndRun", []any{doc}},
		{"dockerlab.run", []any{doc}},
		{"dockerlab.stopAndRemove", []any{doc}},
		{"dockerlab.start", []any{withContainer}},
		{"dockerlab.remove", []any{withContainer}},
		{"dockerlab.images", nil},
		{"dockerlab.ps", nil},
	} {
		e.clearNotes()
		err := e.call("workspace/executeCommand", map[string]any{"command": tc.command, "arguments": tc.args}, nil)
		if rpcCode(err) != codeRequestFailed {
			t.Fatalf("%s: reply %v, want code %d", tc.command, err, codeRequestFailed)
		}
		if err.Error() != errWithCause.Message {
			t.Errorf("%s: message %q, want the Korean message %q", tc.command, err.Error(), errWithCause.Message)
		}
		if got := causeOf(t, err); got != theCause {
			t.Errorf("%s: cause in the reply %q, want %q", tc.command, got, theCause)
		}
		want := "\n오류: " + errWithCause.Message + "\n원인(엔진): " + theCause + "\n"
		e.waitNote("dockerlab/buildOutput", func(p json.RawMessage) bool {
			var out buildOutputParams
			return json.Unmarshal(p, &out) == nil && strings.Contains(out.Text, want)
		})
	}

	// Following logs answers at once; a refusal then reaches the log channel.
	e.clearNotes()
	if err := e.call("workspace/executeCommand", map[string]any{"command": "dockerlab.logs", "arguments": []any{withContainer}}, nil); err != nil {
		t.Fatal(err)
	}
	e.waitNote("dockerlab/logOutput", func(p json.RawMessage) bool {
		var out contract.LogOutputParams
		return json.Unmarshal(p, &out) == nil && strings.Contains(out.Text, "원인(엔진): "+theCause+"\n")
	})
}

// The cause is the engine's own words, not a wrapper's Korean: when no
// engine answers, the reply names the address tried in Korean and carries
// the client's error as the cause, once.
func TestEngineCauseUnwrapsWrappers(t *testing.T) {
	const dial = "Cannot connect to the Docker daemon at unix:///nowhere/docker.sock. Is the docker daemon running?"
	ping := func(context.Context) (docker.Info, error) {
		return docker.Info{}, &docker.Error{Kind: docker.Unavailable, Message: "Docker 엔진이 응답하지 않습니다.", Err: errors.New(dial)}
	}
	e := startServer(t, Options{Engine: causeEngine, Ping: ping, Host: engine.Host{Address: "unix:///nowhere/docker.sock", Source: "default"}})
	e.initialize(map[string]any{"trusted": true})
	e.clearNotes()
	err := e.call("workspace/executeCommand", map[string]any{"command": "dockerlab.images"}, nil)
	if !strings.Contains(err.Error(), "시도한 주소: 'unix:///nowhere/docker.sock'") {
		t.Errorf("message %q does not name the address tried", err.Error())
	}
	if got := causeOf(t, err); got != dial {
		t.Errorf("cause %q, want %q", got, dial)
	}
	raw := e.waitNote("dockerlab/buildOutput", func(p json.RawMessage) bool { return strings.Contains(string(p), "원인(엔진)") })
	var out buildOutputParams
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Count(out.Text, dial) != 1 || strings.Count(out.Text, "Docker 엔진이 응답하지 않습니다.") != 1 {
		t.Errorf("output %q: want the message and the cause once each", out.Text)
	}
}

// A cancelled step says so without a cause, and errors that are not the
// engine's carry none.
func TestEngineCauseOnlyForEngineFailures(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&docker.Error{Kind: docker.Canceled, Message: "작업이 취소되었습니다.", Err: context.Canceled}, ""},
		{&docker.Error{Kind: docker.BuildFailed, Message: "빌드가 실패했습니다.", Detail: "exit code: 2"}, "exit code: 2"},
		{&docker.Error{Kind: docker.NotFound, Message: "없습니다.", Err: errors.New("  No such container: x\n")}, "No such container: x"},
		{errors.New("plain"), ""},
		{jsonrpc2.NewError(codeRequestFailed, "저장하십시오."), ""},
	} {
		if got := lab.EngineCause(tc.err); got != tc.want {
			t.Errorf("engineCause(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
	build := &docker.Error{Kind: docker.BuildFailed, Message: "3번째 줄에서 실패했습니다.",
		Err:    errors.New("Error response from daemon: dockerfile parse error line 3: unknown instruction: FORM"),
		Detail: "dockerfile parse error line 3: unknown instruction: FORM"}
	want := "오류: 3번째 줄에서 실패했습니다.\n원인(엔진): Error response from daemon: dockerfile parse error line 3: unknown instruction: FORM"
	if got := lab.FailureText(build); got != want {
		t.Errorf("failureText = %q, want %q (the detail only once)", got, want)
	}
}

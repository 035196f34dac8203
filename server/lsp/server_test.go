package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/server/docker"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

func rpcCode(err error) jsonrpc2.Code {
	var e *jsonrpc2.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

func TestLifecycleErrors(t *testing.T) {
	e := startServer(t, Options{})
	if err := e.call("textDocument/hover", map[string]any{}, nil); rpcCode(err) != jsonrpc2.ServerNotInitialized {
		t.Fatalf("hover before initialize: %v", err)
	}
	res := e.initialize(nil)
	if res.Capabilities.ExecuteCommandProvider != nil || res.Capabilities.CodeLensProvider != nil {
		t.Fatal("a client that did not say trusted:true must get language features only")
	}
	if err := e.call("textDocument/nonsense", map[string]any{}, nil); rpcCode(err) != jsonrpc2.MethodNotFound {
		t.Fatalf("unknown method: %v", err)
	}
	if err := e.call("textDocument/hover", json.RawMessage(`[1,2]`), nil); rpcCode(err) != jsonrpc2.InvalidParams {
		t.Fatalf("bad params: %v", err)
	}
	if err := e.call("shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.call("textDocument/hover", map[string]any{}, nil); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Fatalf("after shutdown: %v", err)
	}
	e.notify("exit", nil)
	if err := <-e.done; err != nil {
		t.Fatalf("exit after shutdown: %v", err)
	}
}

func TestGarbageInputKeepsServing(t *testing.T) {
	e := startServer(t, Options{})
	e.initialize(nil)
	e.writeRaw("Content-Length: 7\r\n\r\n{bad js")
	e.writeRaw("X-Nonsense\r\n\r\n")
	e.writeRaw("Content-Length: 2\r\n\r\n[]")
	const uri = "file:///x/Dockerfile"
	e.open(uri, "\ufeffFROM alpine:3.20\r\nRUN \xff\xfe echo\r\n", 1)
	e.diagnostics(uri, 1)
	var h *protocol.Hover
	if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 1, "character": 1}}, &h); err != nil || h == nil {
		t.Fatalf("hover after garbage: %v %v", h, err)
	}
	if !strings.Contains(h.Contents.Value, "RUN") {
		t.Fatalf("hover = %q", h.Contents.Value)
	}
	// An edit far out of range is clamped, the text is kept, diagnostics follow.
	e.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"range": map[string]any{
			"start": map[string]any{"line": 99, "character": 0}, "end": map[string]any{"line": 99, "character": 5}},
			"text": "FORM x\n"}}})
	ds := e.diagnostics(uri, 2)
	if len(ds) != 1 || ds[0].Code != "UnknownInstruction" || ds[0].Range.Start.Line != 2 {
		t.Fatalf("diagnostics after clamped edit: %+v", ds)
	}
}

func TestPanicIsRecovered(t *testing.T) {
	routes["test/panic"] = method{name: "test/panic", async: true, fn: func(context.Context, *Server, json.RawMessage) (any, error) {
		var m map[string]int
		m["boom"]++
		return nil, nil
	}}
	defer delete(routes, "test/panic")
	e := startServer(t, Options{})
	e.initialize(nil)
	err := e.call("test/panic", map[string]any{}, nil)
	if rpcCode(err) != jsonrpc2.InternalError || !strings.Contains(err.Error(), "내부 오류") {
		t.Fatalf("panic reply: %v", err)
	}
	if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///none"},
		"position": map[string]any{"line": 0, "character": 0}}, nil); err != nil {
		t.Fatalf("server stopped answering after a panic: %v", err)
	}
}

// blockingEngine blocks every build until its context ends, to prove that a
// long command neither blocks other requests nor ignores cancellation.
type blockingEngine struct {
	refusingEngine
	started chan struct{}
}

func (b blockingEngine) Build(ctx context.Context, _ docker.BuildRequest, out io.Writer) (docker.BuildResult, error) {
	fmt.Fprintln(out, "#1 [1/1] FROM scratch")
	close(b.started)
	<-ctx.Done()
	return docker.BuildResult{}, &docker.Error{Kind: docker.Canceled, Message: "빌드를 취소했습니다.", Err: ctx.Err()}
}

func writeDockerfile(t *testing.T, text string) (path, uri string) {
	dir := filepath.Join(t.TempDir(), "Getting Started")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, "file://" + strings.ReplaceAll(path, " ", "%20")
}

func TestLongCommandDoesNotBlockAndCancels(t *testing.T) {
	eng := blockingEngine{started: make(chan struct{})}
	e := startServer(t, Options{Engine: eng})
	e.initialize(map[string]any{"trusted": true})
	text := "FROM scratch\nEXPOSE 8080\n"
	_, uri := writeDockerfile(t, text)
	e.open(uri, text, 1)

	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := e.conn.Call(ctx, "workspace/executeCommand", map[string]any{
			"command": "dockerlab.build", "arguments": []any{map[string]any{"uri": uri}}}, nil)
		errc <- err
	}()
	<-eng.started
	// The build is running; hover must still be answered.
	var h *protocol.Hover
	if err := e.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": map[string]any{"line": 0, "character": 2}}, &h); err != nil || h == nil {
		t.Fatalf("hover during a build: %v %v", h, err)
	}
	// The build output reached the editor, and a progress began.
	e.waitNote("dockerlab/buildOutput", func(p json.RawMessage) bool { return strings.Contains(string(p), "docker build -t getting-started .") })
	e.waitNote("$/progress", func(p json.RawMessage) bool { return strings.Contains(string(p), `"begin"`) })
	// The editor's ids run 1 (initialize), 2 (this command), 3 (hover). A
	// numeric id must cancel: go.lsp.dev/protocol's own handler never does.
	e.notify("$/cancelRequest", map[string]any{"id": 2})
	if err := <-errc; rpcCode(err) != codeRequestCancelled {
		t.Fatalf("cancelled build replied %v, want code %d", err, codeRequestCancelled)
	}
	e.waitNote("$/progress", func(p json.RawMessage) bool { return strings.Contains(string(p), `"end"`) })
}

func TestExecuteCommandRefusals(t *testing.T) {
	e := startServer(t, Options{Engine: refusingEngine{}})
	e.initialize(map[string]any{"trusted": false})
	err := e.call("workspace/executeCommand", map[string]any{"command": "dockerlab.build",
		"arguments": []any{map[string]any{"uri": "file:///x/Dockerfile"}}}, nil)
	if err == nil || !strings.Contains(err.Error(), "신뢰하지 않는") {
		t.Fatalf("untrusted: %v", err)
	}

	e2 := startServer(t, Options{Engine: refusingEngine{}})
	e2.initialize(map[string]any{"trusted": true})
	path, uri := writeDockerfile(t, "FROM scratch\n")
	e2.open(uri, "FROM scratch\nRUN unsaved\n", 1)
	err = e2.call("workspace/executeCommand", map[string]any{"command": "dockerlab.build",
		"arguments": []any{map[string]any{"uri": uri}}}, nil)
	if err == nil || !strings.Contains(err.Error(), "저장하지 않은") {
		t.Fatalf("unsaved: %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "FROM scratch\n" {
		t.Fatal("the server changed the file on disk")
	}
	err = e2.call("workspace/executeCommand", map[string]any{"command": "dockerlab.nope", "arguments": []any{}}, nil)
	if rpcCode(err) != jsonrpc2.InvalidParams {
		t.Fatalf("unknown command: %v", err)
	}
}

func TestNoEngineSaysSoInKorean(t *testing.T) {
	unavailable := &docker.Error{Kind: docker.Unavailable, Message: "Docker 엔진에 연결할 수 없습니다. `sudo dockerd`로 시작하십시오."}
	e := startServer(t, Options{Engine: refusingEngine{}, Ping: func(context.Context) (docker.Info, error) { return docker.Info{}, unavailable }})
	e.initialize(map[string]any{"trusted": true})
	raw := e.waitNote("window/showMessage", nil)
	var msg protocol.ShowMessageParams
	if err := json.Unmarshal(raw, &msg); err != nil {
		t.Fatal(err)
	}
	if msg.Type != protocol.MessageTypeWarning || !strings.HasPrefix(msg.Message, plainText(unavailable.Message)) {
		t.Fatalf("showMessage = %+v", msg)
	}
	// Language features still work.
	const uri = "file:///x/Dockerfile"
	e.open(uri, "FORM alpine\n", 1)
	if ds := e.diagnostics(uri, 1); len(ds) != 1 {
		t.Fatalf("diagnostics without an engine: %+v", ds)
	}
}

// A setting of the wrong type keeps its default; the others still apply.
func TestSettingsOfWrongTypeKeepOthers(t *testing.T) {
	e := startServer(t, Options{})
	e.initialize(nil)
	const uri = "file:///s/Dockerfile"
	e.open(uri, "FROM alpine\nMAINTAINER me\n", 1)
	if ds := e.diagnostics(uri, 1); len(ds) < 2 {
		t.Fatalf("diagnostics before: %+v", ds)
	}
	e.clearNotes()
	e.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"dockerlab": map[string]any{
		"lint": map[string]any{"skip": []string{"PinBaseImageTag", "MaintainerDeprecated"}},
		"run":  map[string]any{"bindAddress": 42},
	}}})
	raw := e.waitNote("textDocument/publishDiagnostics", nil)
	if strings.Contains(string(raw), "PinBaseImageTag") || strings.Contains(string(raw), "MaintainerDeprecated") {
		t.Fatalf("skip setting not applied next to a wrong-typed one: %s", raw)
	}
}

// Other editors send didChangeConfiguration payloads that are not ours:
// Neovim its settings table ({} by default), Helix its `config`, eglot its
// workspace configuration. They leave the settings initializationOptions
// gave; a payload naming a dockerlab section, bare or under "dockerlab",
// still applies.
func TestForeignConfigurationKeepsSettings(t *testing.T) {
	e := startServer(t, Options{})
	e.initialize(map[string]any{"settings": map[string]any{"lint": map[string]any{"skip": []string{"MaintainerDeprecated"}}}})
	const uri = "file:///s/Dockerfile"
	e.open(uri, "FROM alpine:3.20\nMAINTAINER me\n", 1)
	if ds := e.diagnostics(uri, 1); len(ds) != 0 {
		t.Fatalf("diagnostics with the skip from initializationOptions: %+v", ds)
	}
	for _, foreign := range []any{map[string]any{}, nil, map[string]any{"yaml": map[string]any{"schemas": map[string]any{}}}, []any{1}} {
		e.notify("workspace/didChangeConfiguration", map[string]any{"settings": foreign})
	}
	e.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": "FROM alpine:3.20\nMAINTAINER you\n"}}})
	if ds := e.diagnostics(uri, 2); len(ds) != 0 {
		t.Fatalf("a foreign configuration reset the settings: %+v", ds)
	}
	// A bare dockerlab section applies: it changes what is skipped.
	e.clearNotes()
	e.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"lint": map[string]any{"skip": []string{}}}})
	raw := e.waitNote("textDocument/publishDiagnostics", nil)
	if !strings.Contains(string(raw), "MaintainerDeprecated") {
		t.Fatalf("a bare settings section did not apply: %s", raw)
	}
}

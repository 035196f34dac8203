package lsp

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// fakeEditor is the client side of an in-process server, connected by a
// pipe: it sends requests, records notifications and answers the server's
// requests the way VS Code does.
type fakeEditor struct {
	t     testing.TB
	conn  jsonrpc2.Conn
	raw   net.Conn // the editor's end, for writing garbage
	done  chan error
	mu    sync.Mutex
	notes []note
	wake  chan struct{}
	// answer, when set, answers the server's requests (e.g. picks an
	// action of window/showMessageRequest); nil answers null like VS Code
	// does for requests it has nothing to say to.
	answer func(method string, params json.RawMessage) any
}

type note struct {
	method string
	params json.RawMessage
}

// waitTimeout bounds every wait on a condition; it is a deadline, not a sleep.
const waitTimeout = 20 * time.Second

func startServer(t testing.TB, opts Options) *fakeEditor {
	t.Helper()
	serverEnd, editorEnd := net.Pipe()
	e := &fakeEditor{t: t, raw: editorEnd, done: make(chan error, 1), wake: make(chan struct{}, 1)}
	go func() { e.done <- Serve(context.Background(), serverEnd, serverEnd, opts) }()
	e.conn = jsonrpc2.NewConn(newStream(editorEnd, editorEnd, editorEnd, slog.New(slog.DiscardHandler)))
	e.conn.Go(context.Background(), e.handle)
	t.Cleanup(func() {
		e.conn.Close()
		serverEnd.Close()
	})
	return e
}

func (e *fakeEditor) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	e.mu.Lock()
	e.notes = append(e.notes, note{method: req.Method(), params: append(json.RawMessage(nil), req.Params()...)})
	e.mu.Unlock()
	select {
	case e.wake <- struct{}{}:
	default:
	}
	// Answer on another goroutine, as an editor with buffered pipes does: a
	// reply written on the read loop into net.Pipe (which has no buffer)
	// deadlocks against a server that is writing its own reply meanwhile.
	var answer any
	if _, isCall := req.(*jsonrpc2.Call); isCall && e.answer != nil {
		answer = e.answer(req.Method(), req.Params())
	}
	go reply(ctx, answer, nil)
	return nil
}

func (e *fakeEditor) initialize(opts map[string]any) protocol.InitializeResult {
	e.t.Helper()
	var res protocol.InitializeResult
	params := map[string]any{
		"processId": nil, "rootUri": nil,
		"capabilities": map[string]any{
			"window": map[string]any{"workDoneProgress": true},
			"workspace": map[string]any{"codeLens": map[string]any{"refreshSupport": true},
				"inlayHint":             map[string]any{"refreshSupport": true},
				"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}},
			// VS Code accepts snippets; the golden completions show them.
			"textDocument": map[string]any{"completion": map[string]any{"completionItem": map[string]any{"snippetSupport": true}}},
		},
		"initializationOptions": opts,
	}
	if err := e.call("initialize", params, &res); err != nil {
		e.t.Fatalf("initialize: %v", err)
	}
	if err := e.conn.Notify(context.Background(), "initialized", map[string]any{}); err != nil {
		e.t.Fatal(err)
	}
	return res
}

func (e *fakeEditor) call(method string, params, result any) error {
	return e.callWithin(waitTimeout, method, params, result)
}

// callWithin is call bounded by d, for commands that drive a whole cluster.
func (e *fakeEditor) callWithin(d time.Duration, method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	_, err := e.conn.Call(ctx, method, params, result)
	return err
}

func (e *fakeEditor) notify(method string, params any) {
	e.t.Helper()
	if err := e.conn.Notify(context.Background(), method, params); err != nil {
		e.t.Fatalf("notify %s: %v", method, err)
	}
}

func (e *fakeEditor) open(uri, text string, version int32) {
	e.openAs(uri, "dockerfile", text, version)
}

// openAs opens a document of the given language.
func (e *fakeEditor) openAs(uri, language, text string, version int32) {
	e.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": language, "version": version, "text": text}})
}

// waitNote waits until a notification satisfies match and returns it.
func (e *fakeEditor) waitNote(method string, match func(json.RawMessage) bool) json.RawMessage {
	e.t.Helper()
	deadline := time.After(waitTimeout)
	for {
		e.mu.Lock()
		for _, n := range e.notes {
			if n.method == method && (match == nil || match(n.params)) {
				e.mu.Unlock()
				return n.params
			}
		}
		e.mu.Unlock()
		select {
		case <-e.wake:
		case <-deadline:
			e.t.Fatalf("no %s notification matched within %s", method, waitTimeout)
		}
	}
}

// diagnostics waits for the diagnostics of uri at version.
func (e *fakeEditor) diagnostics(uri string, version int32) []protocol.Diagnostic {
	e.t.Helper()
	var out protocol.PublishDiagnosticsParams
	raw := e.waitNote("textDocument/publishDiagnostics", func(p json.RawMessage) bool {
		var d protocol.PublishDiagnosticsParams
		return json.Unmarshal(p, &d) == nil && string(d.URI) == uri && int32(d.Version) == version
	})
	if err := json.Unmarshal(raw, &out); err != nil {
		e.t.Fatal(err)
	}
	return out.Diagnostics
}

// writeRaw sends bytes to the server as they are, bypassing framing.
func (e *fakeEditor) writeRaw(b string) {
	e.t.Helper()
	if _, err := io.WriteString(e.raw, b); err != nil {
		e.t.Fatal(err)
	}
}

// clearNotes forgets the notifications received so far.
func (e *fakeEditor) clearNotes() {
	e.mu.Lock()
	e.notes = nil
	e.mu.Unlock()
}

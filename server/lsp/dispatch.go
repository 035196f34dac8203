package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/jsonrpc2"
)

// LSP error codes that jsonrpc2 v0.10 does not define.
const (
	codeRequestCancelled jsonrpc2.Code = -32800
	codeRequestFailed    jsonrpc2.Code = -32803
)

// handlerFunc is one LSP method: it decodes params and calls a feature.
type handlerFunc func(ctx context.Context, s *Server, params json.RawMessage) (any, error)

// handle is the connection's handler: it routes, checks the session state,
// runs requests concurrently, recovers panics and implements $/cancelRequest.
func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	method := req.Method()
	call, isCall := req.(*jsonrpc2.Call)

	if method == "$/cancelRequest" {
		s.cancelRequest(req.Params())
		return nil
	}
	r, ok := routes[method]
	if !ok {
		if isCall {
			return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, "method not found: "+method))
		}
		return nil // unknown notifications ($/... and others) are ignored
	}
	if err := s.checkState(method); err != nil {
		if isCall {
			return reply(ctx, nil, err)
		}
		return nil
	}
	if !r.async || !isCall {
		result, err := s.run(ctx, method, r.fn, req.Params())
		if isCall {
			return reply(ctx, result, err)
		}
		return nil
	}
	cctx, cancel := context.WithCancel(ctx)
	s.calls.add(call.ID(), cancel)
	go func() {
		defer s.calls.done(call.ID())
		result, err := s.run(cctx, method, r.fn, req.Params())
		if cctx.Err() != nil && ctx.Err() == nil {
			result, err = nil, jsonrpc2.NewError(codeRequestCancelled, lab.MsgCancelled)
		}
		if rerr := reply(ctx, result, err); rerr != nil {
			s.log.Debug("reply failed", "method", method, "err", rerr)
		}
	}()
	return nil
}

// run calls a handler, turning a panic into an error reply so one bad
// request never takes the server down.
func (s *Server) run(ctx context.Context, method string, fn handlerFunc, params json.RawMessage) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("handler panic", "method", method, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			result, err = nil, jsonrpc2.NewError(jsonrpc2.InternalError, lab.MsgInternalError(method))
		}
	}()
	result, err = fn(ctx, s, params)
	return result, replyError(err)
}

// errorData is the data of a JSON-RPC error for an engine failure: the
// engine's own words in full (the message is the Korean explanation). The
// editor shows them, shortened, in its notification.
type errorData struct {
	Cause string `json:"cause,omitempty"`
	// Kind is the failure's docker.ErrorKind ("Unauthorized", …), so the
	// editor can offer the way on (a login after a refused push).
	Kind string `json:"kind"`
}

// replyError gives every failure a JSON-RPC code: engine failures become
// RequestFailed with their Korean message and the engine's cause as data.
func replyError(err error) error {
	if err == nil {
		return nil
	}
	var rpcErr *jsonrpc2.Error
	if errors.As(err, &rpcErr) {
		return jsonrpc2.NewError(rpcErr.Code, plainText(rpcErr.Message))
	}
	var engErr *docker.Error
	if errors.As(err, &engErr) {
		if engErr.Kind == docker.Canceled {
			return jsonrpc2.NewError(codeRequestCancelled, plainText(engErr.Message))
		}
		reply := jsonrpc2.NewError(codeRequestFailed, plainText(engErr.Message))
		data, _ := json.Marshal(errorData{Cause: lab.EngineCause(engErr), Kind: engErr.Kind.String()}) // strings always marshal
		raw := json.RawMessage(data)
		reply.Data = &raw
		return reply
	}
	if errors.Is(err, context.Canceled) {
		return jsonrpc2.NewError(codeRequestCancelled, lab.MsgCancelled)
	}
	return jsonrpc2.NewError(codeRequestFailed, plainText(err.Error()))
}

// checkState enforces the LSP life cycle: nothing but initialize before
// initialize, nothing but exit after shutdown.
func (s *Server) checkState(method string) error {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	switch {
	case method == "exit":
		return nil
	case s.shuttingDown:
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shutting down")
	case method == "initialize":
		if s.initialized {
			return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize was already called")
		}
		return nil
	case !s.initialized:
		return jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server is not initialized")
	}
	return nil
}

// cancelRequest cancels a running request. It accepts numeric and string
// ids: go.lsp.dev/protocol's own handler only matches int32, which a JSON
// number never decodes to.
func (s *Server) cancelRequest(raw json.RawMessage) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(raw, &p) != nil || len(p.ID) == 0 {
		return
	}
	var id jsonrpc2.ID
	if err := json.Unmarshal(p.ID, &id); err != nil {
		return
	}
	s.calls.cancel(id)
}

// callTable tracks the cancel functions of running requests by id.
type callTable struct {
	mu      sync.Mutex
	cancels map[jsonrpc2.ID]context.CancelFunc
}

func newCallTable() *callTable {
	return &callTable{cancels: make(map[jsonrpc2.ID]context.CancelFunc)}
}

func (t *callTable) add(id jsonrpc2.ID, cancel context.CancelFunc) {
	t.mu.Lock()
	t.cancels[id] = cancel
	t.mu.Unlock()
}

func (t *callTable) done(id jsonrpc2.ID) {
	t.mu.Lock()
	if c, ok := t.cancels[id]; ok {
		c()
		delete(t.cancels, id)
	}
	t.mu.Unlock()
}

func (t *callTable) cancel(id jsonrpc2.ID) {
	t.mu.Lock()
	c := t.cancels[id]
	t.mu.Unlock()
	if c != nil {
		c()
	}
}

func (t *callTable) cancelAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range t.cancels {
		c()
	}
}

func handleIgnore(context.Context, *Server, json.RawMessage) (any, error) { return nil, nil }

// Package lsp is dockerlab's language server: it speaks JSON-RPC with the
// editor and translates between LSP and the feature packages. Handlers are
// thin, one file per method; the features do the work. Only this package
// knows JSON-RPC.
package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	fastjson "github.com/segmentio/encoding/json" // what jsonrpc2 decodes with: faster than encoding/json
	"io"
	"log/slog"
	"runtime/debug"
	"sync"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/lab"
	"github.com/dockerlab/dockerlab/server/session"
	"go.lsp.dev/jsonrpc2"
)

// Options configure a server.
type Options struct {
	// Engine runs the lab's docker steps; nil means no Docker engine is
	// available (language features still work).
	Engine lab.Engine
	// Images describes local images for hovers; nil means none.
	Images session.ImageSource
	// Ping checks that the engine answers and what it is; nil skips it.
	Ping func(ctx context.Context) (docker.Info, error)
	// Host is the engine address the above talk to, for messages.
	Host engine.Host
	// Registries are Docker's credential store and reference rules for
	// push and login, and what registries hold; nil refuses push and login.
	Registries session.Registries
	// Compose runs Compose operations (the dockerlab-compose helper); nil
	// refuses them.
	Compose lab.ComposeRunner
	// K8s runs Kubernetes operations (the dockerlab-k8s helper); nil
	// refuses them.
	K8s session.K8sRunner
	// Connect returns the options of another engine when the
	// dockerlab.docker.host setting names one; nil keeps the above.
	Connect func(hostSetting string) (Options, error)
	// Log receives the server's log; nil discards it.
	Log *slog.Logger
	// Version is reported in serverInfo.
	Version string
}

// Server is one connection with one editor: the JSON-RPC connection, the
// LSP life cycle, what the client said it supports, and the requests and
// progress notifications in flight. Everything else (documents, settings,
// the engine, the lab) is the session's.
type Server struct {
	opts Options
	log  *slog.Logger
	conn jsonrpc2.Conn
	sess *session.Session

	calls *callTable
	// progressCancels maps live work-done progress tokens to the cancel
	// functions of their commands, for window/workDoneProgress/cancel.
	progressCancels sync.Map
	exited          chan struct{}
	exitOnce        sync.Once

	stateMu      sync.Mutex
	initialized  bool
	shuttingDown bool
	shutdownSeen bool
	client       clientCaps
}

// clientCaps are what the client said it supports at initialize.
type clientCaps struct {
	progress    bool // window/workDoneProgress/create
	snippets    bool // snippet completion items
	lensRefresh bool // workspace/codeLens/refresh
	hintRefresh bool // workspace/inlayHint/refresh
	watchFiles  bool // dynamic registration of workspace/didChangeWatchedFiles
}

// Serve runs a server on the stream r/w until the client sends exit or the
// stream ends. It returns nil after an orderly shutdown+exit.
func Serve(ctx context.Context, r io.Reader, w io.Writer, opts Options) error {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		opts:   opts,
		log:    opts.Log,
		calls:  newCallTable(),
		exited: make(chan struct{}),
	}
	var closer io.Closer
	if c, ok := r.(io.Closer); ok {
		closer = c
	}
	s.conn = jsonrpc2.NewConn(newStream(r, w, closer, s.log))
	var connect func(string) (session.Engine, error)
	if opts.Connect != nil {
		connect = s.connect
	}
	s.sess = session.New(session.Config{
		Engine:             sessionEngine(opts),
		Connect:            connect,
		Publish:            s.publishDiagnostics,
		LensesChanged:      s.refreshLenses,
		InsightChanged:     s.refreshHints,
		LabProgressChanged: s.sendLabProgress,
		KubeContextChanged: s.sendKubeContext,
		Registries:         opts.Registries,
		Compose:            opts.Compose,
		K8s:                opts.K8s,
		Log:                opts.Log,
	})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.conn.Go(ctx, s.handle)
	select {
	case <-s.conn.Done():
	case <-s.exited:
		s.conn.Close()
	case <-ctx.Done():
		s.conn.Close()
	}
	s.sess.Close()
	s.calls.cancelAll()
	s.stateMu.Lock()
	clean := s.shutdownSeen
	s.stateMu.Unlock()
	if !clean {
		return errExitWithoutShutdown
	}
	return nil
}

type serveError string

func (e serveError) Error() string { return string(e) }

// errExitWithoutShutdown tells main to exit with status 1, as LSP asks when
// exit comes without shutdown or the stream ends.
const errExitWithoutShutdown = serveError("connection ended without shutdown")

// notify sends a notification to the client, logging failures.
func (s *Server) notify(ctx context.Context, method string, params any) {
	if err := s.conn.Notify(ctx, method, params); err != nil {
		s.log.Debug("notify failed", "method", method, "err", err)
	}
}

// call sends a request to the client and decodes its result into result.
func (s *Server) call(ctx context.Context, method string, params, result any) error {
	_, err := s.conn.Call(ctx, method, params, result)
	return err
}

// unmarshal decodes params, turning errors into InvalidParams.
func unmarshal(raw json.RawMessage, v any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "missing params")
	}
	if err := fastjson.Unmarshal(raw, v); err != nil {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "invalid params: "+err.Error())
	}
	return nil
}

// sessionEngine is the session's view of the engine in opts.
func sessionEngine(opts Options) session.Engine {
	return session.Engine{Lab: opts.Engine, Images: opts.Images, Ping: opts.Ping, Address: opts.Host.Address, Source: opts.Host.Source}
}

// connect is the session's Connect: the engine a dockerlab.docker.host
// setting names.
func (s *Server) connect(host string) (session.Engine, error) {
	next, err := s.opts.Connect(host)
	if err != nil {
		return session.Engine{}, err
	}
	return sessionEngine(next), nil
}

// engineEnabled reports whether docker actions may run: an engine exists
// and the workspace is trusted.
func (s *Server) engineEnabled() bool { return s.sess.EngineEnabled() }

// recoverBackground ends a background goroutine's panic with a log line
// instead of the process: a request's panic is answered as an error, and
// work nobody waits for must not take the server down either.
func (s *Server) recoverBackground(what string) {
	if p := recover(); p != nil {
		s.log.Error("background panic", "work", what, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	}
}

// snapshot is the current snapshot of an open document, or nil.
func (s *Server) snapshot(u string) *snapshot { return s.sess.Snapshot(u) }

// snapshot is one version of one open document (the session's).
type snapshot = session.Snapshot

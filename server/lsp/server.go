// Package lsp is dockerlab's language server: it speaks JSON-RPC with the
// editor and translates between LSP and the feature packages. Handlers are
// thin, one file per method; the features do the work. Only this package
// knows JSON-RPC.
package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/hover"
	"github.com/dockerlab/dockerlab/server/lab"
	"github.com/dockerlab/dockerlab/server/lint"
	"go.lsp.dev/jsonrpc2"
)

// Options configure a server.
type Options struct {
	// Engine runs the lab's docker steps; nil means no Docker engine is
	// available (language features still work).
	Engine lab.Engine
	// Images describes local images for hovers; nil means none.
	Images ImageSource
	// Ping checks that the engine answers and what it is; nil skips it.
	Ping func(ctx context.Context) (engine.Info, error)
	// Host is the engine address the above talk to, for messages.
	Host engine.Host
	// Connect returns the options of another engine when the
	// dockerlab.docker.host setting names one; nil keeps the above.
	Connect func(hostSetting string) (Options, error)
	// Log receives the server's log; nil discards it.
	Log *slog.Logger
	// Version is reported in serverInfo.
	Version string
}

// Server is one language server session with one editor.
type Server struct {
	opts Options
	log  *slog.Logger
	conn jsonrpc2.Conn
	docs *document.Store

	snapMu sync.Mutex
	snaps  map[string]*snapshot

	diags  *diagnoser
	images *imageCache // nil without an image source
	calls  *callTable

	stateMu      sync.Mutex
	initialized  bool
	shuttingDown bool
	trusted      bool
	progress     bool // the client accepts window/workDoneProgress/create
	snippets     bool // the client accepts snippet completion items
	exited       chan struct{}
	// progressCancels maps live work-done progress tokens to the cancel
	// functions of their commands, for window/workDoneProgress/cancel.
	progressCancels sync.Map
	exitOnce        sync.Once
	shutdownSeen    bool
	settings        settings
	lensRefresh     bool  // the client accepts workspace/codeLens/refresh
	hostErr         error // the dockerlab.docker.host setting could not be used
	lab             labState
	lintCaches      map[string]*lint.Cache // BuildKit's results per stage, per open document
	lintGen         atomic.Int64           // moves when what checks read besides the text changes
	findingsMu      sync.Mutex
	lastFindings    map[string]cachedFinding // by URI: the newest check
	logFollowers    sync.Map                 // container ID -> context.CancelFunc of its `docker logs -f`
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
		docs:   document.NewStore(),
		snaps:  make(map[string]*snapshot),
		calls:  newCallTable(),
		exited: make(chan struct{}),
	}
	var closer io.Closer
	if c, ok := r.(io.Closer); ok {
		closer = c
	}
	s.conn = jsonrpc2.NewConn(newStream(r, w, closer, s.log))
	s.diags = newDiagnoser(s)
	if opts.Images != nil {
		s.images = newImageCache(opts.Images)
		s.images.onLoaded = s.rediagnoseAll
	}
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
	s.diags.stop()
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
	if len(raw) == 0 {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "missing params")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "invalid params: "+err.Error())
	}
	return nil
}

// imageLookup returns the image cache for hovers, or nil when the engine
// may not be used (no engine, or an untrusted workspace).
func (s *Server) imageLookup() hover.Images {
	if s.images == nil || !s.engineEnabled() {
		return nil
	}
	return s.images
}

// engineEnabled reports whether docker actions may run: an engine exists
// and the workspace is trusted.
func (s *Server) engineEnabled() bool {
	s.stateMu.Lock()
	defer s.stateMu.Unlock()
	return s.trusted && s.opts.Engine != nil
}

// recoverBackground ends a background goroutine's panic with a log line
// instead of the process: a request's panic is answered as an error, and
// work nobody waits for must not take the server down either.
func (s *Server) recoverBackground(what string) {
	if p := recover(); p != nil {
		s.log.Error("background panic", "work", what, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	}
}

// rediagnoseAll checks every open document again (an image's platform
// became known, or the settings changed).
func (s *Server) rediagnoseAll() {
	s.lintGen.Add(1)
	s.snapMu.Lock()
	uris := make([]string, 0, len(s.snaps))
	for u := range s.snaps {
		uris = append(uris, u)
	}
	s.snapMu.Unlock()
	for _, u := range uris {
		s.diags.changed(u)
	}
}

// contextChanged checks every open document again after files around them
// changed on disk.
func (s *Server) contextChanged() { s.rediagnoseAll() }

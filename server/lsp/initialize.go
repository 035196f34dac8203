package lsp

import (
	"context"
	"encoding/json"

	fastjson "github.com/segmentio/encoding/json"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/lab"
	"github.com/dockerlab/dockerlab/server/lint"

	"go.lsp.dev/protocol"
)

// initializationOptions are what the dockerlab extension sends. Other
// clients send nothing, and get language features only: docker actions need
// an explicit trusted:true.
type initializationOptions struct {
	Trusted  bool     `json:"trusted"`
	Settings settings `json:"settings"`
}

func handleInitialize(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p struct {
		Capabilities struct {
			Window struct {
				WorkDoneProgress bool `json:"workDoneProgress"`
			} `json:"window"`
			TextDocument struct {
				Completion struct {
					CompletionItem struct {
						SnippetSupport bool `json:"snippetSupport"`
					} `json:"completionItem"`
				} `json:"completion"`
			} `json:"textDocument"`
			Workspace struct {
				CodeLens struct {
					RefreshSupport bool `json:"refreshSupport"`
				} `json:"codeLens"`
				InlayHint struct {
					RefreshSupport bool `json:"refreshSupport"`
				} `json:"inlayHint"`
				DidChangeWatchedFiles struct {
					DynamicRegistration bool `json:"dynamicRegistration"`
				} `json:"didChangeWatchedFiles"`
			} `json:"workspace"`
		} `json:"capabilities"`
		InitializationOptions json.RawMessage `json:"initializationOptions"`
	}
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	opts := initializationOptions{Settings: contract.DefaultSettings()}
	if len(p.InitializationOptions) > 0 {
		_ = json.Unmarshal(p.InitializationOptions, &opts) // unknown shapes mean defaults
	}
	s.sess.Configure(opts.Settings, opts.Trusted)
	s.stateMu.Lock()
	s.initialized = true
	s.client = clientCaps{
		progress:    p.Capabilities.Window.WorkDoneProgress,
		snippets:    p.Capabilities.TextDocument.Completion.CompletionItem.SnippetSupport,
		lensRefresh: p.Capabilities.Workspace.CodeLens.RefreshSupport,
		hintRefresh: p.Capabilities.Workspace.InlayHint.RefreshSupport,
		watchFiles:  p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration,
	}
	s.stateMu.Unlock()

	// Marshalled here with encoding/json: the first marshal of this large
	// type costs jsonrpc2's encoder about 2 ms (it builds a codec for every
	// nested type) and encoding/json a third of that, and initialize is
	// what an editor waits for before anything else.
	res, err := json.Marshal(struct {
		Capabilities capabilities         `json:"capabilities"`
		ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
	}{s.capabilities(), &protocol.ServerInfo{Name: "dockerlab", Version: s.opts.Version}})
	if err != nil {
		return nil, err
	}
	return json.RawMessage(res), nil
}

// handleInitialized starts the background work that makes the first
// requests fast (warming the checks up, listing the local images for
// completion) and checks, off the read loop, whether a Docker engine
// answers, telling the learner in Korean when none does.
func handleInitialized(ctx context.Context, s *Server, _ json.RawMessage) (any, error) {
	go s.warmUp()
	go s.watchContextFiles()
	s.sess.PrefetchImages()
	if !s.engineEnabled() || !s.sess.CanPing() {
		return nil, nil
	}
	go s.sess.KubeContext() // the Kubernetes status item
	go func() {
		if _, err := s.checkEngine(context.Background()); err != nil {
			s.notify(context.Background(), "window/showMessage", protocol.ShowMessageParams{
				Type: protocol.MessageTypeWarning, Message: plainText(lab.EngineMessage(err))})
		}
	}()
	return nil, nil
}

func handleShutdown(ctx context.Context, s *Server, _ json.RawMessage) (any, error) {
	s.stateMu.Lock()
	s.shuttingDown = true
	s.shutdownSeen = true
	s.stateMu.Unlock()
	return nil, nil
}

func handleExit(ctx context.Context, s *Server, _ json.RawMessage) (any, error) {
	s.exitOnce.Do(func() { close(s.exited) })
	return nil, nil
}

// warmUpText is a small Dockerfile that goes through every check once.
const warmUpText = "# check=skip=none\nARG BASE=alpine:3.20\nFROM ${BASE} AS build\nRUN apt-get update && apt-get install -y curl\n" +
	"COPY . /src\nFROM build AS test\nRUN --mount=type=cache,target=/root/.cache echo ok\nFROM scratch\nCOPY --from=build /src /app\n" +
	"ENV A=1\nEXPOSE 3000\nCMD [\"/app\"]\n"

// warmUp checks a small Dockerfile in the background right after start,
// so the first real document does not also pay for the one-time set-up
// inside BuildKit's parser and linter and our tables.
func (s *Server) warmUp() {
	defer s.recoverBackground("warm-up")
	lint.Check(context.Background(), dockerfile.ParseCached(warmUpText, dockerfile.NewParseCache()), lint.Options{})
	// jsonrpc2's encoder builds a codec per type on first use (about a
	// millisecond for these): build them now, not on the first hover.
	for _, v := range []any{protocol.Hover{}, protocol.CompletionList{}, protocol.CompletionItem{},
		protocol.PublishDiagnosticsParams{}, []protocol.CodeLens{}, []protocol.CodeAction{}, protocol.SemanticTokens{},
		[]protocol.DocumentSymbol{}, []protocol.FoldingRange{}, protocol.SignatureHelp{}, []protocol.DocumentHighlight{}} {
		_, _ = fastjson.Marshal(v)
	}
}

// watchContextFiles asks the client to report changes of files on disk
// (LSP's dynamic registration of workspace/didChangeWatchedFiles): a build
// context's files (package-lock.json, .dockerignore, COPY sources) change
// what the checks say about the Dockerfile beside them.
func (s *Server) watchContextFiles() {
	defer s.recoverBackground("file watching")
	s.stateMu.Lock()
	ok := s.client.watchFiles
	s.stateMu.Unlock()
	if !ok {
		return
	}
	s.ask("client/registerCapability", map[string]any{"registrations": []map[string]any{{
		"id":              "dockerlab-context-files",
		"method":          "workspace/didChangeWatchedFiles",
		"registerOptions": map[string]any{"watchers": []map[string]any{{"globPattern": "**/*"}}},
	}}})
}

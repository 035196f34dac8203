package lsp

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/lint"

	"go.lsp.dev/protocol"
)

// initializationOptions are what the dockerlab extension sends. Other
// clients send nothing, and get language features only: docker actions need
// an explicit trusted:true.
type initializationOptions struct {
	Trusted  bool     `json:"trusted"`
	Locale   string   `json:"locale"`
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
			} `json:"workspace"`
		} `json:"capabilities"`
		InitializationOptions json.RawMessage `json:"initializationOptions"`
	}
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	var opts initializationOptions
	if len(p.InitializationOptions) > 0 {
		_ = json.Unmarshal(p.InitializationOptions, &opts) // unknown shapes mean defaults
	}
	s.stateMu.Lock()
	s.initialized = true
	s.trusted = opts.Trusted
	s.settings = opts.Settings
	if opts.Settings.Docker.Host != "" && s.opts.Connect != nil {
		if next, err := s.opts.Connect(opts.Settings.Docker.Host); err == nil {
			s.useEngine(next)
		} else {
			// Say so (checkEngine reports it) rather than quietly use another engine.
			s.log.Warn("dockerlab.docker.host unusable", "err", err)
			s.hostErr = fmt.Errorf("dockerlab.docker.host %q: %w", opts.Settings.Docker.Host, err)
		}
	}
	s.progress = p.Capabilities.Window.WorkDoneProgress
	s.snippets = p.Capabilities.TextDocument.Completion.CompletionItem.SnippetSupport
	s.lensRefresh = p.Capabilities.Workspace.CodeLens.RefreshSupport
	s.stateMu.Unlock()

	return protocol.InitializeResult{
		Capabilities: s.capabilities(),
		ServerInfo:   &protocol.ServerInfo{Name: "dockerlab", Version: s.opts.Version},
	}, nil
}

// handleInitialized starts the background work that makes the first
// requests fast (warming the checks up, listing the local images for
// completion) and checks, off the read loop, whether a Docker engine
// answers, telling the learner in Korean when none does.
func handleInitialized(ctx context.Context, s *Server, _ json.RawMessage) (any, error) {
	go s.warmUp()
	s.prefetchImages()
	if !s.engineEnabled() || s.opts.Ping == nil {
		return nil, nil
	}
	go func() {
		if err := s.checkEngine(context.Background()); err != nil {
			s.notify(context.Background(), "window/showMessage", protocol.ShowMessageParams{
				Type: protocol.MessageTypeWarning, Message: plainText(engineMessage(err))})
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
}

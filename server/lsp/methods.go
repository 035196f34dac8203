package lsp

import (
	"github.com/dockerlab/dockerlab/server/completion"
	"go.lsp.dev/protocol"
)

// method is one LSP method the server answers: its handler, whether it runs
// on its own goroutine, and the capability that advertises it.
//
// Notifications that change documents run in order on the read loop (they
// are cheap); requests run on their own goroutine so a long one (a build, a
// big lint) never blocks hover.
type method struct {
	name  string
	fn    handlerFunc
	async bool
	// capability sets what initialize advertises for this method; nil
	// when it has none of its own (or shares another's).
	capability func(s *Server, c *capabilities)
}

// methods is the server's whole surface, in one place: every method, its
// handler and its capability. Nothing else registers routes.
func methods() []method {
	return []method{
		// Life cycle and configuration.
		{name: "initialize", fn: handleInitialize},
		{name: "initialized", fn: handleInitialized},
		{name: "shutdown", fn: handleShutdown},
		{name: "exit", fn: handleExit},
		{name: "$/setTrace", fn: handleIgnore},
		{name: "workspace/didChangeConfiguration", fn: handleDidChangeConfiguration},
		{name: "workspace/didChangeWatchedFiles", fn: handleDidChangeWatchedFiles},
		{name: "window/workDoneProgress/cancel", fn: handleProgressCancel},

		// Document sync.
		{name: "textDocument/didOpen", fn: handleDidOpen, capability: func(s *Server, c *capabilities) {
			c.TextDocumentSync = protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindIncremental,
				Save:      &protocol.SaveOptions{},
			}
		}},
		{name: "textDocument/didChange", fn: handleDidChange},
		{name: "textDocument/didSave", fn: handleDidSave},
		{name: "textDocument/didClose", fn: handleDidClose},

		// Language features: one pure feature package each.
		{name: "textDocument/hover", fn: atPosition(byKind(handleHover, composeHover, manifestHover)), async: true, capability: func(s *Server, c *capabilities) {
			c.HoverProvider = true
		}},
		{name: "textDocument/completion", fn: atPosition(byKind(handleCompletion, composeCompletion, manifestCompletion)), async: true, capability: func(s *Server, c *capabilities) {
			c.CompletionProvider = &protocol.CompletionOptions{TriggerCharacters: completion.TriggerCharacters, ResolveProvider: true}
		}},
		{name: "completionItem/resolve", fn: handleCompletionResolve, async: true},
		{name: "textDocument/signatureHelp", fn: atPosition(byKind(handleSignatureHelp, nil, nil)), async: true, capability: func(s *Server, c *capabilities) {
			c.SignatureHelpProvider = &protocol.SignatureHelpOptions{
				TriggerCharacters:   []string{" ", "["},
				RetriggerCharacters: []string{",", "=", ":", "/"},
			}
		}},
		{name: "textDocument/codeAction", fn: onDocument(byKindDoc(handleCodeAction, composeCodeActions, manifestCodeActions)), async: true, capability: func(s *Server, c *capabilities) {
			c.CodeActionProvider = &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix}}
		}},
		{name: "textDocument/definition", fn: atPosition(byKind(handleDefinition, composeDefinition, nil)), async: true, capability: func(s *Server, c *capabilities) {
			c.DefinitionProvider = true
		}},
		{name: "textDocument/references", fn: atPosition(byKind(handleReferences, composeReferences, nil)), async: true, capability: func(s *Server, c *capabilities) {
			c.ReferencesProvider = true
		}},
		{name: "textDocument/documentHighlight", fn: atPosition(byKind(handleDocumentHighlight, composeHighlight, nil)), async: true, capability: func(s *Server, c *capabilities) {
			c.DocumentHighlightProvider = true
		}},
		{name: "textDocument/prepareRename", fn: atPosition(byKind(handlePrepareRename, composePrepareRename, nil)), async: true},
		{name: "textDocument/rename", fn: atPosition(byKind(handleRename, composeRename, nil)), async: true, capability: func(s *Server, c *capabilities) {
			c.RenameProvider = &protocol.RenameOptions{PrepareProvider: true}
		}},
		{name: "textDocument/documentSymbol", fn: onDocument(byKindDoc(handleDocumentSymbol, composeSymbols, manifestSymbols)), async: true, capability: func(s *Server, c *capabilities) {
			c.DocumentSymbolProvider = &protocol.DocumentSymbolOptions{Label: "Dockerfile"}
		}},
		{name: "textDocument/documentLink", fn: onDocument(byKindDoc(handleDocumentLink, composeLinks, nil)), async: true, capability: func(s *Server, c *capabilities) {
			c.DocumentLinkProvider = &protocol.DocumentLinkOptions{}
		}},
		{name: "textDocument/foldingRange", fn: onDocument(byKindDoc(handleFoldingRange, composeFolding, nil)), async: true, capability: func(s *Server, c *capabilities) {
			c.FoldingRangeProvider = true
		}},
		{name: "textDocument/semanticTokens/full", fn: onDocument(byKindDoc(handleSemanticTokensFull, nil, nil)), async: true, capability: func(s *Server, c *capabilities) {
			c.SemanticTokensProvider = semanticTokensOptions{Legend: semanticLegend(), Full: true, Range: true}
		}},
		{name: "textDocument/semanticTokens/range", fn: onDocument(byKindDoc(handleSemanticTokensRange, nil, nil)), async: true},
		{name: "textDocument/formatting", fn: onDocument(byKindDoc(handleFormatting, composeFormatting, nil)), async: true, capability: func(s *Server, c *capabilities) {
			c.DocumentFormattingProvider = true
		}},
		{name: "textDocument/rangeFormatting", fn: onDocument(byKindDoc(handleRangeFormatting, nil, nil)), async: true, capability: func(s *Server, c *capabilities) {
			c.DocumentRangeFormattingProvider = true
		}},
		{name: "textDocument/onTypeFormatting", fn: atPosition(byKind(handleOnTypeFormatting, nil, nil)), async: true, capability: func(s *Server, c *capabilities) {
			c.DocumentOnTypeFormattingProvider = &protocol.DocumentOnTypeFormattingOptions{FirstTriggerCharacter: "\n"}
		}},

		// The lab: docker steps, only in a trusted workspace with an engine.
		{name: "textDocument/codeLens", fn: onDocument(byKindDoc(handleCodeLens, composeCodeLens, nil)), async: true, capability: func(s *Server, c *capabilities) {
			if s.engineEnabled() {
				c.CodeLensProvider = &protocol.CodeLensOptions{}
			}
		}},
		{name: "textDocument/inlayHint", fn: onDocument(byKindDoc(handleInlayHint, nil, nil)), async: true, capability: func(s *Server, c *capabilities) {
			if s.engineEnabled() {
				c.InlayHintProvider = true
			}
		}},
		{name: "workspace/executeCommand", fn: handleExecuteCommand, async: true, capability: func(s *Server, c *capabilities) {
			if s.engineEnabled() {
				c.ExecuteCommandProvider = &protocol.ExecuteCommandOptions{Commands: labCommandIDs()}
			}
		}},
	}
}

// routes is the method table by name, built once.
var routes = func() map[string]method {
	m := map[string]method{}
	for _, x := range methods() {
		m[x.name] = x
	}
	return m
}()

// capabilities are the server's capabilities: go.lsp.dev/protocol's, and
// those of LSP 3.17 it lacks.
type capabilities struct {
	protocol.ServerCapabilities
	InlayHintProvider bool `json:"inlayHintProvider,omitempty"`
}

// capabilities are what initialize advertises: each method's own.
func (s *Server) capabilities() capabilities {
	var c capabilities
	for _, x := range methods() {
		if x.capability != nil {
			x.capability(s, &c)
		}
	}
	return c
}

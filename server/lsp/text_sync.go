package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/session"
	"go.lsp.dev/protocol"
)

func handleDidOpen(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DidOpenTextDocumentParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	s.sess.OpenAs(string(p.TextDocument.URI), string(p.TextDocument.LanguageID), p.TextDocument.Version, p.TextDocument.Text)
	return nil, nil
}

// changeParams is didChange's params with a pointer range: go.lsp.dev's
// TextDocumentContentChangeEvent cannot tell a full-text change (no range)
// from an edit at 0:0.
type changeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []struct {
		Range *protocol.Range `json:"range"`
		Text  string          `json:"text"`
	} `json:"contentChanges"`
}

func handleDidChange(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p changeParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	changes := make([]document.Change, len(p.ContentChanges))
	for i, c := range p.ContentChanges {
		changes[i].Text = c.Text
		if c.Range != nil {
			changes[i].Range = &document.Range{Start: fromPosition(c.Range.Start), End: fromPosition(c.Range.End)}
		}
	}
	u := string(p.TextDocument.URI)
	clamped, err := s.sess.Change(u, p.TextDocument.Version, changes)
	if err != nil {
		s.log.Warn("didChange ignored", "err", err)
		return nil, nil
	}
	if clamped {
		s.log.Warn("didChange had out-of-range positions; clamped", "uri", u, "version", p.TextDocument.Version)
	}
	return nil, nil
}

func handleDidClose(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DidCloseTextDocumentParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	s.sess.CloseDocument(string(p.TextDocument.URI))
	return nil, nil
}

// handleDidSave re-checks the documents whose build context holds the saved
// file (a saved .dockerignore or package.json changes what they read).
func handleDidSave(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DidSaveTextDocumentParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	s.sess.ContextChanged([]string{session.DockerfilePath(string(p.TextDocument.URI))})
	s.sess.ComposeSaved(string(p.TextDocument.URI))
	return nil, nil
}

// handleDidChangeWatchedFiles re-checks the open documents whose build
// context holds a file that changed on disk (package-lock.json appearing
// changes what `RUN npm install` should be).
func handleDidChangeWatchedFiles(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DidChangeWatchedFilesParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	paths := make([]string, 0, len(p.Changes))
	for _, c := range p.Changes {
		if c != nil {
			paths = append(paths, session.DockerfilePath(string(c.URI)))
		}
	}
	s.sess.ContextChanged(paths)
	return nil, nil
}

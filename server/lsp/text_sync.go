package lsp

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/document"
	"go.lsp.dev/protocol"
)

// snapshot is one version of a document with its model, parsed once on
// first use and then shared by every feature.
type snapshot struct {
	doc    *document.Document
	parses *dockerfile.ParseCache // the document's stages parsed so far, shared by its snapshots
	once   sync.Once
	model  *dockerfile.Model
}

func (sn *snapshot) Model() *dockerfile.Model {
	sn.once.Do(func() { sn.model = dockerfile.ParseCached(sn.doc.Text, sn.parses) })
	return sn.model
}

// snapshot returns the current snapshot of uri, or nil when it is not open.
func (s *Server) snapshot(uri string) *snapshot {
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	return s.snaps[uri]
}

func (s *Server) setSnapshot(d *document.Document) {
	s.snapMu.Lock()
	parses := dockerfile.NewParseCache()
	if old := s.snaps[d.URI]; old != nil {
		parses = old.parses
	}
	s.snaps[d.URI] = &snapshot{doc: d, parses: parses}
	s.snapMu.Unlock()
	s.diags.changed(d.URI)
}

func handleDidOpen(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DidOpenTextDocumentParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	s.setSnapshot(s.docs.Open(string(p.TextDocument.URI), p.TextDocument.Version, p.TextDocument.Text))
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
	uri := string(p.TextDocument.URI)
	d, clamped, err := s.docs.Change(uri, p.TextDocument.Version, changes)
	if err != nil {
		s.log.Warn("didChange ignored", "err", err)
		return nil, nil
	}
	if clamped {
		s.log.Warn("didChange had out-of-range positions; clamped", "uri", uri, "version", p.TextDocument.Version)
	}
	s.setSnapshot(d)
	return nil, nil
}

func handleDidClose(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DidCloseTextDocumentParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	uri := string(p.TextDocument.URI)
	s.docs.Close(uri)
	s.stateMu.Lock()
	delete(s.lintCaches, uri)
	s.stateMu.Unlock()
	s.findingsMu.Lock()
	delete(s.lastFindings, uri)
	s.findingsMu.Unlock()
	s.snapMu.Lock()
	delete(s.snaps, uri)
	s.snapMu.Unlock()
	s.diags.closed(uri)
	return nil, nil
}

// handleDidSave re-checks the saved document: a save is when the learner
// expects the build's view of the context (files beside the Dockerfile)
// to be read again.
func handleDidSave(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DidSaveTextDocumentParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	s.contextChanged()
	return nil, nil
}

// handleDidChangeWatchedFiles re-checks the open documents when a file of
// a build context they read changed on disk (package-lock.json appearing
// changes what `RUN npm install` should be).
func handleDidChangeWatchedFiles(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DidChangeWatchedFilesParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	if len(p.Changes) > 0 {
		s.contextChanged()
	}
	return nil, nil
}

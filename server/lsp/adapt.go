package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"
)

// The adapters below are every handler's prologue, written once: decode
// the params, find the document's current snapshot (a document that is not
// open is answered with null), and turn the position into a byte offset.
// Every textDocument request names its document (and position) in the same
// fields, so the adapters read those fields themselves, whatever P is.

// where is the part of a request's params that says where it applies.
type where struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Position     protocol.Position               `json:"position"`
}

// decode reads params as P and where they apply.
func decode[P any](raw json.RawMessage) (*P, where, error) {
	var p P
	var w where
	if err := unmarshal(raw, &p); err != nil {
		return nil, w, err
	}
	if err := unmarshal(raw, &w); err != nil {
		return nil, w, err
	}
	return &p, w, nil
}

// onDocument adapts a feature that reads one whole document.
func onDocument[P any](fn func(ctx context.Context, s *Server, sn *snapshot, p *P) (any, error)) handlerFunc {
	return adapt(func(ctx context.Context, s *Server, sn *snapshot, _ where, p *P) (any, error) {
		return fn(ctx, s, sn, p)
	})
}

// atPosition adapts a feature that reads one document at one position; the
// offset is clamped to the text.
func atPosition[P any](fn func(ctx context.Context, s *Server, sn *snapshot, offset int, p *P) (any, error)) handlerFunc {
	return adapt(func(ctx context.Context, s *Server, sn *snapshot, w where, p *P) (any, error) {
		offset, _ := sn.Mapper().Offset(fromPosition(w.Position))
		return fn(ctx, s, sn, offset, p)
	})
}

// adapt decodes the params, finds the snapshot and calls fn.
func adapt[P any](fn func(ctx context.Context, s *Server, sn *snapshot, w where, p *P) (any, error)) handlerFunc {
	return func(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
		p, w, err := decode[P](raw)
		if err != nil {
			return nil, err
		}
		sn := s.snapshot(string(w.TextDocument.URI))
		if sn == nil {
			return nil, nil
		}
		return fn(ctx, s, sn, w, p)
	}
}

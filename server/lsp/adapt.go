package lsp

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"
)

// The adapters below are every handler's prologue, written once: decode
// the params, find the document's current snapshot (a document that is not
// open is answered with null), and turn the position into a byte offset.

// onDocument adapts a feature that reads one whole document.
func onDocument[P any](doc func(*P) protocol.TextDocumentIdentifier, fn func(ctx context.Context, s *Server, sn *snapshot, p *P) (any, error)) handlerFunc {
	return func(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
		var p P
		if err := unmarshal(raw, &p); err != nil {
			return nil, err
		}
		sn := s.snapshot(string(doc(&p).URI))
		if sn == nil {
			return nil, nil
		}
		return fn(ctx, s, sn, &p)
	}
}

// atPosition adapts a feature that reads one document at one position; the
// offset is clamped to the text.
func atPosition[P any](pos func(*P) protocol.TextDocumentPositionParams, fn func(ctx context.Context, s *Server, sn *snapshot, offset int, p *P) (any, error)) handlerFunc {
	return func(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
		var p P
		if err := unmarshal(raw, &p); err != nil {
			return nil, err
		}
		tp := pos(&p)
		sn := s.snapshot(string(tp.TextDocument.URI))
		if sn == nil {
			return nil, nil
		}
		offset, _ := sn.Mapper().Offset(fromPosition(tp.Position))
		return fn(ctx, s, sn, offset, &p)
	}
}

// Where each request's params name their document and position.
func hoverPos(p *protocol.HoverParams) protocol.TextDocumentPositionParams {
	return p.TextDocumentPositionParams
}
func completionPos(p *protocol.CompletionParams) protocol.TextDocumentPositionParams {
	return p.TextDocumentPositionParams
}
func signaturePos(p *protocol.SignatureHelpParams) protocol.TextDocumentPositionParams {
	return p.TextDocumentPositionParams
}
func definitionPos(p *protocol.DefinitionParams) protocol.TextDocumentPositionParams {
	return p.TextDocumentPositionParams
}
func referencesPos(p *protocol.ReferenceParams) protocol.TextDocumentPositionParams {
	return p.TextDocumentPositionParams
}
func highlightPos(p *protocol.DocumentHighlightParams) protocol.TextDocumentPositionParams {
	return p.TextDocumentPositionParams
}
func prepareRenamePos(p *protocol.PrepareRenameParams) protocol.TextDocumentPositionParams {
	return p.TextDocumentPositionParams
}
func renamePos(p *protocol.RenameParams) protocol.TextDocumentPositionParams {
	return p.TextDocumentPositionParams
}
func onTypePos(p *protocol.DocumentOnTypeFormattingParams) protocol.TextDocumentPositionParams {
	return protocol.TextDocumentPositionParams{TextDocument: p.TextDocument, Position: p.Position}
}
func codeActionDoc(p *protocol.CodeActionParams) protocol.TextDocumentIdentifier {
	return p.TextDocument
}
func symbolDoc(p *protocol.DocumentSymbolParams) protocol.TextDocumentIdentifier {
	return p.TextDocument
}
func linkDoc(p *protocol.DocumentLinkParams) protocol.TextDocumentIdentifier { return p.TextDocument }
func foldingDoc(p *protocol.FoldingRangeParams) protocol.TextDocumentIdentifier {
	return p.TextDocument
}
func tokensDoc(p *protocol.SemanticTokensParams) protocol.TextDocumentIdentifier {
	return p.TextDocument
}
func tokensRangeDoc(p *protocol.SemanticTokensRangeParams) protocol.TextDocumentIdentifier {
	return p.TextDocument
}
func formattingDoc(p *protocol.DocumentFormattingParams) protocol.TextDocumentIdentifier {
	return p.TextDocument
}
func rangeFormattingDoc(p *protocol.DocumentRangeFormattingParams) protocol.TextDocumentIdentifier {
	return p.TextDocument
}

package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/server/semantic"
	"go.lsp.dev/protocol"
)

func init() {
	routes["textDocument/semanticTokens/range"] = route{fn: handleSemanticTokensRange, async: true}
}

// handleSemanticTokensRange classifies the visible part of the document
// (the capability is advertised in semantic_tokens.go).
func handleSemanticTokensRange(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.SemanticTokensRangeParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	sn := s.snapshot(string(p.TextDocument.URI))
	if sn == nil {
		return nil, nil
	}
	mp := sn.doc.Mapper()
	start, _ := mp.Offset(fromPosition(p.Range.Start))
	end, _ := mp.Offset(fromPosition(p.Range.End))
	return protocol.SemanticTokens{Data: encodeTokens(mp, semantic.Range(sn.Model(), start, end))}, nil
}

package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/semantic"
	"go.lsp.dev/protocol"
)

// handleSemanticTokensRange classifies the visible part of the document
// (the capability is advertised in semantic_tokens.go).
func handleSemanticTokensRange(ctx context.Context, s *Server, sn *snapshot, p *protocol.SemanticTokensRangeParams) (any, error) {
	mp := sn.Mapper()
	start, _ := mp.Offset(fromPosition(p.Range.Start))
	end, _ := mp.Offset(fromPosition(p.Range.End))
	return protocol.SemanticTokens{Data: encodeTokens(mp, semantic.Range(sn.Model(), start, end))}, nil
}

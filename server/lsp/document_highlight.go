package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/navigation"
	"go.lsp.dev/protocol"
)

// handleDocumentHighlight marks every occurrence of the stage name or
// variable under the cursor: definitions as writes, uses as reads.
func handleDocumentHighlight(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.DocumentHighlightParams) (any, error) {
	mp := sn.Mapper()
	occs := navigation.Highlights(sn.Model(), offset)
	if len(occs) == 0 {
		return nil, nil
	}
	out := make([]protocol.DocumentHighlight, 0, len(occs))
	for _, o := range occs {
		kind := protocol.DocumentHighlightKindRead
		if o.Def {
			kind = protocol.DocumentHighlightKindWrite
		}
		out = append(out, protocol.DocumentHighlight{Range: toRange(mp, o.Span), Kind: kind})
	}
	return out, nil
}

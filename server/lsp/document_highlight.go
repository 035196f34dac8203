package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/server/navigation"
	"go.lsp.dev/protocol"
)

func init() {
	routes["textDocument/documentHighlight"] = route{fn: handleDocumentHighlight, async: true}
	capabilityHooks = append(capabilityHooks, func(s *Server, c *protocol.ServerCapabilities) {
		c.DocumentHighlightProvider = true
	})
}

// handleDocumentHighlight marks every occurrence of the stage name or
// variable under the cursor: definitions as writes, uses as reads.
func handleDocumentHighlight(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DocumentHighlightParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	sn, offset := s.snapshotAt(p.TextDocument.URI, p.Position)
	if sn == nil {
		return nil, nil
	}
	mp := sn.doc.Mapper()
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

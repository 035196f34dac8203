package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/server/navigation"
	"go.lsp.dev/protocol"
)

func init() {
	routes["textDocument/references"] = route{fn: handleReferences, async: true}
	capabilityHooks = append(capabilityHooks, func(s *Server, c *protocol.ServerCapabilities) {
		c.ReferencesProvider = true
	})
}

// handleReferences lists every use of a stage name or variable in the file.
func handleReferences(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.ReferenceParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	sn, offset := s.snapshotAt(p.TextDocument.URI, p.Position)
	if sn == nil {
		return nil, nil
	}
	mp := sn.doc.Mapper()
	occs := navigation.References(sn.Model(), offset, p.Context.IncludeDeclaration)
	if len(occs) == 0 {
		return nil, nil
	}
	out := make([]protocol.Location, 0, len(occs))
	for _, o := range occs {
		out = append(out, protocol.Location{URI: p.TextDocument.URI, Range: toRange(mp, o.Span)})
	}
	return out, nil
}

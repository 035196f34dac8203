package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/navigation"
	"go.lsp.dev/protocol"
)

// handleReferences lists every use of a stage name or variable in the file.
func handleReferences(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.ReferenceParams) (any, error) {
	mp := sn.Mapper()
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

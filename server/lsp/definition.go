package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/navigation"
	"go.lsp.dev/protocol"
)

// handleDefinition jumps from a stage name or a variable to where it is
// defined: `AS name`, or the ARG/ENV in scope (for a stage's `ARG NAME`,
// the global ARG it redeclares).
func handleDefinition(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.DefinitionParams) (any, error) {
	mp := sn.Mapper()
	span, ok := navigation.Definition(sn.Model(), offset)
	if !ok {
		return nil, nil
	}
	return []protocol.Location{{URI: p.TextDocument.URI, Range: toRange(mp, span)}}, nil
}

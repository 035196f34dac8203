package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/server/navigation"
	"go.lsp.dev/protocol"
)

func init() {
	routes["textDocument/definition"] = route{fn: handleDefinition, async: true}
	capabilityHooks = append(capabilityHooks, func(s *Server, c *protocol.ServerCapabilities) {
		c.DefinitionProvider = true
	})
}

// handleDefinition jumps from a stage name or a variable to where it is
// defined: `AS name`, or the ARG/ENV in scope (for a stage's `ARG NAME`,
// the global ARG it redeclares).
func handleDefinition(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DefinitionParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	sn, offset := s.snapshotAt(p.TextDocument.URI, p.Position)
	if sn == nil {
		return nil, nil
	}
	mp := sn.doc.Mapper()
	span, ok := navigation.Definition(sn.Model(), offset)
	if !ok {
		return nil, nil
	}
	return []protocol.Location{{URI: p.TextDocument.URI, Range: toRange(mp, span)}}, nil
}

package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/server/links"
	"go.lsp.dev/protocol"
)

func init() {
	routes["textDocument/documentLink"] = route{fn: handleDocumentLink, async: true}
	capabilityHooks = append(capabilityHooks, func(s *Server, c *protocol.ServerCapabilities) {
		c.DocumentLinkProvider = &protocol.DocumentLinkOptions{}
	})
}

// handleDocumentLink links image references to their registry pages.
func handleDocumentLink(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DocumentLinkParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	sn := s.snapshot(string(p.TextDocument.URI))
	if sn == nil {
		return nil, nil
	}
	mp := sn.doc.Mapper()
	ls := links.Document(sn.Model())
	out := make([]protocol.DocumentLink, 0, len(ls))
	for _, l := range ls {
		out = append(out, protocol.DocumentLink{Range: toRange(mp, l.Span), Target: protocol.DocumentURI(l.Target), Tooltip: l.Tooltip})
	}
	return out, nil
}

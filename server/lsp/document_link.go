package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/links"
	"go.lsp.dev/protocol"
)

// handleDocumentLink links image references to their registry pages.
func handleDocumentLink(ctx context.Context, s *Server, sn *snapshot, p *protocol.DocumentLinkParams) (any, error) {
	mp := sn.Mapper()
	ls := links.Document(sn.Model())
	out := make([]protocol.DocumentLink, 0, len(ls))
	for _, l := range ls {
		out = append(out, protocol.DocumentLink{Range: toRange(mp, l.Span), Target: protocol.DocumentURI(l.Target), Tooltip: l.Tooltip})
	}
	return out, nil
}

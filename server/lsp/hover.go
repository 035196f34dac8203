package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/hover"
	"go.lsp.dev/protocol"
)

func handleHover(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.HoverParams) (any, error) {
	mp := sn.Mapper()
	h := hover.Hover(ctx, sn.Model(), offset, s.sess.Images(), hoverFindings(sn)...)
	if h == nil {
		return nil, nil
	}
	r := toRange(mp, h.Span)
	return protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: h.Markdown},
		Range:    &r,
	}, nil
}

// hoverFindings are the document's findings already computed, so a hover
// on one starts with its rule (what is wrong, how to fix it); a hover never
// waits for a check.
func hoverFindings(sn *snapshot) []hover.Finding {
	fs, ok := sn.CachedFindings()
	if !ok {
		return nil
	}
	out := make([]hover.Finding, 0, len(fs))
	for _, f := range fs {
		out = append(out, hover.Finding{Code: f.Code, Span: f.Span})
	}
	return out
}

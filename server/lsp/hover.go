package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/server/hover"
	"go.lsp.dev/protocol"
)

func handleHover(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.HoverParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	sn, offset := s.snapshotAt(p.TextDocument.URI, p.Position)
	if sn == nil {
		return nil, nil
	}
	mp := sn.doc.Mapper()
	h := hover.Hover(ctx, sn.Model(), offset, s.imageLookup())
	if h == nil {
		return nil, nil
	}
	r := toRange(mp, h.Span)
	return protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: h.Markdown},
		Range:    &r,
	}, nil
}

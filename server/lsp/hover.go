package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/docs"

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
	h = s.withRuleDoc(string(p.TextDocument.URI), sn, offset, h)
	if h == nil {
		return nil, nil
	}
	r := toRange(mp, h.Span)
	return protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: h.Markdown},
		Range:    &r,
	}, nil
}

// withRuleDoc adds the Korean page of the rule behind a diagnostic under
// the cursor (why it matters, how to fix it), so the lesson is one hover
// away; only findings already computed are used.
func (s *Server) withRuleDoc(u string, sn *snapshot, offset int, h *hover.Result) *hover.Result {
	fs, ok := s.cachedFindings(u, sn, s.lintOptions(u))
	if !ok {
		return h
	}
	for _, f := range fs {
		if offset < f.Span.Start || offset > f.Span.End {
			continue
		}
		page := docs.Rule(f.Code)
		if page == "" {
			continue
		}
		if h == nil {
			return &hover.Result{Markdown: page, Span: f.Span}
		}
		return &hover.Result{Markdown: h.Markdown + "\n\n---\n\n" + page, Span: h.Span}
	}
	return h
}

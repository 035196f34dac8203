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
		Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: h.Markdown + lastBuild(s, sn, offset)},
		Range:    &r,
	}, nil
}

// lastBuild is the "last build" section (lab.Insight.Section) a hover on an instruction's
// keyword adds after a build from the editor (lab.Insight), "" otherwise.
func lastBuild(s *Server, sn *snapshot, offset int) string {
	in := s.shownInsight(sn)
	if in == nil {
		return ""
	}
	ins := sn.Model().InstructionAt(offset)
	if ins == nil || !ins.KeywordSpan.Contains(offset) {
		return ""
	}
	if sec := in.Section(sn.Text(), ins.StartLine); sec != "" {
		return "\n\n---\n\n" + sec
	}
	return ""
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

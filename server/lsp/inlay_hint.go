package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/lab"

	"go.lsp.dev/protocol"
)

// inlayHint is LSP 3.17's InlayHint (go.lsp.dev/protocol lacks it).
type inlayHint struct {
	Position    protocol.Position       `json:"position"`
	Label       string                  `json:"label"`
	Tooltip     *protocol.MarkupContent `json:"tooltip,omitempty"`
	PaddingLeft bool                    `json:"paddingLeft,omitempty"`
}

// inlayHintParams is LSP 3.17's InlayHintParams.
type inlayHintParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
}

// handleInlayHint shows build insight: at the end of each instruction line
// the last build from the editor ran or took from the cache, what its step
// did (lab.Insight). Nothing without a build, or when
// dockerlab.buildInsight.enabled is off.
func handleInlayHint(ctx context.Context, s *Server, sn *snapshot, p *inlayHintParams) (any, error) {
	out := []inlayHint{}
	in := s.shownInsight(sn)
	if in == nil {
		return out, nil
	}
	mp := sn.Mapper()
	for _, h := range in.Hints(sn.Text()) {
		if h.Line >= mp.LineCount() || uint32(h.Line) < p.Range.Start.Line || uint32(h.Line) > p.Range.End.Line {
			continue
		}
		end := toPosition(mp.Position(mp.LineEnd(h.Line)))
		out = append(out, inlayHint{Position: end, Label: h.Label, PaddingLeft: true,
			Tooltip: &protocol.MarkupContent{Kind: protocol.Markdown, Value: h.Tooltip}})
	}
	return out, nil
}

// shownInsight is the document's build insight when the editor shows it:
// there was a build and dockerlab.buildInsight.enabled is on.
func (s *Server) shownInsight(sn *snapshot) *lab.Insight {
	if !s.sess.Settings().BuildInsight.Enabled {
		return nil
	}
	return s.sess.Insight(sn.URI())
}

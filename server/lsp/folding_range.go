package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/server/folding"
	"go.lsp.dev/protocol"
)

func init() {
	routes["textDocument/foldingRange"] = route{fn: handleFoldingRange, async: true}
	capabilityHooks = append(capabilityHooks, func(s *Server, c *protocol.ServerCapabilities) {
		c.FoldingRangeProvider = true
	})
}

// handleFoldingRange folds stages, multi-line instructions, heredoc bodies
// and comment blocks, by whole lines.
func handleFoldingRange(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p struct {
		TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	}
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	sn := s.snapshot(string(p.TextDocument.URI))
	if sn == nil {
		return nil, nil
	}
	ranges := folding.Ranges(sn.Model())
	out := make([]protocol.FoldingRange, 0, len(ranges))
	for _, r := range ranges {
		fr := protocol.FoldingRange{StartLine: uint32(r.StartLine), EndLine: uint32(r.EndLine)}
		if r.Kind == folding.Comment {
			fr.Kind = protocol.CommentFoldingRange
		}
		out = append(out, fr)
	}
	return out, nil
}

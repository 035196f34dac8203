package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/folding"
	"go.lsp.dev/protocol"
)

// handleFoldingRange folds stages, multi-line instructions, heredoc bodies
// and comment blocks, by whole lines.
func handleFoldingRange(ctx context.Context, s *Server, sn *snapshot, p *protocol.FoldingRangeParams) (any, error) {
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

package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/format"
	"go.lsp.dev/protocol"
)

// handleRangeFormatting formats the selected lines, widened to the whole
// instructions they touch.
func handleRangeFormatting(ctx context.Context, s *Server, sn *snapshot, p *protocol.DocumentRangeFormattingParams) (any, error) {
	mp := sn.Mapper()
	first := fromPosition(p.Range.Start).Line
	last := fromPosition(p.Range.End).Line
	if end := fromPosition(p.Range.End); end.Character == 0 && end.Line > first {
		last-- // a selection of whole lines ends at the start of the next one
	}
	return textEdits(mp, format.Range(sn.Model(), formatOptions(p.Options), first, last)), nil
}

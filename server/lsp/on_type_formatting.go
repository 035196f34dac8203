package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/format"
	"go.lsp.dev/protocol"
)

// handleOnTypeFormatting indents the new line after Enter: one unit when it
// continues an instruction, none when it starts a new one.
func handleOnTypeFormatting(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.DocumentOnTypeFormattingParams) (any, error) {
	if p.Ch != "\n" {
		return nil, nil
	}
	mp := sn.Mapper()
	return textEdits(mp, format.OnType(sn.Model(), formatOptions(p.Options), offset)), nil
}

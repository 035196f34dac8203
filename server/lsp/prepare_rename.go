package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/navigation"
	"go.lsp.dev/protocol"
)

// prepareRenameResult is LSP 3.16's `{ range, placeholder }` answer, which
// go.lsp.dev/protocol v0.12.0 does not define.
type prepareRenameResult struct {
	Range       protocol.Range `json:"range"`
	Placeholder string         `json:"placeholder"`
}

// handlePrepareRename tells the editor which name a rename at the cursor
// would change, or why it cannot (the capability is advertised in rename.go).
func handlePrepareRename(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.PrepareRenameParams) (any, error) {
	mp := sn.Mapper()
	t, err := navigation.PrepareRename(sn.Model(), offset)
	if err != nil {
		return nil, renameError(err)
	}
	if t == nil {
		return nil, nil
	}
	return prepareRenameResult{Range: toRange(mp, t.Span), Placeholder: t.Placeholder}, nil
}

package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/server/navigation"
	"go.lsp.dev/protocol"
)

func init() {
	routes["textDocument/prepareRename"] = route{fn: handlePrepareRename, async: true}
}

// prepareRenameResult is LSP 3.16's `{ range, placeholder }` answer, which
// go.lsp.dev/protocol v0.12.0 does not define.
type prepareRenameResult struct {
	Range       protocol.Range `json:"range"`
	Placeholder string         `json:"placeholder"`
}

// handlePrepareRename tells the editor which name a rename at the cursor
// would change, or why it cannot (the capability is advertised in rename.go).
func handlePrepareRename(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.PrepareRenameParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	sn, offset := s.snapshotAt(p.TextDocument.URI, p.Position)
	if sn == nil {
		return nil, nil
	}
	mp := sn.doc.Mapper()
	t, err := navigation.PrepareRename(sn.Model(), offset)
	if err != nil {
		return nil, renameError(err)
	}
	if t == nil {
		return nil, nil
	}
	return prepareRenameResult{Range: toRange(mp, t.Span), Placeholder: t.Placeholder}, nil
}

package lsp

import (
	"context"
	"errors"

	"github.com/dockerlab/dockerlab/server/navigation"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// handleRename renames a stage or a variable everywhere it is used. A
// refused rename (reserved name, clash, invalid name) is an error whose
// message is the Korean sentence the editor shows.
func handleRename(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.RenameParams) (any, error) {
	mp := sn.Mapper()
	edits, err := navigation.Rename(sn.Model(), offset, p.NewName)
	if err != nil {
		return nil, renameError(err)
	}
	if len(edits) == 0 {
		return nil, nil
	}
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: toRange(mp, e.Span), NewText: e.NewText})
	}
	return protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{p.TextDocument.URI: out}}, nil
}

// renameError turns a refused rename into a JSON-RPC error carrying its
// Korean message.
func renameError(err error) error {
	var refused *navigation.Error
	if errors.As(err, &refused) {
		return jsonrpc2.NewError(codeRequestFailed, refused.Message)
	}
	return err
}

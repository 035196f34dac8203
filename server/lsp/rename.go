package lsp

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/dockerlab/dockerlab/server/navigation"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

func init() {
	routes["textDocument/rename"] = route{fn: handleRename, async: true}
	capabilityHooks = append(capabilityHooks, func(s *Server, c *protocol.ServerCapabilities) {
		c.RenameProvider = &protocol.RenameOptions{PrepareProvider: true}
	})
}

// handleRename renames a stage or a variable everywhere it is used. A
// refused rename (reserved name, clash, invalid name) is an error whose
// message is the Korean sentence the editor shows.
func handleRename(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.RenameParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	sn, offset := s.snapshotAt(p.TextDocument.URI, p.Position)
	if sn == nil {
		return nil, nil
	}
	mp := sn.doc.Mapper()
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

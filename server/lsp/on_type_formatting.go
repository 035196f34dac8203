package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/server/format"
	"go.lsp.dev/protocol"
)

func init() {
	routes["textDocument/onTypeFormatting"] = route{fn: handleOnTypeFormatting, async: true}
	capabilityHooks = append(capabilityHooks, func(s *Server, c *protocol.ServerCapabilities) {
		c.DocumentOnTypeFormattingProvider = &protocol.DocumentOnTypeFormattingOptions{FirstTriggerCharacter: "\n"}
	})
}

// handleOnTypeFormatting indents the new line after Enter: one unit when it
// continues an instruction, none when it starts a new one.
func handleOnTypeFormatting(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DocumentOnTypeFormattingParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	if p.Ch != "\n" {
		return nil, nil
	}
	sn, offset := s.snapshotAt(p.TextDocument.URI, p.Position)
	if sn == nil {
		return nil, nil
	}
	mp := sn.doc.Mapper()
	return textEdits(mp, format.OnType(sn.Model(), formatOptions(p.Options), offset)), nil
}

package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/server/format"
	"go.lsp.dev/protocol"
)

func init() {
	routes["textDocument/rangeFormatting"] = route{fn: handleRangeFormatting, async: true}
	capabilityHooks = append(capabilityHooks, func(s *Server, c *protocol.ServerCapabilities) {
		c.DocumentRangeFormattingProvider = true
	})
}

// handleRangeFormatting formats the selected lines, widened to the whole
// instructions they touch.
func handleRangeFormatting(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DocumentRangeFormattingParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	sn := s.snapshot(string(p.TextDocument.URI))
	if sn == nil {
		return nil, nil
	}
	mp := sn.doc.Mapper()
	first := fromPosition(p.Range.Start).Line
	last := fromPosition(p.Range.End).Line
	if end := fromPosition(p.Range.End); end.Character == 0 && end.Line > first {
		last-- // a selection of whole lines ends at the start of the next one
	}
	return textEdits(mp, format.Range(sn.Model(), formatOptions(p.Options), first, last)), nil
}

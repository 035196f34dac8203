package lsp

import (
	"context"
	"encoding/json"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/outline"
	"go.lsp.dev/protocol"
)

func init() {
	routes["textDocument/documentSymbol"] = route{fn: handleDocumentSymbol, async: true}
	capabilityHooks = append(capabilityHooks, func(s *Server, c *protocol.ServerCapabilities) {
		c.DocumentSymbolProvider = &protocol.DocumentSymbolOptions{Label: "Dockerfile"}
	})
}

// handleDocumentSymbol answers the outline: directives and global ARGs,
// then each build stage with its instructions.
func handleDocumentSymbol(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.DocumentSymbolParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	sn := s.snapshot(string(p.TextDocument.URI))
	if sn == nil {
		return nil, nil
	}
	return toSymbols(sn.doc.Mapper(), outline.Symbols(sn.Model())), nil
}

var symbolKinds = map[outline.Kind]protocol.SymbolKind{
	outline.Directive:   protocol.SymbolKindKey,
	outline.Stage:       protocol.SymbolKindModule,
	outline.Instruction: protocol.SymbolKindFunction,
	outline.Variable:    protocol.SymbolKindVariable,
	outline.Label:       protocol.SymbolKindProperty,
	outline.File:        protocol.SymbolKindFile,
	outline.Port:        protocol.SymbolKindNumber,
}

func toSymbols(mp *document.Mapper, syms []outline.Symbol) []protocol.DocumentSymbol {
	out := make([]protocol.DocumentSymbol, 0, len(syms))
	for _, sym := range syms {
		out = append(out, protocol.DocumentSymbol{
			Name:           sym.Name,
			Detail:         sym.Detail,
			Kind:           symbolKinds[sym.Kind],
			Range:          toRange(mp, sym.Span),
			SelectionRange: toRange(mp, sym.Selection),
			Children:       toSymbols(mp, sym.Children),
		})
	}
	return out
}

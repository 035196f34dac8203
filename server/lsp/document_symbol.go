package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/outline"
	"go.lsp.dev/protocol"
)

// handleDocumentSymbol answers the outline: directives and global ARGs,
// then each build stage with its instructions.
func handleDocumentSymbol(ctx context.Context, s *Server, sn *snapshot, p *protocol.DocumentSymbolParams) (any, error) {
	return toSymbols(sn.Mapper(), outline.Symbols(sn.Model())), nil
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

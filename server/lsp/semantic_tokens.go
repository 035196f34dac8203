package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/semantic"
	"go.lsp.dev/protocol"
)

// semanticTokensOptions is LSP 3.16's capability with its legend, which
// go.lsp.dev/protocol v0.12.0's SemanticTokensOptions lacks.
type semanticTokensOptions struct {
	Legend protocol.SemanticTokensLegend `json:"legend"`
	Full   bool                          `json:"full"`
	Range  bool                          `json:"range"`
}

// semanticLegend names the token types and modifiers with LSP's standard
// names, in the order of the semantic package's constants.
func semanticLegend() protocol.SemanticTokensLegend {
	var l protocol.SemanticTokensLegend
	for _, t := range semantic.Types {
		l.TokenTypes = append(l.TokenTypes, protocol.SemanticTokenTypes(t))
	}
	for _, m := range semantic.Modifiers {
		l.TokenModifiers = append(l.TokenModifiers, protocol.SemanticTokenModifiers(m))
	}
	return l
}

// handleSemanticTokensFull classifies the whole document.
func handleSemanticTokensFull(ctx context.Context, s *Server, sn *snapshot, p *protocol.SemanticTokensParams) (any, error) {
	return protocol.SemanticTokens{Data: encodeTokens(sn.Mapper(), semantic.Tokens(sn.Model()))}, nil
}

// encodeTokens writes tokens in LSP's relative encoding: for each, the line
// delta, the start delta (from the previous token on the same line), the
// length, the type and the modifier bits, all in UTF-16 units.
func encodeTokens(mp *document.Mapper, toks []semantic.Token) []uint32 {
	data := make([]uint32, 0, 5*len(toks))
	var line, char int
	for _, t := range toks {
		start, end := mp.Position(t.Span.Start), mp.Position(t.Span.End)
		if end.Line != start.Line || end.Character <= start.Character {
			continue
		}
		dl, dc := start.Line-line, start.Character
		if dl == 0 {
			dc = start.Character - char
		}
		data = append(data, uint32(dl), uint32(dc), uint32(end.Character-start.Character), uint32(t.Type), uint32(t.Modifiers))
		line, char = start.Line, start.Character
	}
	return data
}

package lsp

import (
	"context"
	"strings"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/format"
	"go.lsp.dev/protocol"
)

// handleFormatting formats the whole Dockerfile without changing what
// BuildKit reads from it.
func handleFormatting(ctx context.Context, s *Server, sn *snapshot, p *protocol.DocumentFormattingParams) (any, error) {
	return textEdits(sn.Mapper(), format.Document(sn.Model(), formatOptions(p.Options))), nil
}

// formatOptions takes the continuation indentation from the editor's
// settings: one tab, or tabSize spaces (four when it sends none).
func formatOptions(o protocol.FormattingOptions) format.Options {
	if !o.InsertSpaces {
		return format.Options{Indent: "\t"}
	}
	n := int(o.TabSize)
	if n <= 0 || n > 16 {
		n = 4
	}
	return format.Options{Indent: strings.Repeat(" ", n)}
}

func textEdits(mp *document.Mapper, edits []format.Edit) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: toRange(mp, e.Span), NewText: e.NewText})
	}
	return out
}

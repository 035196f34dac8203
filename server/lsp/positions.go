package lsp

import (
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/document"
	"go.lsp.dev/protocol"
)

// The only conversions between LSP positions and the document mapper; the
// mapper does the UTF-16 work.

func fromPosition(p protocol.Position) document.Position {
	return document.Position{Line: int(p.Line), Character: int(p.Character)}
}

func toPosition(p document.Position) protocol.Position {
	return protocol.Position{Line: uint32(p.Line), Character: uint32(p.Character)}
}

func toRange(m *document.Mapper, span dockerfile.Span) protocol.Range {
	return protocol.Range{Start: toPosition(m.Position(span.Start)), End: toPosition(m.Position(span.End))}
}

// plainText prepares a Korean message for places the editor shows as plain
// text (diagnostics, notifications, buttons, quick-fix titles): the
// Markdown backticks around identifiers become single quotes, as in
// 'FROM' in a quick-fix title; a quoted backtick (“ ` “) stays readable.
func plainText(s string) string {
	s = strings.ReplaceAll(s, "`` ` ``", "\x00")
	s = strings.ReplaceAll(s, "`", "'")
	return strings.ReplaceAll(s, "\x00", "'`'")
}

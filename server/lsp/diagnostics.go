package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/lint"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// publishDiagnostics is the session's Publish: a document's findings as
// textDocument/publishDiagnostics (none once it is closed).
func (s *Server) publishDiagnostics(u string, version int32, mp *document.Mapper, findings []lint.Finding) {
	params := protocol.PublishDiagnosticsParams{URI: uri.URI(u), Version: uint32(version), Diagnostics: []protocol.Diagnostic{}}
	if mp != nil {
		params.Diagnostics = toDiagnostics(mp, findings)
	}
	s.notify(context.Background(), "textDocument/publishDiagnostics", params)
}

func toDiagnostics(m *document.Mapper, findings []lint.Finding) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(findings))
	for _, f := range findings {
		diag := protocol.Diagnostic{
			Range:    toRange(m, f.Span),
			Severity: protocol.DiagnosticSeverity(f.Severity),
			Code:     f.Code,
			Source:   "dockerlab",
			Message:  plainText(f.Message),
		}
		if f.Href != "" {
			diag.CodeDescription = &protocol.CodeDescription{Href: uri.URI(f.Href)}
		}
		out = append(out, diag)
	}
	return out
}

package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/lint"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// handleCodeAction offers the quick fixes of the findings in the requested
// range. The findings are those of the current snapshot, checked again (and
// cached per snapshot), so the edits always fit the text the editor holds;
// when the editor names diagnostics, only their fixes are offered.
func handleCodeAction(ctx context.Context, s *Server, sn *snapshot, p *protocol.CodeActionParams) (any, error) {
	if len(p.Context.Only) > 0 && !wantsQuickFix(p.Context.Only) {
		return nil, nil
	}
	mp := sn.Mapper()
	start, _ := mp.Offset(fromPosition(p.Range.Start))
	end, _ := mp.Offset(fromPosition(p.Range.End))
	var out []protocol.CodeAction
	for _, f := range sn.Findings(ctx) {
		if f.Span.End < start || f.Span.Start > end {
			continue
		}
		fixes := lint.Fixes(sn.Model(), f) // only for the findings in range: fixes cost more than findings
		if len(fixes) == 0 {
			continue
		}
		diag := toDiagnostics(mp, []lint.Finding{f})[0]
		if len(p.Context.Diagnostics) > 0 && !namesDiagnostic(p.Context.Diagnostics, diag) {
			continue
		}
		for _, fx := range fixes {
			edits := make([]protocol.TextEdit, 0, len(fx.Edits))
			for _, e := range fx.Edits {
				edits = append(edits, protocol.TextEdit{Range: toRange(mp, e.Span), NewText: e.NewText})
			}
			out = append(out, protocol.CodeAction{
				Title:       plainText(fx.Title),
				Kind:        protocol.QuickFix,
				Diagnostics: []protocol.Diagnostic{diag},
				IsPreferred: fx.Preferred,
				Edit:        &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{p.TextDocument.URI: edits}},
			})
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func wantsQuickFix(only []protocol.CodeActionKind) bool {
	for _, k := range only {
		if k == protocol.QuickFix {
			return true
		}
	}
	return false
}

// namesDiagnostic reports whether the editor's diagnostics include d (same
// rule, same place).
func namesDiagnostic(ds []protocol.Diagnostic, d protocol.Diagnostic) bool {
	for _, x := range ds {
		if x.Range == d.Range && x.Code == d.Code {
			return true
		}
	}
	return false
}

package lsp

import (
	"context"
	"fmt"
	"strings"

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
	u := string(p.TextDocument.URI)
	mp := sn.doc.Mapper()
	start, _ := mp.Offset(fromPosition(p.Range.Start))
	end, _ := mp.Offset(fromPosition(p.Range.End))
	var out []protocol.CodeAction
	for _, f := range s.findings(ctx, u, sn) {
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

// findingsKey names one check of a snapshot: the snapshot, its options and
// the generation of what else it read (settings, image platforms).
type findingsKey struct {
	sn   *snapshot
	opts string
}

// cachedFinding is the latest check of one document: diagnostics, quick
// fixes (VS Code asks at every cursor move) and hovers all read it. Only
// the newest is kept per document, so old snapshots and their models are
// not held in memory.
type cachedFinding struct {
	key      findingsKey
	findings []lint.Finding
}

// findings are the lint findings of snapshot sn of u, with their fixes.
func (s *Server) findings(ctx context.Context, u string, sn *snapshot) []lint.Finding {
	opts := s.lintOptions(u)
	if fs, ok := s.cachedFindings(u, sn, opts); ok {
		return fs
	}
	key := s.findingsKey(sn, opts)
	fs := lint.Check(ctx, sn.Model(), opts)
	if ctx.Err() != nil {
		return fs
	}
	s.findingsMu.Lock()
	defer s.findingsMu.Unlock()
	if s.lastFindings == nil {
		s.lastFindings = map[string]cachedFinding{}
	}
	// Keep the newer snapshot's findings when two checks race.
	if old, ok := s.lastFindings[u]; !ok || old.key.sn.doc.Version <= sn.doc.Version {
		s.lastFindings[u] = cachedFinding{key: key, findings: fs}
	}
	return fs
}

// cachedFindings returns the findings already computed for this snapshot
// (by the diagnostics), without computing any: hover must not wait for a
// check of a big file.
func (s *Server) cachedFindings(u string, sn *snapshot, opts lint.Options) ([]lint.Finding, bool) {
	key := s.findingsKey(sn, opts)
	s.findingsMu.Lock()
	defer s.findingsMu.Unlock()
	c, ok := s.lastFindings[u]
	if !ok || c.key != key {
		return nil, false
	}
	return c.findings, true
}

// findingsKey builds the key of a check; rediagnoseAll moves the generation on.
func (s *Server) findingsKey(sn *snapshot, opts lint.Options) findingsKey {
	return findingsKey{sn: sn, opts: fmt.Sprintf("%s\x00%s\x00%d", opts.ContextDir, strings.Join(opts.Skip, ","), s.lintGen.Load())}
}

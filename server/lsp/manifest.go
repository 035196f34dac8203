package lsp

import (
	"context"
	"time"

	"github.com/dockerlab/dockerlab/server/completion"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/hover"
	"github.com/dockerlab/dockerlab/server/k8s"
	"github.com/dockerlab/dockerlab/server/yamlspan"
	"go.lsp.dev/protocol"
)

// Kubernetes manifests (session.Snapshot.IsManifest): YAML files whose
// objects name apiVersion and kind. Their problems are published like a
// Dockerfile's (session.Snapshot.Findings).

func kspan(s yamlspan.Span) dockerfile.Span { return dockerfile.Span{Start: s.Start, End: s.End} }

func manifestHover(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.HoverParams) (any, error) {
	h := hover.Manifest(ctx, sn.Text(), offset, s.sess.Images())
	if h == nil {
		return nil, nil
	}
	r := toRange(sn.Mapper(), h.Span)
	return protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: h.Markdown}, Range: &r}, nil
}

func manifestCompletion(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.CompletionParams) (any, error) {
	s.stateMu.Lock()
	snippets := s.client.snippets
	s.stateMu.Unlock()
	l := completion.Manifest(sn.Text(), offset, completion.Options{Snippets: snippets, Images: s.sess.ImageList(ctx), Now: time.Now(),
		Invoked: p.Context == nil || p.Context.TriggerKind != protocol.CompletionTriggerKindTriggerCharacter})
	if l == nil {
		return nil, nil
	}
	return completionList(sn.Mapper(), l), nil
}

// manifestCodeActions are the quick fixes of the problems in the range
// (k8s.Fixes), each tied to its published diagnostic.
func manifestCodeActions(ctx context.Context, s *Server, sn *snapshot, p *protocol.CodeActionParams) (any, error) {
	if len(p.Context.Only) > 0 && !wantsQuickFix(p.Context.Only) {
		return nil, nil
	}
	mp := sn.Mapper()
	start, _ := mp.Offset(fromPosition(p.Range.Start))
	end, _ := mp.Offset(fromPosition(p.Range.End))
	opts := k8s.Options{KindCluster: s.sess.KubeContext().Kind()}
	var out []protocol.CodeAction
	var diag []protocol.Diagnostic
	for _, pr := range k8s.CheckWith(sn.Manifest(), opts) {
		if pr.Span.End < start || pr.Span.Start > end {
			continue
		}
		fixes := k8s.Fixes(sn.Text(), pr)
		if len(fixes) == 0 {
			continue
		}
		if diag == nil {
			diag = toDiagnostics(mp, sn.Diagnostics(ctx))
		}
		mine := fixedDiagnostic(diag, toRange(mp, kspan(pr.Span)), pr.Message, p.Context.Diagnostics)
		if mine == nil {
			continue
		}
		for _, fx := range fixes {
			edits := make([]protocol.TextEdit, 0, len(fx.Edits))
			for _, e := range fx.Edits {
				edits = append(edits, protocol.TextEdit{Range: toRange(mp, kspan(e.Span)), NewText: e.NewText})
			}
			out = append(out, protocol.CodeAction{Title: plainText(fx.Title), Kind: protocol.QuickFix,
				Diagnostics: []protocol.Diagnostic{*mine}, IsPreferred: fx.Preferred,
				Edit: &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{p.TextDocument.URI: edits}}})
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// manifestSymbols outline the file's objects: their names and kinds.
func manifestSymbols(ctx context.Context, s *Server, sn *snapshot, p *protocol.DocumentSymbolParams) (any, error) {
	items := k8s.Outline(sn.Manifest())
	out := make([]protocol.DocumentSymbol, 0, len(items))
	for _, it := range items {
		out = append(out, protocol.DocumentSymbol{Name: it.Name, Detail: it.Kind, Kind: protocol.SymbolKindObject,
			Range: toRange(sn.Mapper(), kspan(it.Span)), SelectionRange: toRange(sn.Mapper(), kspan(it.Select))})
	}
	return out, nil
}

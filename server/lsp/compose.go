package lsp

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/dockerlab/dockerlab/server/completion"
	"github.com/dockerlab/dockerlab/server/compose"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/fileuri"
	"github.com/dockerlab/dockerlab/server/hover"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Each kind of document gets its own features from the same methods: the
// table in methods.go routes each request with byKind — a Dockerfile's
// handler, a Compose file's, a Kubernetes manifest's — where nil answers
// nothing. A YAML file that holds no manifest gets nothing at all.

type posHandler[P any] func(ctx context.Context, s *Server, sn *snapshot, offset int, p *P) (any, error)
type docHandler[P any] func(ctx context.Context, s *Server, sn *snapshot, p *P) (any, error)

// byKind answers a Dockerfile with d, a Compose file with c and a
// manifest with m.
func byKind[P any](d, c, m posHandler[P]) posHandler[P] {
	return func(ctx context.Context, s *Server, sn *snapshot, offset int, p *P) (any, error) {
		h := [...]posHandler[P]{kindDockerfile: d, kindCompose: c, kindManifest: m}[kindOf(sn)]
		if h == nil {
			return nil, nil
		}
		return h(ctx, s, sn, offset, p)
	}
}

// byKindDoc is byKind for whole-document requests.
func byKindDoc[P any](d, c, m docHandler[P]) docHandler[P] {
	return func(ctx context.Context, s *Server, sn *snapshot, p *P) (any, error) {
		h := [...]docHandler[P]{kindDockerfile: d, kindCompose: c, kindManifest: m}[kindOf(sn)]
		if h == nil {
			return nil, nil
		}
		return h(ctx, s, sn, p)
	}
}

type docKind int

const (
	kindOther docKind = iota // a YAML file without manifests
	kindDockerfile
	kindCompose
	kindManifest
)

func kindOf(sn *snapshot) docKind {
	switch {
	case sn.IsCompose():
		return kindCompose
	case sn.IsYAML() && sn.IsManifest():
		return kindManifest
	case sn.IsYAML():
		return kindOther
	}
	return kindDockerfile
}

func cspan(s compose.Span) dockerfile.Span { return dockerfile.Span{Start: s.Start, End: s.End} }

func composeHover(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.HoverParams) (any, error) {
	h := hover.Compose(ctx, sn.Compose(), offset, s.sess.Images())
	if h == nil {
		return nil, nil
	}
	r := toRange(sn.Mapper(), h.Span)
	return protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: h.Markdown}, Range: &r}, nil
}

func composeCompletion(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.CompletionParams) (any, error) {
	s.stateMu.Lock()
	snippets := s.client.snippets
	s.stateMu.Unlock()
	opts := completion.ComposeOptions{
		Options: completion.Options{Snippets: snippets, Images: s.sess.ImageList(ctx), Now: time.Now(),
			Invoked: p.Context == nil || p.Context.TriggerKind != protocol.CompletionTriggerKindTriggerCharacter},
		Stages: sn.Stages,
	}
	l := completion.Compose(sn.Compose(), offset, opts)
	if l == nil {
		return nil, nil
	}
	return completionList(sn.Mapper(), l), nil
}

func composeDefinition(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.DefinitionParams) (any, error) {
	defs := sn.Compose().Definitions(offset)
	if len(defs) == 0 {
		return nil, nil
	}
	out := make([]protocol.Location, 0, len(defs))
	for _, d := range defs {
		out = append(out, protocol.Location{URI: p.TextDocument.URI, Range: toRange(sn.Mapper(), cspan(d.Span))})
	}
	return out, nil
}

func composeReferences(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.ReferenceParams) (any, error) {
	f := sn.Compose()
	o, ok := f.At(offset)
	if !ok {
		return nil, nil
	}
	var out []protocol.Location
	for _, x := range f.Occurrences(o) {
		if x.Def && !p.Context.IncludeDeclaration {
			continue
		}
		out = append(out, protocol.Location{URI: p.TextDocument.URI, Range: toRange(sn.Mapper(), cspan(x.Span))})
	}
	return out, nil
}

func composeHighlight(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.DocumentHighlightParams) (any, error) {
	f := sn.Compose()
	o, ok := f.At(offset)
	if !ok {
		return nil, nil
	}
	var out []protocol.DocumentHighlight
	for _, x := range f.Occurrences(o) {
		kind := protocol.DocumentHighlightKindRead
		if x.Def {
			kind = protocol.DocumentHighlightKindWrite
		}
		out = append(out, protocol.DocumentHighlight{Range: toRange(sn.Mapper(), cspan(x.Span)), Kind: kind})
	}
	return out, nil
}

func composePrepareRename(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.PrepareRenameParams) (any, error) {
	o, err := compose.PrepareRename(sn.Compose(), offset)
	if err != nil {
		return nil, composeRenameError(err)
	}
	if o == nil {
		return nil, nil
	}
	return prepareRenameResult{Range: toRange(sn.Mapper(), cspan(o.Span)), Placeholder: o.Name}, nil
}

func composeRename(ctx context.Context, s *Server, sn *snapshot, offset int, p *protocol.RenameParams) (any, error) {
	edits, err := compose.Rename(sn.Compose(), offset, p.NewName)
	if err != nil {
		return nil, composeRenameError(err)
	}
	if len(edits) == 0 {
		return nil, nil
	}
	return protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{p.TextDocument.URI: composeEdits(sn.Mapper(), edits)}}, nil
}

func composeRenameError(err error) error {
	var refused *compose.RenameError
	if errors.As(err, &refused) {
		return jsonrpc2.NewError(codeRequestFailed, refused.Message)
	}
	return err
}

func composeEdits(mp *document.Mapper, edits []compose.Edit) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: toRange(mp, cspan(e.Span)), NewText: e.NewText})
	}
	return out
}

var composeSymbolKinds = map[string]protocol.SymbolKind{
	"section": protocol.SymbolKindNamespace, "service": protocol.SymbolKindClass, "volume": protocol.SymbolKindInterface,
	"network": protocol.SymbolKindInterface, "secret": protocol.SymbolKindKey, "config": protocol.SymbolKindFile,
	"key": protocol.SymbolKindProperty,
}

func composeSymbols(ctx context.Context, s *Server, sn *snapshot, p *protocol.DocumentSymbolParams) (any, error) {
	var conv func(items []compose.OutlineItem) []protocol.DocumentSymbol
	conv = func(items []compose.OutlineItem) []protocol.DocumentSymbol {
		out := make([]protocol.DocumentSymbol, 0, len(items))
		for _, it := range items {
			out = append(out, protocol.DocumentSymbol{Name: it.Name, Detail: it.Detail, Kind: composeSymbolKinds[it.Kind],
				Range: toRange(sn.Mapper(), cspan(it.Span)), SelectionRange: toRange(sn.Mapper(), cspan(it.Select)),
				Children: conv(it.Children)})
		}
		return out
	}
	return conv(sn.Compose().Outline()), nil
}

// composeLinks link the files a Compose file names that exist: Dockerfiles,
// env files, bind-mount sources, included and extended files.
func composeLinks(ctx context.Context, s *Server, sn *snapshot, p *protocol.DocumentLinkParams) (any, error) {
	dir := sn.ComposeDir()
	if dir == "" {
		return nil, nil
	}
	out := []protocol.DocumentLink{}
	for _, l := range sn.Compose().Links() {
		if l.Dir {
			continue
		}
		p := filepath.FromSlash(l.Path)
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if fi, err := os.Stat(p); err != nil || fi.IsDir() {
			continue
		}
		out = append(out, protocol.DocumentLink{Range: toRange(sn.Mapper(), cspan(l.Span)), Target: protocol.DocumentURI(fileuri.URI(p))})
	}
	return out, nil
}

func composeFormatting(ctx context.Context, s *Server, sn *snapshot, p *protocol.DocumentFormattingParams) (any, error) {
	return composeEdits(sn.Mapper(), compose.FormatEdits(sn.Text())), nil
}

// composeFolding folds each top-level key, service and multi-line key.
func composeFolding(ctx context.Context, s *Server, sn *snapshot, p *protocol.FoldingRangeParams) (any, error) {
	mp := sn.Mapper()
	out := []protocol.FoldingRange{}
	var walk func(items []compose.OutlineItem)
	walk = func(items []compose.OutlineItem) {
		for _, it := range items {
			a, b := mp.Position(it.Span.Start).Line, mp.Position(it.Span.End).Line
			if b > a {
				out = append(out, protocol.FoldingRange{StartLine: uint32(a), EndLine: uint32(b)})
			}
			walk(it.Children)
		}
	}
	walk(sn.Compose().Outline())
	return out, nil
}

// composeCodeActions are the quick fixes of the Compose problems in range.
func composeCodeActions(ctx context.Context, s *Server, sn *snapshot, p *protocol.CodeActionParams) (any, error) {
	if len(p.Context.Only) > 0 && !wantsQuickFix(p.Context.Only) {
		return nil, nil
	}
	mp := sn.Mapper()
	start, _ := mp.Offset(fromPosition(p.Range.Start))
	end, _ := mp.Offset(fromPosition(p.Range.End))
	f := sn.Compose()
	var out []protocol.CodeAction
	var diag []protocol.Diagnostic // the published diagnostics, once a problem here has a fix
	for _, pr := range sn.ComposeProblems() {
		if pr.Span.End < start || pr.Span.Start > end {
			continue
		}
		fixes := compose.Fixes(f, pr)
		if len(fixes) == 0 {
			continue
		}
		if diag == nil {
			diag = toDiagnostics(mp, sn.Diagnostics(ctx))
		}
		mine := fixedDiagnostic(diag, toRange(mp, cspan(pr.Span)), pr.Message, p.Context.Diagnostics)
		if mine == nil {
			continue
		}
		for _, fx := range fixes {
			out = append(out, protocol.CodeAction{Title: plainText(fx.Title), Kind: protocol.QuickFix,
				Diagnostics: []protocol.Diagnostic{*mine}, IsPreferred: fx.Preferred,
				Edit: &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{p.TextDocument.URI: composeEdits(mp, fx.Edits)}}})
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// fixedDiagnostic is the published diagnostic a quick fix answers: the one
// at r saying message, when the client asked about it (or about nothing in
// particular); nil otherwise.
func fixedDiagnostic(diag []protocol.Diagnostic, r protocol.Range, message string, asked []protocol.Diagnostic) *protocol.Diagnostic {
	var mine *protocol.Diagnostic
	for i := range diag {
		if diag[i].Range == r && diag[i].Message == plainText(message) {
			mine = &diag[i]
		}
	}
	if mine == nil || len(asked) > 0 && !namesDiagnostic(asked, *mine) {
		return nil
	}
	return mine
}

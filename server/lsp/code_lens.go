package lsp

import (
	"context"
	"time"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/protocol"
)

// handleCodeLens shows the lab steps over the Dockerfile: none without an
// engine or trust, and none on a document that is not open; the Kubernetes
// steps when the kubeconfig has a current context.
func handleCodeLens(ctx context.Context, s *Server, sn *snapshot, p *protocol.CodeLensParams) (any, error) {
	if !s.engineEnabled() {
		return []protocol.CodeLens{}, nil
	}
	mp := sn.Mapper()
	lenses := lab.Lenses(sn.Model(), string(p.TextDocument.URI), s.sess.Containers(string(p.TextDocument.URI)),
		s.sess.Insight(string(p.TextDocument.URI)) != nil, time.Now())
	if kctx, st := s.sess.K8sLensState(string(p.TextDocument.URI)); kctx != "" {
		lenses = append(lenses, lab.K8sLenses(sn.Model(), string(p.TextDocument.URI), kctx, st)...)
	}
	return toLenses(mp, lenses), nil
}

// composeCodeLens shows the Compose steps over a Compose file, with each
// service's containers.
func composeCodeLens(ctx context.Context, s *Server, sn *snapshot, p *protocol.CodeLensParams) (any, error) {
	if !s.engineEnabled() {
		return []protocol.CodeLens{}, nil
	}
	actions := s.sess.Settings().Compose.ActionLenses
	lenses := lab.ComposeLenses(sn.Compose(), string(p.TextDocument.URI), s.sess.ComposeContainers(sn.ComposeProject()), actions)
	return toLenses(sn.Mapper(), lenses), nil
}

func toLenses(mp *document.Mapper, lenses []lab.Lens) []protocol.CodeLens {
	out := make([]protocol.CodeLens, 0, len(lenses))
	for _, l := range lenses {
		out = append(out, protocol.CodeLens{
			Range: toRange(mp, l.Span),
			Command: &protocol.Command{
				Title:     l.Title,
				Command:   l.Command,
				Arguments: []any{l.Args},
			},
		})
	}
	return out
}

package lsp

import (
	"context"
	"encoding/json"
	"time"

	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/protocol"
)

func handleCodeLens(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p protocol.CodeLensParams
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	sn := s.snapshot(string(p.TextDocument.URI))
	if sn == nil || !s.engineEnabled() {
		return []protocol.CodeLens{}, nil
	}
	mp := sn.Mapper()
	lenses := lab.Lenses(sn.Model(), string(p.TextDocument.URI), s.sess.Containers(string(p.TextDocument.URI)), time.Now())
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
	return out, nil
}

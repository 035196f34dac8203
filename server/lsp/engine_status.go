package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/contract"
)

// engineStatusParams is the dockerlab/engineStatus notification behind the
// extension's status bar item.
type engineStatusParams = contract.EngineStatusParams

// checkEngine asks the session whether the engine answers, tells the
// editor's status bar, and returns the session's error (naming the address
// it tried) when none does.
func (s *Server) checkEngine(ctx context.Context) error {
	st, ok, err := s.sess.CheckEngine(ctx)
	if ok {
		st.Message = plainText(st.Message)
		s.notify(context.Background(), contract.MethodEngineStatus, st)
	}
	return err
}

package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/docker"
)

// engineStatusParams is the dockerlab/engineStatus notification behind the
// extension's status bar item.
type engineStatusParams = contract.EngineStatusParams

// checkEngine asks the session whether the engine answers, tells the
// editor's status bar, and returns the engine's answer (nil without a way
// to ask), or the session's error (naming the address it tried) when none
// answers.
func (s *Server) checkEngine(ctx context.Context) (*docker.Info, error) {
	st, info, ok, err := s.sess.CheckEngine(ctx)
	if ok {
		st.Message = plainText(st.Message)
		s.notify(context.Background(), contract.MethodEngineStatus, st)
	}
	return info, err
}

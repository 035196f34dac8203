package lsp

import (
	"context"
	"time"
)

// refreshLenses is the session's LensesChanged: it asks the editor to
// request code lenses again (LSP 3.16's workspace/codeLens/refresh, sent
// raw: go.lsp.dev/protocol lacks it).
func (s *Server) refreshLenses() {
	s.stateMu.Lock()
	ok := s.client.lensRefresh
	s.stateMu.Unlock()
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.call(ctx, "workspace/codeLens/refresh", nil, nil); err != nil {
		s.log.Debug("codeLens refresh failed", "err", err)
	}
}

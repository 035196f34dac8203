package lsp

import (
	"context"
	"time"
)

// refreshLenses is the session's LensesChanged: it asks the editor to
// request code lenses again (LSP 3.16's workspace/codeLens/refresh, sent
// raw: go.lsp.dev/protocol lacks it).
func (s *Server) refreshLenses() {
	s.refresh("workspace/codeLens/refresh", func(c clientCaps) bool { return c.lensRefresh })
}

// refreshHints is the session's InsightChanged: it asks the editor to
// request inlay hints again (LSP 3.17's workspace/inlayHint/refresh, sent
// raw: go.lsp.dev/protocol lacks it).
func (s *Server) refreshHints() {
	s.refresh("workspace/inlayHint/refresh", func(c clientCaps) bool { return c.hintRefresh })
}

// refresh sends the editor a refresh request when its capabilities say it
// takes it.
func (s *Server) refresh(method string, supported func(clientCaps) bool) {
	s.stateMu.Lock()
	ok := supported(s.client)
	s.stateMu.Unlock()
	if ok {
		s.ask(method, nil)
	}
}

// ask sends the editor a request whose answer does not matter, waiting at
// most five seconds; a failure is only logged.
func (s *Server) ask(method string, params any) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.call(ctx, method, params, nil); err != nil {
		s.log.Debug("request to the editor failed", "method", method, "err", err)
	}
}

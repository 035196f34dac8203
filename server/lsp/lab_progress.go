package lsp

import (
	"context"

	"github.com/dockerlab/dockerlab/server/contract"
)

// sendLabProgress is the session's LabProgressChanged: it tells the editor
// the lab's progress facts, from which the extension sets the walkthrough's
// context keys. The session decides what the facts are and when they
// changed; this only sends them.
func (s *Server) sendLabProgress(p contract.LabProgressParams) {
	s.notify(context.Background(), contract.MethodLabProgress, p)
}

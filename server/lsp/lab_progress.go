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

// sendKubeContext is the session's KubeContextChanged: the Kubernetes
// status bar item's state, for trusted workspaces only.
func (s *Server) sendKubeContext(p contract.KubeContextParams) {
	if s.engineEnabled() {
		s.notify(context.Background(), contract.MethodKubeContext, p)
	}
}

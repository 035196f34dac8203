package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"

	"go.lsp.dev/protocol"
)

var progressSeq atomic.Int64

// progress is one work-done progress shown by the editor (a cancellable
// notification in VS Code). A nil *progress is valid and does nothing, for
// clients that do not support it.
type progress struct {
	s     *Server
	token string
	mu    sync.Mutex
	last  string
}

// beginProgress asks the client to show a progress and begins it.
func (s *Server) beginProgress(ctx context.Context, title, message string) *progress {
	s.stateMu.Lock()
	ok := s.client.progress
	s.stateMu.Unlock()
	if !ok {
		return nil
	}
	token := fmt.Sprintf("dockerlab-%d", progressSeq.Add(1))
	if err := s.call(ctx, "window/workDoneProgress/create", map[string]any{"token": token}, nil); err != nil {
		s.log.Debug("progress not created", "err", err)
		return nil
	}
	p := &progress{s: s, token: token}
	p.send(ctx, protocol.WorkDoneProgressBegin{Kind: protocol.WorkDoneProgressKindBegin, Title: title, Cancellable: true, Message: message})
	return p
}

func (p *progress) onCancel(cancel context.CancelFunc) {
	p.s.progressCancels.Store(p.token, cancel)
}

func (p *progress) report(message string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	same := p.last == message
	p.last = message
	p.mu.Unlock()
	if !same {
		p.send(context.Background(), protocol.WorkDoneProgressReport{Kind: protocol.WorkDoneProgressKindReport, Message: message})
	}
}

func (p *progress) end(_ context.Context, message string) {
	if p == nil {
		return
	}
	p.s.progressCancels.Delete(p.token)
	p.send(context.Background(), protocol.WorkDoneProgressEnd{Kind: protocol.WorkDoneProgressKindEnd, Message: message})
}

func (p *progress) send(ctx context.Context, value any) {
	p.s.notify(ctx, "$/progress", map[string]any{"token": p.token, "value": value})
}

func handleProgressCancel(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p struct {
		Token json.RawMessage `json:"token"`
	}
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	var token string
	if json.Unmarshal(p.Token, &token) != nil {
		return nil, nil
	}
	if c, ok := s.progressCancels.Load(token); ok {
		c.(context.CancelFunc)()
	}
	return nil, nil
}

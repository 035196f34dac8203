package lsp

import (
	"context"
	"sync"

	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/lint"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// diagnoser computes and publishes diagnostics off the request path. Each
// open document has at most one worker; edits that arrive while it works are
// coalesced into one more pass over the newest snapshot, so a burst of typing
// costs two passes, not one per keystroke, and never blocks hover.
type diagnoser struct {
	s       *Server
	mu      sync.Mutex
	running map[string]bool
	dirty   map[string]bool
	stopped bool
}

func newDiagnoser(s *Server) *diagnoser {
	return &diagnoser{s: s, running: make(map[string]bool), dirty: make(map[string]bool)}
}

// changed schedules a pass for uri (opened, edited or closed).
func (d *diagnoser) changed(uri string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stopped {
		return
	}
	if d.running[uri] {
		d.dirty[uri] = true
		return
	}
	d.running[uri] = true
	go d.work(uri)
}

// closed clears the diagnostics of a closed document.
func (d *diagnoser) closed(uri string) { d.changed(uri) }

func (d *diagnoser) stop() {
	d.mu.Lock()
	d.stopped = true
	d.mu.Unlock()
}

func (d *diagnoser) work(u string) {
	defer func() {
		if p := recover(); p != nil {
			d.s.log.Error("diagnostics panic", "uri", u, "panic", p)
			d.mu.Lock()
			d.running[u] = false
			d.mu.Unlock()
		}
	}()
	for {
		sn := d.s.snapshot(u)
		params := protocol.PublishDiagnosticsParams{URI: uri.URI(u), Diagnostics: []protocol.Diagnostic{}}
		if sn != nil {
			params.Version = uint32(sn.doc.Version)
			// The same cached findings the quick fixes and hovers read.
			findings := append([]lint.Finding(nil), d.s.findings(context.Background(), u, sn)...)
			if f, ok := d.s.buildFailure(u); ok {
				findings = append(findings, f)
			}
			params.Diagnostics = toDiagnostics(sn.doc.Mapper(), findings)
		}
		d.s.notify(context.Background(), "textDocument/publishDiagnostics", params)
		d.mu.Lock()
		if d.dirty[u] && !d.stopped {
			d.dirty[u] = false
			d.mu.Unlock()
			continue
		}
		delete(d.running, u)
		delete(d.dirty, u)
		d.mu.Unlock()
		return
	}
}

func toDiagnostics(m *document.Mapper, findings []lint.Finding) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(findings))
	for _, f := range findings {
		diag := protocol.Diagnostic{
			Range:    toRange(m, f.Span),
			Severity: protocol.DiagnosticSeverity(f.Severity),
			Code:     f.Code,
			Source:   "dockerlab",
			Message:  plainText(f.Message),
		}
		if f.Href != "" {
			diag.CodeDescription = &protocol.CodeDescription{Href: uri.URI(f.Href)}
		}
		out = append(out, diag)
	}
	return out
}

package lsp

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/lab"
	"github.com/dockerlab/dockerlab/server/lint"
	"go.lsp.dev/uri"
)

// labState is what the code lenses show about each Dockerfile's containers.
// Lenses read it without waiting for the engine; it is filled in the
// background, kept current from the engine's event stream, and every change
// asks the editor to refresh its lenses.
type labState struct {
	mu         sync.Mutex
	containers map[string][]engine.Container // by Dockerfile path
	known      map[string]bool               // fetched at least once
	watching   bool
	buildFail  map[string]lint.Finding // by document URI: the last failed build's step
}

// containerWatcher is implemented by engines that stream container events.
type containerWatcher interface {
	WatchContainers(ctx context.Context) <-chan engine.ContainerEvent
}

// labContainers returns the known containers of a Dockerfile; the first call
// for a path starts a fetch and returns none.
func (s *Server) labContainers(path string) []engine.Container {
	st := &s.lab
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.containers == nil {
		st.containers, st.known = map[string][]engine.Container{}, map[string]bool{}
	}
	if !st.known[path] {
		st.known[path] = true
		go s.labChanged(path)
	}
	s.startWatchLocked()
	return st.containers[path]
}

// labChanged re-reads a Dockerfile's containers and refreshes the lenses
// when they changed.
func (s *Server) labChanged(path string) {
	defer s.recoverBackground("lab state")
	if s.opts.Engine == nil || path == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cs, err := s.opts.Engine.Containers(ctx, lab.LabelDockerfile, path, true)
	if err != nil {
		return
	}
	st := &s.lab
	st.mu.Lock()
	if st.containers == nil {
		st.containers, st.known = map[string][]engine.Container{}, map[string]bool{}
	}
	changed := !sameContainers(st.containers[path], cs)
	st.containers[path] = cs
	st.known[path] = true
	st.mu.Unlock()
	if changed {
		s.refreshLenses()
	}
}

func sameContainers(a, b []engine.Container) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].State != b[i].State || len(a[i].Ports) != len(b[i].Ports) {
			return false
		}
	}
	return true
}

// startWatchLocked follows the engine's container events for the life of
// the server, reconnecting when the engine goes away and comes back.
func (s *Server) startWatchLocked() {
	w, ok := s.opts.Engine.(containerWatcher)
	if !ok || s.lab.watching {
		return
	}
	s.lab.watching = true
	go func() {
		defer s.recoverBackground("engine events")
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-s.exited; cancel() }()
		for ctx.Err() == nil {
			for ev := range w.WatchContainers(ctx) {
				if path := ev.Labels[lab.LabelDockerfile]; path != "" {
					s.labChanged(path)
				}
			}
			select {
			case <-ctx.Done():
			case <-time.After(3 * time.Second): // the engine went away: try again later
			}
		}
	}()
}

// refreshLenses asks the editor to request code lenses again (LSP 3.16's
// workspace/codeLens/refresh, sent raw: go.lsp.dev/protocol lacks it).
func (s *Server) refreshLenses() {
	s.stateMu.Lock()
	ok := s.lensRefresh
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

// setBuildFailure records (or, after a good build, clears) the diagnostic
// on the instruction whose step failed, and republishes the diagnostics.
func (s *Server) setBuildFailure(u string, err error) {
	st := &s.lab
	st.mu.Lock()
	if st.buildFail == nil {
		st.buildFail = map[string]lint.Finding{}
	}
	_, had := st.buildFail[u]
	delete(st.buildFail, u)
	var e *engine.Error
	set := false
	if errors.As(err, &e) && e.Kind == engine.BuildFailed && e.Line > 0 {
		if sn := s.snapshot(u); sn != nil && e.Line <= sn.doc.Mapper().LineCount() {
			mp := sn.doc.Mapper()
			line := mp.Line(e.Line - 1)
			start := mp.LineStart(e.Line-1) + indentWidth(line)
			msg := "빌드가 이 단계에서 실패했습니다. " + e.Message
			if e.Detail != "" && !strings.Contains(msg, e.Detail) {
				msg += fmt.Sprintf(" (엔진: %s)", e.Detail)
			}
			st.buildFail[u] = lint.Finding{Severity: lint.Error, Code: "BuildFailed", Message: msg,
				Span: dockerfile.Span{Start: start, End: mp.LineEnd(e.Line - 1)}, Href: "https://docs.docker.com/reference/cli/docker/buildx/build/"}
			set = true
		}
	}
	st.mu.Unlock()
	if had || set {
		s.diags.changed(u)
	}
}

// buildFailure is the recorded build failure of a document, if any.
func (s *Server) buildFailure(u string) (lint.Finding, bool) {
	s.lab.mu.Lock()
	defer s.lab.mu.Unlock()
	f, ok := s.lab.buildFail[u]
	return f, ok
}

// dockerfilePath is the file path of a file:// URI, or "".
func dockerfilePath(u string) string {
	if !strings.HasPrefix(u, "file://") {
		return ""
	}
	return uri.URI(u).Filename()
}

// indentWidth is the length in bytes of line's leading blanks (spaces and
// tabs), so a failed step is underlined from its instruction, not column 0.
func indentWidth(line string) int {
	return len(line) - len(strings.TrimLeft(line, " \t"))
}

package session

import (
	"context"
	"sync"
)

// diagnoser computes diagnostics off the request path. Each open document
// has at most one worker; edits that arrive while it works are coalesced
// into one more pass over the newest snapshot, so a burst of typing costs
// two passes, not one per keystroke, and never blocks hover.
type diagnoser struct {
	s       *Session
	mu      sync.Mutex
	running map[string]bool
	dirty   map[string]bool
	stopped bool
}

func newDiagnoser(s *Session) *diagnoser {
	return &diagnoser{s: s, running: make(map[string]bool), dirty: make(map[string]bool)}
}

// changed schedules a pass for uri (opened, edited, re-checked or closed).
func (d *diagnoser) changed(uri string) {
	if d.s.cfg.Publish == nil {
		return
	}
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
		d.pass(u)
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

// pass publishes the newest snapshot's diagnostics: for a big document's
// first check, in two steps (see Snapshot.FirstDiagnostics), the second
// skipped when a newer version is already waiting, whose pass comes next.
func (d *diagnoser) pass(u string) {
	sn := d.s.Snapshot(u)
	if sn == nil {
		d.s.cfg.Publish(u, 0, nil, nil)
		return
	}
	ctx := context.Background()
	first, big := sn.FirstDiagnostics(ctx)
	if big {
		d.s.cfg.Publish(u, sn.Version(), sn.Mapper(), first)
		if d.newer(u) {
			return
		}
	}
	d.s.cfg.Publish(u, sn.Version(), sn.Mapper(), sn.Diagnostics(ctx))
	if big && !d.newer(u) {
		sn.keepStages()
	}
}

// newer reports whether uri changed since its pass began.
func (d *diagnoser) newer(u string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.dirty[u] && !d.stopped
}

package session

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/lint"
)

// Snapshot is one version of one open document. Its model is parsed once,
// on first use, and shared by every feature that reads this version.
type Snapshot struct {
	s    *Session
	rec  *record
	doc  *document.Document
	once sync.Once
	mod  *dockerfile.Model
	cs   composeState
	ms   manifestState
}

func newSnapshot(s *Session, r *record, d *document.Document) *Snapshot {
	return &Snapshot{s: s, rec: r, doc: d}
}

// URI is the document's URI.
func (sn *Snapshot) URI() string { return sn.doc.URI }

// Version is the document's version.
func (sn *Snapshot) Version() int32 { return sn.doc.Version }

// Text is the document's text.
func (sn *Snapshot) Text() string { return sn.doc.Text }

// Mapper converts between byte offsets and UTF-16 positions.
func (sn *Snapshot) Mapper() *document.Mapper { return sn.doc.Mapper() }

// Model is the parsed document.
func (sn *Snapshot) Model() *dockerfile.Model {
	sn.once.Do(func() { sn.mod = dockerfile.ParseMapped(sn.doc.Text, sn.doc.Mapper(), sn.rec.parses) })
	return sn.mod
}

// Findings are the lint findings of this version, checked once per version
// and set of inputs (settings, image facts, build context) and then shared
// by diagnostics, quick fixes and hovers. Only the newest check of a
// document is kept, so old versions and their models are not held.
func (sn *Snapshot) Findings(ctx context.Context) []lint.Finding {
	switch {
	case sn.rec.compose:
		return sn.composeFindings()
	case sn.rec.yaml:
		return sn.manifestFindings()
	}
	opts, key := sn.lintOptions()
	if fs, ok := sn.cached(key); ok {
		return fs
	}
	fs := lint.Check(ctx, sn.Model(), opts)
	if ctx.Err() != nil {
		return fs
	}
	s := sn.s
	s.mu.Lock()
	defer s.mu.Unlock()
	// Keep the newer version's findings when two checks race.
	if old := sn.rec.last; old == nil || old.snap.doc.Version <= sn.doc.Version {
		sn.rec.last = &checked{snap: sn, key: key, findings: fs}
	}
	return fs
}

// CachedFindings are the findings already computed for this version, if
// any, without computing: a hover must not wait for a check of a big file.
func (sn *Snapshot) CachedFindings() ([]lint.Finding, bool) {
	if !sn.rec.dockerfile() {
		return nil, false
	}
	_, key := sn.lintOptions()
	return sn.cached(key)
}

func (sn *Snapshot) cached(key string) ([]lint.Finding, bool) {
	sn.s.mu.Lock()
	defer sn.s.mu.Unlock()
	c := sn.rec.last
	if c == nil || c.snap != sn || c.key != key {
		return nil, false
	}
	return c.findings, true
}

// twoPhaseLines is the size from which a document's first check is
// published in two steps: BuildKit's checks are most of a first check of a
// big file (measured: half of a 5,000-line didOpen), while later checks
// take them from the per-stage cache.
const twoPhaseLines = 300

// FirstDiagnostics are what a big document shows before its first check
// is complete: parse errors, dockerlab's rules and the failed build step,
// without BuildKit's checks, which follow in Diagnostics. ok is false
// where publishing twice is not worth it: a small document, or one that
// was checked before (its stages' BuildKit results are cached; and its
// diagnostics are on screen, where a step back would flicker).
func (sn *Snapshot) FirstDiagnostics(ctx context.Context) (fs []lint.Finding, ok bool) {
	sn.s.mu.Lock()
	checked := sn.rec.last != nil
	failed := sn.rec.failed
	sn.s.mu.Unlock()
	if checked || !sn.rec.dockerfile() || sn.Mapper().LineCount() < twoPhaseLines {
		return nil, false
	}
	opts, _ := sn.lintOptions()
	opts.WithoutBuildKit = true
	fs = lint.Check(ctx, sn.Model(), opts)
	if failed != nil {
		fs = append(fs, *failed)
	}
	return fs, true
}

// keepStages parses this version once more with its document's cache,
// off the request path, after a big document's first check: the cache
// keeps a stage's share of the model only once it has seen the stage twice
// (dockerfile.ParseCache), so without this the first keystroke in a big
// file would build every stage's share (measured: a quarter more than a
// later edit).
func (sn *Snapshot) keepStages() {
	if !sn.rec.dockerfile() {
		return
	}
	dockerfile.ParseMapped(sn.doc.Text, sn.doc.Mapper(), sn.rec.parses)
}

// Diagnostics are the findings plus the step the last build failed on.
func (sn *Snapshot) Diagnostics(ctx context.Context) []lint.Finding {
	fs := sn.Findings(ctx)
	sn.s.mu.Lock()
	failed := sn.rec.failed
	sn.s.mu.Unlock()
	if failed == nil {
		return fs
	}
	return append(append([]lint.Finding(nil), fs...), *failed)
}

// lintOptions are the inputs of this document's check, and a key that
// changes whenever one of them does.
func (sn *Snapshot) lintOptions() (lint.Options, string) {
	s := sn.s
	s.mu.Lock()
	opts := lint.Options{Skip: s.settings.Lint.Skip, Cache: sn.rec.lint}
	gen := s.gen
	s.mu.Unlock()
	if img := s.imageCache(); img != nil {
		opts.Image = img.BaseImage
	}
	dir := contextDir(sn.doc.URI)
	if dir != "" {
		opts.Context = os.DirFS(dir)
	}
	return opts, fmt.Sprintf("%s\x00%s\x00%d", dir, strings.Join(opts.Skip, ","), gen)
}

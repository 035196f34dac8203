// Package session is the language server's state for one editor, in one
// place: the open documents with what was computed from each version (the
// parsed model, the lint cache, the latest findings, the last failed build
// step), the settings and the workspace trust, the engine in use with what
// it knows about images, and the lab's containers.
//
// Package lsp turns requests into calls on a Session and its Snapshots and
// holds nothing but the connection. A Snapshot is one version of one
// document; features read it and never see the Session.
package session

import (
	"fmt"
	"log/slog"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dockerlab/dockerlab/server/compose"
	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/fileuri"
	"github.com/dockerlab/dockerlab/server/lab"
	"github.com/dockerlab/dockerlab/server/lint"
)

// Config wires a Session to its engine and tells it whom to notify.
type Config struct {
	// Engine is the engine in use at start; a zero Engine means none.
	Engine Engine
	// Connect returns another engine when the dockerlab.docker.host
	// setting names one; nil keeps Engine.
	Connect func(hostSetting string) (Engine, error)
	// Publish receives a document's diagnostics whenever they may have
	// changed (findings is empty once it is closed). It is called from one
	// worker per document, never concurrently for one URI.
	Publish func(uri string, version int32, mp *document.Mapper, findings []lint.Finding)
	// LensesChanged is called when what the code lenses show changed.
	LensesChanged func()
	// InsightChanged is called when a build's insight (hints) changed.
	InsightChanged func()
	// LabProgressChanged receives the lab's progress facts when one
	// changed (lab_progress.go); nil looks at none.
	LabProgressChanged func(contract.LabProgressParams)
	// KubeContextChanged receives the kubeconfig's current context when it
	// changes, and its nodes when dockerlab learns them.
	KubeContextChanged func(contract.KubeContextParams)
	// Registries are Docker's credential store and reference rules for
	// push and login, and what registries hold for completion, hover and
	// the walkthrough; nil refuses push and login and asks no registry.
	Registries Registries
	// Compose runs Compose operations; nil refuses them.
	Compose lab.ComposeRunner
	// K8s runs Kubernetes operations and holds port-forwards; nil refuses
	// them.
	K8s K8sRunner
	// Log receives the session's log; nil discards it.
	Log *slog.Logger
}

// Session is the state of one editor connection. All methods are safe for
// concurrent use.
type Session struct {
	cfg Config
	log *slog.Logger

	mu       sync.Mutex
	docs     map[string]*record
	settings contract.Settings
	trusted  bool
	gen      int64 // moves when what checks read besides the text changes
	closed   bool

	engine   engineState
	lab      labState
	progress labProgress
	kube     kubeContextCache
	k8s      k8sState
	diags    *diagnoser
	done     chan struct{}
}

// record is everything the session keeps about one open document.
type record struct {
	uri    string
	snap   *Snapshot
	parses *dockerfile.ParseCache // the stages parsed so far, shared by its snapshots
	lint   *lint.Cache            // BuildKit's results per stage
	last   *checked               // the newest check
	failed *lint.Finding          // the step the last build from the editor failed on
	// compose is set for a Compose file: the Dockerfile features leave it
	// alone and the Compose ones answer.
	compose bool
	// yaml is set for another YAML file: the Kubernetes features answer
	// while it holds manifests (Snapshot.IsManifest), nothing else does.
	yaml bool
	// load is Compose's own verdict on the last saved text; loading is set
	// while the helper runs.
	load    *composeLoad
	loading bool
}

// checked is one check of one snapshot under one set of options.
type checked struct {
	snap     *Snapshot
	key      string
	findings []lint.Finding
}

// New starts a session.
func New(cfg Config) *Session {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	s := &Session{cfg: cfg, log: cfg.Log, docs: map[string]*record{}, done: make(chan struct{})}
	s.diags = newDiagnoser(s)
	s.useEngine(cfg.Engine)
	return s
}

// Close stops the background work: diagnostics, container watching and
// log following.
func (s *Session) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.mu.Unlock()
	s.stopForwards()
	s.diags.stop()
	close(s.done)
}

// Open records a newly opened Dockerfile (or Compose file, by its name)
// and schedules its diagnostics.
func (s *Session) Open(u string, version int32, text string) { s.OpenAs(u, "", version, text) }

// OpenAs records a newly opened document of the editor's language
// ("dockerfile", "dockercompose"; a Compose file's name also makes it one)
// and schedules its diagnostics.
func (s *Session) OpenAs(u, language string, version int32, text string) {
	s.mu.Lock()
	r := &record{uri: u, parses: dockerfile.NewParseCache(), lint: lint.NewCache(), compose: isCompose(u, language)}
	r.yaml = !r.compose && isYAML(u, language)
	s.docs[u] = r
	r.snap = newSnapshot(s, r, document.New(u, version, text))
	s.mu.Unlock()
	s.diags.changed(u)
	switch {
	case r.compose:
		s.ComposeSaved(u)
	case r.dockerfile():
		s.labDocumentOpened(u)
	}
}

// dockerfile reports a Dockerfile: neither Compose nor other YAML.
func (r *record) dockerfile() bool { return !r.compose && !r.yaml }

// isYAML tells a YAML file that is not a Compose file: the editor says
// so, or it says nothing specific and the name ends in .yaml or .yml.
func isYAML(u, language string) bool {
	switch language {
	case "yaml":
		return true
	case "":
		return strings.HasSuffix(u, ".yaml") || strings.HasSuffix(u, ".yml")
	}
	return false
}

// isCompose tells a Compose file: the editor says so, or it says nothing
// specific and the file has a Compose file's name.
func isCompose(u, language string) bool {
	switch language {
	case "dockercompose":
		return true
	case "dockerfile":
		return false
	}
	return compose.IsFileName(path.Base(u))
}

// Change applies edits to an open document. clamped reports edits whose
// positions lay outside the text and were clamped to it.
func (s *Session) Change(u string, version int32, changes []document.Change) (clamped bool, err error) {
	s.mu.Lock()
	r := s.docs[u]
	if r == nil {
		s.mu.Unlock()
		return false, fmt.Errorf("change of %s: document is not open", u)
	}
	d, clamped := r.snap.doc.Apply(version, changes)
	r.snap = newSnapshot(s, r, d)
	s.mu.Unlock()
	s.diags.changed(u)
	return clamped, nil
}

// CloseDocument forgets a document and clears its diagnostics.
func (s *Session) CloseDocument(u string) {
	s.mu.Lock()
	delete(s.docs, u)
	s.mu.Unlock()
	s.diags.changed(u)
	s.labProgressSoon()
}

// Snapshot is the current version of an open document, or nil.
func (s *Session) Snapshot(u string) *Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.docs[u]; r != nil {
		return r.snap
	}
	return nil
}

// Len is the number of open documents.
func (s *Session) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.docs)
}

// Recheck checks every open document again: what the checks read besides
// the text changed (settings, an image's facts, files of a build context).
func (s *Session) Recheck() {
	s.mu.Lock()
	s.gen++
	uris := make([]string, 0, len(s.docs))
	for u := range s.docs {
		uris = append(uris, u)
	}
	s.mu.Unlock()
	for _, u := range uris {
		s.diags.changed(u)
	}
}

// ContextChanged is called when files changed on disk: each document
// whose last check read (or looked for) one of them in its build context
// forgets what it knew of the context and is checked again.
func (s *Session) ContextChanged(paths []string) {
	s.mu.Lock()
	var uris []string
	for u, r := range s.docs {
		dir := contextDir(u)
		if dir == "" {
			continue
		}
		read := r.lint.ContextFiles()
		for _, p := range paths {
			rel, err := filepath.Rel(dir, p)
			ok := err == nil && p != "" && filepath.IsLocal(rel)
			rel = filepath.ToSlash(rel)
			if ok && readFrom(read, rel) {
				r.lint.ContextChanged()
				r.last = nil
				uris = append(uris, u)
				break
			}
		}
	}
	s.mu.Unlock()
	for _, u := range uris {
		s.diags.changed(u)
	}
	s.labProgressSoon()
}

// readFrom reports whether a check that read the context paths read (as
// lint.Cache.ContextFiles lists them: paths or patterns) saw rel.
func readFrom(read []string, rel string) bool {
	for _, r := range read {
		if r == rel {
			return true
		}
		if ok, _ := path.Match(r, rel); ok {
			return true
		}
	}
	return false
}

// contextDir is the build context of a Dockerfile on disk: its directory.
func contextDir(u string) string {
	p, ok := fileuri.Path(u)
	if !ok {
		return ""
	}
	return filepath.Dir(p)
}

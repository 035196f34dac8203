package session

import (
	"context"
	"errors"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/fileuri"
	"github.com/dockerlab/dockerlab/server/lab"
	"github.com/dockerlab/dockerlab/server/lint"
)

// labState is what the code lenses show about each Dockerfile's
// containers. Lenses read it without waiting for the engine; it is filled
// in the background, kept current from the engine's event stream, and every
// change calls Config.LensesChanged.
type labState struct {
	mu         sync.Mutex
	containers containerSet // by Dockerfile path (lab.LabelDockerfile)
	watching   bool
	followers  sync.Map // container ID -> *follower: its `docker logs -f`
	// insights is the last successful build from the editor of each
	// document, by URI (kept when the document closes: the image stays).
	insights map[string]*lab.Insight
	// compose is each Compose project's containers, for the Compose lenses
	// (lab.LabelComposeProject).
	compose containerSet
}

// containerSet is what the lenses show of the containers carrying one
// label: by the label's value, fetched once a value is asked for and kept
// current from the engine's events. Guarded by labState.mu.
type containerSet struct {
	containers map[string][]docker.Container
	known      map[string]bool // asked for, or fetched, at least once
}

// get returns the containers known for value; fetch is set the first
// time a value is asked for, when the caller starts a fetch.
func (c *containerSet) get(value string) (cs []docker.Container, fetch bool) {
	if c.known == nil {
		c.containers, c.known = map[string][]docker.Container{}, map[string]bool{}
	}
	if !c.known[value] {
		c.known[value] = true
		return nil, true
	}
	return c.containers[value], false
}

// set records a fetch, reporting whether it changed what is shown.
func (c *containerSet) set(value string, cs []docker.Container) bool {
	if c.known == nil {
		c.containers, c.known = map[string][]docker.Container{}, map[string]bool{}
	}
	changed := !sameContainers(c.containers[value], cs)
	c.containers[value], c.known[value] = cs, true
	return changed
}

// refreshContainers reads the containers whose label has value into set
// and tells the editor when they changed; false when no engine answered.
func (s *Session) refreshContainers(set *containerSet, label, value string) bool {
	eng := s.LabEngine()
	if eng == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cs, err := eng.Containers(ctx, label, value, true)
	if err != nil {
		return false
	}
	s.lab.mu.Lock()
	changed := set.set(value, cs)
	s.lab.mu.Unlock()
	if changed && s.cfg.LensesChanged != nil {
		s.cfg.LensesChanged()
	}
	return true
}

// containerWatcher is implemented by engines that stream container events.
type containerWatcher interface {
	WatchContainers(ctx context.Context) <-chan docker.ContainerEvent
}

// Containers returns the known containers of the Dockerfile at uri; the
// first call for a file starts a fetch and returns none.
func (s *Session) Containers(u string) []docker.Container {
	path := DockerfilePath(u)
	st := &s.lab
	st.mu.Lock()
	defer st.mu.Unlock()
	cs, fetch := st.containers.get(path)
	if fetch {
		go s.ContainersChanged(path)
	}
	s.startWatchLocked()
	return cs
}

// ContainersChanged re-reads a Dockerfile's containers and tells the
// editor when they changed.
func (s *Session) ContainersChanged(path string) {
	defer s.recoverBackground("lab state")
	if path == "" || !s.refreshContainers(&s.lab.containers, lab.LabelDockerfile, path) {
		return
	}
	s.labProgressSoon()
}

func sameContainers(a, b []docker.Container) bool {
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
// the session, reconnecting when the engine goes away and comes back.
func (s *Session) startWatchLocked() {
	w, ok := s.LabEngine().(containerWatcher)
	if !ok || s.lab.watching {
		return
	}
	s.lab.watching = true
	go func() {
		defer s.recoverBackground("engine events")
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-s.done; cancel() }()
		for ctx.Err() == nil {
			for ev := range w.WatchContainers(ctx) {
				if path := ev.Labels[lab.LabelDockerfile]; path != "" {
					s.ContainersChanged(path)
				}
				if p := ev.Labels[lab.LabelComposeProject]; p != "" {
					s.composeProjectChanged(p)
				}
				s.labProgressSoon() // a terminal's `docker run` carries no label
			}
			select {
			case <-ctx.Done():
			case <-time.After(3 * time.Second): // the engine went away: try again later
			}
		}
	}()
}

// BuildFinished records the outcome of a build from the editor: a failed
// step becomes a diagnostic on its instruction (placed in the document's
// current version), a good build clears it; in is what a successful build
// did (its insight replaces the last one), and a failed build drops the
// last insight, whose hints would no longer be true.
func (s *Session) BuildFinished(u string, in *lab.Insight, err error) {
	var mark *lint.Finding
	if sn := s.Snapshot(u); sn != nil {
		if f, ok := lab.FailureOf(sn.Model(), err); ok {
			mark = &lint.Finding{Severity: lint.Error, Code: "BuildFailed", Message: f.Message, Span: f.Span,
				Href: "https://docs.docker.com/reference/cli/docker/buildx/build/"}
		}
	}
	s.mu.Lock()
	r := s.docs[u]
	had := r != nil && r.failed != nil
	if r != nil {
		r.failed = mark
	}
	s.mu.Unlock()
	if had || mark != nil {
		s.diags.changed(u)
	}

	s.lab.mu.Lock()
	old := s.lab.insights[u]
	switch {
	case in != nil:
		if s.lab.insights == nil {
			s.lab.insights = map[string]*lab.Insight{}
		}
		s.lab.insights[u] = in
	case docker.KindOf(err) == docker.BuildFailed:
		delete(s.lab.insights, u)
	}
	changed := s.lab.insights[u] != old
	s.lab.mu.Unlock()
	if changed && s.cfg.InsightChanged != nil {
		s.cfg.InsightChanged()
	}
	s.labProgressSoon()
}

// Insight is the last successful build from the editor of the document at
// uri, nil when there was none (or the last build failed).
func (s *Session) Insight(u string) *lab.Insight {
	s.lab.mu.Lock()
	defer s.lab.mu.Unlock()
	return s.lab.insights[u]
}

// Plan reads the saved Dockerfile behind uri and plans its lab steps. A
// document with unsaved edits is refused: the engine builds what is on disk.
func (s *Session) Plan(u, target string) (lab.Plan, error) {
	path, ok := fileuri.Path(u)
	if !ok {
		return lab.Plan{}, errors.New(lab.MsgNotOnDisk)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return lab.Plan{}, errors.New(lab.MsgCannotRead(path, err))
	}
	var m *dockerfile.Model
	if sn := s.Snapshot(u); sn != nil {
		if sn.Text() != string(data) {
			return lab.Plan{}, errors.New(lab.MsgUnsaved)
		}
		m = sn.Model() // the same text: its model is parsed already
	} else {
		m = dockerfile.Parse(string(data))
	}
	if target != "" && m.StageByName(target, -1) == nil {
		return lab.Plan{}, errors.New(lab.MsgNoStage(target))
	}
	return lab.NewPlan(path, m, s.Settings().Settings, target), nil
}

// follower is one running `docker logs -f`.
type follower struct{ cancel context.CancelFunc }

// FollowLogs follows a container's output in the background with run,
// replacing an earlier follower of the same container; following ends
// when the container stops, run returns, or the session closes.
func (s *Session) FollowLogs(containerID string, run func(ctx context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	f := &follower{cancel: cancel} // a pointer: function values cannot be compared
	if old, loaded := s.lab.followers.Swap(containerID, f); loaded {
		old.(*follower).cancel()
	}
	go func() {
		select {
		case <-s.done:
		case <-ctx.Done():
		}
		cancel()
	}()
	go func() {
		defer cancel()
		defer s.recoverBackground("logs")
		defer s.lab.followers.CompareAndDelete(containerID, f)
		run(ctx)
	}()
}

// DockerfilePath is the file path of a file:// URI, or "" for any other.
func DockerfilePath(u string) string {
	p, _ := fileuri.Path(u)
	return p
}

// recoverBackground ends a background goroutine's panic with a log line
// instead of the process.
func (s *Session) recoverBackground(what string) {
	if p := recover(); p != nil {
		s.log.Error("background panic", "work", what, "panic", p, "stack", string(debug.Stack()))
	}
}

package session

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/k8sproto"
	"github.com/dockerlab/dockerlab/server/lab"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// The lab's progress: what the engine's real state says of the steps of
// 실습 #1–#2 (build, run, edit, rebuild, the port conflict, replace the old
// container), for the walkthrough in the editor, whose steps tick on these
// facts rather than on clicks. The facts are read, never made: the session
// lists images and containers and looks at the build context's files, and
// runs no docker action for them. They are looked at again after each lab
// command, each container event, each opened, closed or saved document, and
// every labProgressPoll while the lab's Dockerfile is open (a build in a
// terminal sends no container event); Config.LabProgressChanged hears them
// only when one changed.

const (
	// labProgressPoll is how often the facts are looked at while the lab's
	// Dockerfile is open, for what no event announces: an image built or a
	// file edited in a terminal.
	labProgressPoll = 5 * time.Second
	// labHandover is how soon after the old container went the new one must
	// have been created for dockerlab's "stop and remove, then run" answer
	// to the port conflict: the lab does both in one step, a learner who
	// removes the old container and runs again later met no conflict.
	labHandover = 3 * time.Second
	// labContextFiles bounds the files looked at for an edit in the build
	// context: a lab app has a few dozen.
	labContextFiles = 5000
	// labCandidates bounds the Dockerfiles remembered as possible labs.
	labCandidates = 16
)

// labProgress is the session's record of the lab: which Dockerfile it is,
// what the session saw of it so far, and what it last told the editor.
type labProgress struct {
	mu sync.Mutex
	// candidates are the URIs of opened Dockerfiles, the newest first.
	candidates []string
	// target is the lab's Dockerfile, kept when it closes (its containers
	// and images stay).
	target *labTarget
	// memFor names the lab (URI and tag) mem belongs to.
	memFor string
	mem    labMemory
	sent   *contract.LabProgressParams
	// busy is set while one goroutine looks; again asks it to look once
	// more when it is done.
	busy, again bool
	polling     bool
	// now is the clock; nil means time.Now.
	now func() time.Time
}

// labTarget is the lab's Dockerfile: its URI, file path and model.
type labTarget struct {
	uri, path string
	model     *dockerfile.Model
}

// labDocumentOpened notes an opened document as a possible lab and looks
// at the facts again.
func (s *Session) labDocumentOpened(u string) {
	if s.cfg.LabProgressChanged == nil || DockerfilePath(u) == "" {
		return
	}
	p := &s.progress
	p.mu.Lock()
	c := []string{u}
	for _, old := range p.candidates {
		if old != u && len(c) < labCandidates {
			c = append(c, old)
		}
	}
	p.candidates = c
	p.mu.Unlock()
	s.labProgressSoon()
}

// labProgressSoon looks at the lab's facts again in the background. Calls
// while a look is under way make one more look after it, never a queue.
func (s *Session) labProgressSoon() {
	if s.cfg.LabProgressChanged == nil {
		return
	}
	p := &s.progress
	p.mu.Lock()
	if p.busy {
		p.again = true
		p.mu.Unlock()
		return
	}
	p.busy = true
	p.mu.Unlock()
	go func() {
		finished := false
		defer func() {
			if !finished { // a panic, or the session closed
				p.mu.Lock()
				p.busy, p.again = false, false
				p.mu.Unlock()
			}
		}()
		defer s.recoverBackground("lab progress")
		for {
			select {
			case <-s.done:
				return
			default:
			}
			s.updateLabProgress()
			p.mu.Lock()
			again := p.again
			p.again, p.busy = false, again
			p.mu.Unlock()
			if !again {
				finished = true
				return
			}
		}
	}()
}

// updateLabProgress looks at the engine and the build context once and
// tells the editor when a fact changed. Nothing is sent in an untrusted
// workspace, without an engine, or when the engine does not answer.
func (s *Session) updateLabProgress() {
	if !s.EngineEnabled() {
		return
	}
	t, opened := s.labTarget()
	if t == nil {
		return
	}
	eng := s.LabEngine()
	if eng == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), imageLookupTimeout)
	defer cancel()
	images, err := eng.Images(ctx)
	if err != nil {
		return
	}
	containers, err := eng.Containers(ctx, "", "", true)
	if err != nil {
		return
	}
	plan := lab.NewPlan(t.path, t.model, s.Settings().Settings, "")
	p := &s.progress
	p.mu.Lock()
	now := time.Now
	if p.now != nil {
		now = p.now
	}
	p.mu.Unlock()
	o := labObservation{URI: t.uri, Dockerfile: plan.Dockerfile, Tag: plan.Tag, Opened: opened,
		Images: images, Containers: containers, SourceTime: newestSource(plan.ContextDir), Now: now(), Answers: answersHTTP}
	if regs := s.cfg.Registries; regs != nil {
		o.Pushed = regs.Lists
	}
	if kctx := s.KubeContext().Name; kctx != "" {
		o.K8s = s.K8sStatus(kctx, plan.Dockerfile)
	}

	p.mu.Lock()
	if key := t.uri + "\x00" + plan.Tag; p.memFor != key {
		p.memFor, p.mem = key, labMemory{}
	}
	params := p.mem.observe(o)
	changed := p.sent == nil || *p.sent != params
	p.sent = &params
	startPoll := !p.polling
	p.polling = true
	p.mu.Unlock()
	if startPoll {
		go s.pollLabProgress()
	}
	if changed {
		s.cfg.LabProgressChanged(params)
	}
}

// pollLabProgress looks at the facts every labProgressPoll while the lab's
// Dockerfile is open, for the life of the session.
func (s *Session) pollLabProgress() {
	defer s.recoverBackground("lab progress poll")
	tick := time.NewTicker(labProgressPoll)
	defer tick.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-tick.C:
		}
		s.progress.mu.Lock()
		t := s.progress.target
		s.progress.mu.Unlock()
		if t != nil && s.Snapshot(t.uri) != nil {
			s.labProgressSoon()
		}
	}
}

// labTarget finds the lab's Dockerfile: the most recently opened document
// that is a lab (isLab), else the last one found, which may be closed now.
func (s *Session) labTarget() (t *labTarget, opened bool) {
	p := &s.progress
	p.mu.Lock()
	candidates := append([]string(nil), p.candidates...)
	p.mu.Unlock()
	for _, u := range candidates {
		sn := s.Snapshot(u)
		if sn == nil {
			continue
		}
		path := DockerfilePath(u)
		if m := sn.Model(); isLab(path, m) {
			t = &labTarget{uri: u, path: path, model: m}
			p.mu.Lock()
			p.target = t
			p.mu.Unlock()
			return t, true
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.target, false
}

// isLab reports whether a Dockerfile is the lab's: a stage built on node
// (`FROM node:lts-alpine`), beside the app's package.json and
// src/static/js/app.js. The extension opens the walkthrough by itself in a
// folder that holds the same.
func isLab(path string, m *dockerfile.Model) bool {
	if path == "" || m == nil {
		return false
	}
	dir := filepath.Dir(path)
	for _, f := range []string{"package.json", filepath.Join("src", "static", "js", "app.js")} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.IsDir() {
			return false
		}
	}
	for _, st := range m.Stages {
		if isNodeImage(m.BaseImage(st)) {
			return true
		}
	}
	return false
}

// isNodeImage reports whether a reference names Docker's official node
// image: node, node:<tag>, node@<digest>, docker.io/library/node:<tag>.
func isNodeImage(ref string) bool {
	ref = strings.ToLower(ref)
	for _, prefix := range []string{"docker.io/library/", "index.docker.io/library/", "library/"} {
		ref = strings.TrimPrefix(ref, prefix)
	}
	return ref == "node" || strings.HasPrefix(ref, "node:") || strings.HasPrefix(ref, "node@")
}

// newestSource is the newest modification time of a file in the build
// context dir, leaving out what its .dockerignore excludes (and .git and
// node_modules, which only grow the walk); zero when nothing is found.
func newestSource(dir string) time.Time {
	var newest time.Time
	if dir == "" {
		return newest
	}
	var pm *patternmatcher.PatternMatcher
	if f, err := os.Open(filepath.Join(dir, ".dockerignore")); err == nil {
		if patterns, err := ignorefile.ReadAll(f); err == nil {
			pm, _ = patternmatcher.New(patterns)
		}
		f.Close()
	}
	seen := 0
	errEnough := errors.New("enough files")
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return nil
		}
		rel, rerr := filepath.Rel(dir, path)
		if rerr != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if pm != nil {
			if ok, _ := pm.MatchesOrParentMatches(rel); ok {
				if d.IsDir() && !pm.Exclusions() {
					return filepath.SkipDir
				}
				return nil
			}
		}
		if d.IsDir() {
			return nil
		}
		if seen++; seen > labContextFiles {
			return errEnough
		}
		if info, err := d.Info(); err == nil && info.ModTime().After(newest) {
			newest = info.ModTime()
		}
		return nil
	})
	return newest
}

// labObservation is one look at the lab: its Dockerfile and tag, and what
// the engine and the build context held.
type labObservation struct {
	URI        string
	Dockerfile string // the path dockerlab labels its containers with
	Tag        string
	Opened     bool
	Images     []docker.Image     // the local tagged images (`docker images`)
	Containers []docker.Container // every container (`docker ps -a`)
	// SourceTime is the newest modification in the build context.
	SourceTime time.Time
	Now        time.Time
	// Answers reports whether the app behind a published host port
	// answers HTTP; nil counts every published port as answering.
	Answers func(c docker.Container, port int) bool
	// Pushed reports whether a registry lists an image reference
	// ("127.0.0.1:5000/getting-started:1.0"); nil knows of none.
	Pushed func(ref string) bool
	// K8s is the last status the cluster of the current context gave of
	// the lab's Deployment (nil: none known).
	K8s *k8sproto.Status
}

// composeRunning reports a Compose project of the lab's folder (the
// label Compose puts on its containers) with two or more services running,
// one of them answering on a published port.
func (o labObservation) composeRunning() bool {
	dir := filepath.Dir(o.Dockerfile)
	services := map[string]bool{}
	answering := false
	for _, c := range o.Containers {
		if c.State != "running" || o.Dockerfile == "" || c.Labels[labelComposeWorkingDir] != dir {
			continue
		}
		services[c.Labels[lab.LabelComposeService]] = true
		if port := webPort(c); port > 0 && !answering {
			answering = o.answers(c, port)
		}
	}
	return len(services) >= 2 && answering
}

// labelComposeWorkingDir is the project folder Compose labels its containers with.
const labelComposeWorkingDir = "com.docker.compose.project.working_dir"

func (o labObservation) answers(c docker.Container, port int) bool {
	return o.Answers == nil || o.Answers(c, port)
}

// answersHTTP reports whether the app a container publishes on host port
// answers an HTTP GET within a second, as the learner's browser would
// reach it (the lab's engine runs on this machine; a wildcard binding is
// reached on 127.0.0.1). Any HTTP answer counts, an error page too.
func answersHTTP(c docker.Container, port int) bool {
	ip := ""
	for _, b := range c.Ports {
		if b.HostPort == port {
			ip = b.HostIP
			break
		}
	}
	if ip == "" || ip == "0.0.0.0" || ip == "::" {
		ip = "127.0.0.1"
	}
	client := http.Client{Timeout: time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get("http://" + net.JoinHostPort(ip, strconv.Itoa(port)) + "/")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return true
}

// labMemory is what the session remembers of the lab between looks: the
// images its tag named and which of them lab containers ran, and the old
// container that held the port when a newer image came.
type labMemory struct {
	known map[string]time.Time // image ID -> created, for every image the tag named
	// tagged is when a look first found the tag naming an image, when the
	// tag moved to it between two looks (zero when the first look found it).
	tagged   map[string]time.Time
	looked   bool            // a look was taken before
	ran      map[string]bool // image IDs a lab container ran
	holder   *portHolder
	conflict bool
}

// portHolder is the lab container that publishes the lab's host port: once
// a newer image has the tag, a run of it on the same port meets `port is
// already allocated`.
type portHolder struct {
	id, image string
	port      int
	running   bool      // it ran with the port at the last look
	goneAt    time.Time // when a look first found it gone; zero while it exists
}

// labContainer is a container of the lab with the image it runs ("" when
// that image is none the tag named) and its published TCP host port (0
// when it publishes none or is not running).
type labContainer struct {
	docker.Container
	image string
	port  int
}

// observe takes one look and returns the facts. It is a pure function of
// the look and the memory, which it updates.
func (m *labMemory) observe(o labObservation) contract.LabProgressParams {
	if m.known == nil {
		m.known, m.ran, m.tagged = map[string]time.Time{}, map[string]bool{}, map[string]time.Time{}
	}
	p := contract.LabProgressParams{URI: o.URI, Tag: o.Tag, DockerfileOpened: o.Opened}
	newest, built := taggedImage(o.Images, o.Tag)
	if built {
		m.known[newest.ID] = newest.Created
		p.ImageBuilt = true
		if _, ok := m.tagged[newest.ID]; !ok {
			// The tag moved to it since the last look: it was built about now.
			// At the first look, only its creation time tells.
			at := time.Time{}
			if m.looked {
				at = o.Now
			}
			m.tagged[newest.ID] = at
		}
	}
	m.looked = true
	p.ComposeRunning = o.composeRunning()
	p.K8sRunning = o.K8s != nil && o.K8s.Found && o.K8s.Desired > 0 && o.K8s.Ready >= o.K8s.Desired
	var ours []labContainer
	for _, c := range o.Containers {
		img := m.imageOf(c.Image, o.Tag, newest, built)
		if img == "" && (o.Dockerfile == "" || c.Labels[lab.LabelDockerfile] != o.Dockerfile) && !bindsFolder(c, filepath.Dir(o.Dockerfile)) {
			continue
		}
		lc := labContainer{Container: c, image: img}
		if c.State == "running" {
			lc.port = webPort(c)
		}
		if img != "" && c.State != "created" {
			m.ran[img] = true
		}
		dev := c.Labels[lab.LabelMode] == lab.ModeDev || bindsFolder(c, filepath.Dir(o.Dockerfile))
		if !dev {
			// Development mode runs the base image, not the lab's: it
			// takes no part in the build, run and conflict steps.
			ours = append(ours, lc)
		}
		if lc.port == 0 || !o.answers(c, lc.port) {
			continue
		}
		if dev {
			p.DevRunning = true
		} else {
			p.Running = true
			p.VolumeRunning = p.VolumeRunning || namedVolume(c)
		}
	}
	if !built {
		return p
	}
	if o.Pushed != nil {
		for _, t := range newest.Tags {
			if registryRef(t) && o.Pushed(t) {
				p.Pushed = true
				break
			}
		}
	}
	p.SourceEdited = !o.SourceTime.Before(m.builtAt(newest))
	for img := range m.ran {
		if m.older(img, newest) {
			p.Rebuilt = true
		}
	}

	m.watchHolder(ours, o.Now)
	if !m.conflict {
		m.conflict = m.metConflict(ours, newest)
	}
	if h := m.holder; m.conflict && h != nil {
		p.ConflictSeen = true
		p.OldRemoved = !h.goneAt.IsZero()
	}
	for _, c := range ours {
		if c.port > 0 && c.image == newest.ID && p.Rebuilt && o.answers(c.Container, c.port) {
			p.UpdatedRunning = true
		}
	}
	return p
}

// watchHolder follows the container that holds the lab's port: the lab
// container last seen running with a published port, the one with the
// oldest image when several run. It notes when the holder goes, and forgets
// a holder that went without a conflict (the learner removed it before
// running again). After a conflict it keeps the holder, for oldRemoved.
func (m *labMemory) watchHolder(ours []labContainer, now time.Time) {
	if h := m.holder; h != nil {
		present := false
		for _, c := range ours {
			if c.ID == h.id {
				present, h.running = true, c.port > 0
			}
		}
		switch {
		case present:
			h.goneAt = time.Time{}
		case h.goneAt.IsZero():
			h.goneAt, h.running = now, false
		case !m.conflict && now.Sub(h.goneAt) > labHandover:
			m.holder = nil
		}
	}
	if h := m.holder; m.conflict || (h != nil && (h.running || !h.goneAt.IsZero())) {
		return
	}
	var next *labContainer
	for i, c := range ours {
		if c.port > 0 && (next == nil || m.known[c.image].Before(m.known[next.image])) {
			next = &ours[i]
		}
	}
	if next != nil {
		m.holder = &portHolder{id: next.ID, image: next.image, port: next.port, running: true}
	}
}

// metConflict reports whether a container of the tagged image, newer than
// the holder's, met the holder's port: it was created but never started
// while the holder ran (`docker run` failed with `port is already
// allocated`), it runs on another port beside the holder (dockerlab's "run
// on the next free port"), or it runs on the holder's port and was created
// as the holder went (dockerlab's "stop and remove, then run").
func (m *labMemory) metConflict(ours []labContainer, newest docker.Image) bool {
	h := m.holder
	if h == nil || !m.older(h.image, newest) {
		return false
	}
	for _, c := range ours {
		if c.ID == h.id || c.image != newest.ID {
			continue
		}
		switch {
		case h.running && c.State == "created":
			return true
		case h.running && c.port > 0 && c.port != h.port:
			return true
		case !h.goneAt.IsZero() && c.port == h.port && !c.Created.After(h.goneAt.Add(labHandover)):
			return true
		}
	}
	return false
}

// builtAt is when the tagged image was built, as far as the looks tell: a
// second after its creation time (which is whole seconds), or when the tag
// was first seen on it if that is later. A build that took every step from
// the cache keeps the creation time of the build that made them, so a copy
// of the lab made since then would look edited by the creation time alone.
func (m *labMemory) builtAt(newest docker.Image) time.Time {
	at := newest.Created.Add(time.Second)
	if t := m.tagged[newest.ID]; t.After(at) {
		at = t
	}
	return at
}

// older reports whether img is an image the tag named before it named
// newest. The order of the looks decides, not creation times: a build that
// took every step from the cache gives back an image made long ago.
func (m *labMemory) older(img string, newest docker.Image) bool {
	_, ok := m.known[img]
	return ok && img != newest.ID
}

// imageOf is the image a container runs, as one the tag names or named: a
// container lists the name it was run with while that name still names
// its image, and the image's ID once the tag moved on.
func (m *labMemory) imageOf(ref, tag string, newest docker.Image, built bool) string {
	if ref == "" {
		return ""
	}
	if built && sameRef(ref, tag) {
		return newest.ID
	}
	hex := strings.TrimPrefix(ref, "sha256:")
	if len(hex) < 12 {
		return ""
	}
	for id := range m.known {
		if strings.HasPrefix(strings.TrimPrefix(id, "sha256:"), hex) {
			return id
		}
	}
	return ""
}

// taggedImage is the local image the tag names.
func taggedImage(images []docker.Image, tag string) (docker.Image, bool) {
	for _, img := range images {
		for _, t := range img.Tags {
			if sameRef(t, tag) {
				return img, true
			}
		}
	}
	return docker.Image{}, false
}

// sameRef reports whether two image references name the same tag:
// "getting-started" is "getting-started:latest".
func sameRef(a, b string) bool {
	return withTag(a) == withTag(b)
}

func withTag(ref string) string {
	ref = strings.TrimPrefix(ref, "docker.io/library/")
	if strings.Contains(ref, "@") {
		return ref
	}
	if i := strings.LastIndex(ref, "/"); !strings.Contains(ref[i+1:], ":") {
		return ref + ":latest"
	}
	return ref
}

// bindsFolder reports whether a container bind-mounts dir (the lab's
// folder): development mode, from the editor or a terminal.
func bindsFolder(c docker.Container, dir string) bool {
	for _, m := range c.Mounts {
		if m.Type == docker.MountBind && dir != "." && dir != "" && filepath.Clean(m.Source) == dir {
			return true
		}
	}
	return false
}

// namedVolume reports whether a container mounts a volume with a name a
// person gave it.
func namedVolume(c docker.Container) bool {
	for _, m := range c.Mounts {
		if m.Type == docker.MountVolume && !lab.AnonymousVolume(m.Source) {
			return true
		}
	}
	return false
}

// registryRef reports whether a reference names a registry host
// ("127.0.0.1:5000/app:1.0", "ghcr.io/me/app") or a Docker Hub user's
// repository ("me/app"): a name a push can go to.
func registryRef(ref string) bool {
	return strings.Contains(ref, "/") && !strings.HasPrefix(ref, "sha256:")
}

// webPort is the first TCP port a container publishes on the host, 0 for
// none.
func webPort(c docker.Container) int {
	for _, b := range c.Ports {
		if b.HostPort > 0 && (b.Protocol == "" || b.Protocol == "tcp") {
			return b.HostPort
		}
	}
	return 0
}

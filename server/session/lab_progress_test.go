package session

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/contract"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/internal/testfs"
	"github.com/dockerlab/dockerlab/server/k8sproto"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/uri"
)

const (
	progressTag = "getting-started"
	progressDF  = "/home/learner/getting-started/Dockerfile"
)

// t0 is the lab's first build; every time in the tables counts from it.
var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

func at(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }

func image(id string, created int, tags ...string) docker.Image {
	return docker.Image{ID: "sha256:" + id, Tags: tags, Created: at(created)}
}

// ctr is a container: its image as `docker ps` names it, its state, the host
// port it publishes (0 for none), when it was created, and whether
// dockerlab started it from the lab's Dockerfile (its label).
func ctr(id, img, state string, port, created int, ours bool) docker.Container {
	c := docker.Container{ID: id, Name: id, Image: img, State: state, Created: at(created)}
	if port > 0 && state == "running" {
		c.Ports = []docker.PortBinding{{HostIP: "127.0.0.1", HostPort: port, ContainerPort: 3000, Protocol: "tcp"}}
	}
	if ours {
		c.Labels = map[string]string{lab.LabelDockerfile: progressDF}
	}
	return c
}

// look is one look at the engine in a table: what it holds, the newest
// file of the build context, the clock, and the facts expected.
type look struct {
	what       string
	images     []docker.Image
	containers []docker.Container
	source     int // seconds after t0 of the newest file in the context
	now        int
	want       contract.LabProgressParams
}

// facts is the expected params with the lab's URI and tag, the Dockerfile
// open, and the named facts true.
func facts(names ...string) contract.LabProgressParams {
	p := contract.LabProgressParams{URI: "file://" + progressDF, Tag: progressTag, DockerfileOpened: true}
	for _, n := range names {
		switch n {
		case "built":
			p.ImageBuilt = true
		case "running":
			p.Running = true
		case "edited":
			p.SourceEdited = true
		case "rebuilt":
			p.Rebuilt = true
		case "conflict":
			p.ConflictSeen = true
		case "removed":
			p.OldRemoved = true
		case "updated":
			p.UpdatedRunning = true
		case "pushed":
			p.Pushed = true
		case "volume":
			p.VolumeRunning = true
		case "dev":
			p.DevRunning = true
		case "compose":
			p.ComposeRunning = true
		default:
			panic("unknown fact " + n)
		}
	}
	return p
}

// The first build (X) at t0, its container O at 10 s, the edit at 100 s,
// the rebuild (Y) at 200 s: after it, `docker ps` names O's image by ID.
var (
	imgX     = image("aaaaaaaaaaaaaaaa", 0, progressTag+":latest")
	imgY     = image("bbbbbbbbbbbbbbbb", 200, progressTag+":latest")
	runningO = ctr("o", progressTag, "running", 3000, 10, true)
	oAfterY  = ctr("o", "sha256:aaaaaaaaaaaaaaaa", "running", 3000, 10, true)
)

func TestLabProgressFacts(t *testing.T) {
	cases := []struct {
		name  string
		looks []look
	}{
		{"nothing built yet", []look{
			{what: "only the Dockerfile", now: 1, want: facts()},
			{what: "another image's container runs", images: []docker.Image{image("cccccccccccc", 0, "nginx:latest")},
				containers: []docker.Container{ctr("n", "nginx", "running", 8080, 0, false)}, now: 2, want: facts()},
		}},
		{"built, in the editor or a terminal", []look{
			{what: "the tag names an image", images: []docker.Image{imgX}, now: 5, want: facts("built")},
			{what: "an edit in the same second as the image is no edit", images: []docker.Image{imgX}, source: 0, now: 6, want: facts("built")},
			{what: "a later edit", images: []docker.Image{imgX}, source: 1, now: 7, want: facts("built", "edited")},
		}},
		{"a fully cached build of a fresh copy of the lab", []look{
			{what: "the Dockerfile opened, files copied at 0", now: 5, want: facts()},
			{what: "every step from the cache: the image was created long ago", images: []docker.Image{image("eeeeeeeeeeee", -3600, progressTag)},
				now: 20, want: facts("built")},
			{what: "an edit after the build", images: []docker.Image{image("eeeeeeeeeeee", -3600, progressTag)}, source: 30, now: 31, want: facts("built", "edited")},
		}},
		{"a tag with a version", []look{
			{what: "getting-started is getting-started:latest", images: []docker.Image{image("dddddddddddd", 0, "getting-started:v2")}, now: 1, want: facts()},
		}},
		{"running", []look{
			{what: "started by dockerlab", images: []docker.Image{imgX}, containers: []docker.Container{runningO}, now: 11, want: facts("built", "running")},
		}},
		{"running from a terminal", []look{
			{what: "no label, the tag's name", images: []docker.Image{imgX},
				containers: []docker.Container{ctr("t", progressTag+":latest", "running", 3000, 10, false)}, now: 11, want: facts("built", "running")},
		}},
		{"running without a published port", []look{
			{what: "`docker run -d getting-started`", images: []docker.Image{imgX},
				containers: []docker.Container{ctr("t", progressTag, "running", 0, 10, false)}, now: 11, want: facts("built")},
			{what: "stopped", images: []docker.Image{imgX},
				containers: []docker.Container{ctr("t", progressTag, "exited", 3000, 10, false)}, now: 12, want: facts("built")},
		}},
		{"rebuilt without a change", []look{
			{what: "run", images: []docker.Image{imgX}, containers: []docker.Container{runningO}, now: 11, want: facts("built", "running")},
			{what: "the same image again", images: []docker.Image{imgX}, containers: []docker.Container{runningO}, now: 150, want: facts("built", "running")},
		}},
		{"실습 #2 in the editor: stop and remove, then run", []look{
			{what: "run", images: []docker.Image{imgX}, containers: []docker.Container{runningO}, now: 11, want: facts("built", "running")},
			{what: "edit app.js", images: []docker.Image{imgX}, containers: []docker.Container{runningO}, source: 100, now: 101, want: facts("built", "running", "edited")},
			{what: "rebuild", images: []docker.Image{imgY}, containers: []docker.Container{oAfterY}, source: 100, now: 201, want: facts("built", "running", "rebuilt")},
			{what: "the lab stops O for the conflict", images: []docker.Image{imgY},
				containers: []docker.Container{ctr("o", "sha256:aaaaaaaaaaaaaaaa", "exited", 0, 10, true)}, source: 100, now: 230, want: facts("built", "rebuilt")},
			{what: "removes it", images: []docker.Image{imgY}, source: 100, now: 231, want: facts("built", "rebuilt")},
			{what: "and runs the new image at once", images: []docker.Image{imgY},
				containers: []docker.Container{ctr("n", progressTag, "running", 3000, 231, true)}, source: 100, now: 232,
				want: facts("built", "running", "rebuilt", "conflict", "removed", "updated")},
			{what: "the facts stay", images: []docker.Image{imgY},
				containers: []docker.Container{ctr("n", progressTag, "running", 3000, 231, true)}, source: 100, now: 300,
				want: facts("built", "running", "rebuilt", "conflict", "removed", "updated")},
		}},
		{"실습 #2 in the editor, seen only after the lab was done", []look{
			{what: "run", images: []docker.Image{imgX}, containers: []docker.Container{runningO}, now: 11, want: facts("built", "running")},
			{what: "rebuilt, O removed and N run before the next look", images: []docker.Image{imgY},
				containers: []docker.Container{ctr("n", progressTag, "running", 3000, 231, true)}, now: 232,
				want: facts("built", "running", "rebuilt", "conflict", "removed", "updated")},
		}},
		{"실습 #2 in a terminal", []look{
			{what: "docker run", images: []docker.Image{imgX},
				containers: []docker.Container{ctr("o", progressTag, "running", 3000, 10, false)}, now: 11, want: facts("built", "running")},
			{what: "docker build after an edit", images: []docker.Image{imgY},
				containers: []docker.Container{ctr("o", "sha256:aaaaaaaaaaaa", "running", 3000, 10, false)}, source: 100, now: 201, want: facts("built", "running", "rebuilt")},
			{what: "docker run: port is already allocated, the container stays created", images: []docker.Image{imgY},
				containers: []docker.Container{ctr("o", "sha256:aaaaaaaaaaaa", "running", 3000, 10, false), ctr("c", progressTag, "created", 0, 210, false)},
				source:     100, now: 211, want: facts("built", "running", "rebuilt", "conflict")},
			{what: "docker stop and docker rm", images: []docker.Image{imgY},
				containers: []docker.Container{ctr("c", progressTag, "created", 0, 210, false)}, source: 100, now: 300,
				want: facts("built", "rebuilt", "conflict", "removed")},
			{what: "docker run again", images: []docker.Image{imgY},
				containers: []docker.Container{ctr("c", progressTag, "created", 0, 210, false), ctr("n", progressTag, "running", 3000, 310, false)},
				source:     100, now: 311, want: facts("built", "running", "rebuilt", "conflict", "removed", "updated")},
		}},
		{"the conflict answered with the next free port", []look{
			{what: "run", images: []docker.Image{imgX}, containers: []docker.Container{runningO}, now: 11, want: facts("built", "running")},
			{what: "rebuild", images: []docker.Image{imgY}, containers: []docker.Container{oAfterY}, now: 201, want: facts("built", "running", "rebuilt")},
			{what: "N runs on 3001 beside O", images: []docker.Image{imgY},
				containers: []docker.Container{oAfterY, ctr("n", progressTag, "running", 3001, 210, true)}, now: 211,
				want: facts("built", "running", "rebuilt", "conflict", "updated")},
			{what: "O removed later", images: []docker.Image{imgY},
				containers: []docker.Container{ctr("n", progressTag, "running", 3001, 210, true)}, now: 400,
				want: facts("built", "running", "rebuilt", "conflict", "removed", "updated")},
		}},
		{"no conflict: the old container went first", []look{
			{what: "run", images: []docker.Image{imgX}, containers: []docker.Container{runningO}, now: 11, want: facts("built", "running")},
			{what: "rebuild", images: []docker.Image{imgY}, containers: []docker.Container{oAfterY}, now: 201, want: facts("built", "running", "rebuilt")},
			{what: "중지 및 삭제", images: []docker.Image{imgY}, now: 220, want: facts("built", "rebuilt")},
			{what: "a while later", images: []docker.Image{imgY}, now: 240, want: facts("built", "rebuilt")},
			{what: "run", images: []docker.Image{imgY}, containers: []docker.Container{ctr("n", progressTag, "running", 3000, 250, true)}, now: 251,
				want: facts("built", "running", "rebuilt", "updated")},
		}},
		{"no conflict: the old container was stopped, not removed", []look{
			{what: "run", images: []docker.Image{imgX}, containers: []docker.Container{runningO}, now: 11, want: facts("built", "running")},
			{what: "rebuild and docker stop", images: []docker.Image{imgY},
				containers: []docker.Container{ctr("o", "sha256:aaaaaaaaaaaaaaaa", "exited", 0, 10, true)}, now: 201, want: facts("built", "rebuilt")},
			{what: "run", images: []docker.Image{imgY},
				containers: []docker.Container{ctr("o", "sha256:aaaaaaaaaaaaaaaa", "exited", 0, 10, true), ctr("n", progressTag, "running", 3000, 202, true)}, now: 203,
				want: facts("built", "running", "rebuilt", "updated")},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var m labMemory
			for _, l := range tc.looks {
				got := m.observe(labObservation{URI: "file://" + progressDF, Dockerfile: progressDF, Tag: progressTag, Opened: true,
					Images: l.images, Containers: l.containers, SourceTime: at(l.source), Now: at(l.now)})
				if got != l.want {
					t.Errorf("%s:\n got %+v\nwant %+v", l.what, got, l.want)
				}
			}
		})
	}
}

func TestIsLab(t *testing.T) {
	app := map[string]string{"package.json": "{}", "src/static/js/app.js": "", "src/index.js": ""}
	cases := []struct {
		name  string
		files map[string]string
		text  string
		want  bool
	}{
		{"the lab", app, "FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\n", true},
		{"node by a variable", app, "ARG NODE=node:22\nFROM ${NODE}\n", true},
		{"node from Docker Hub's library", app, "FROM docker.io/library/node:22 AS build\nFROM nginx\n", true},
		{"another base image", app, "FROM python:3.12\n", false},
		{"an image that only starts with node", app, "FROM nodered/node-red\n", false},
		{"no app.js", map[string]string{"package.json": "{}"}, "FROM node:lts-alpine\n", false},
		{"no package.json", map[string]string{"src/static/js/app.js": ""}, "FROM node:lts-alpine\n", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := testfs.Tree(t, tc.files)
			if got := isLab(filepath.Join(dir, "Dockerfile"), dockerfile.Parse(tc.text)); got != tc.want {
				t.Errorf("isLab = %v, want %v", got, tc.want)
			}
		})
	}
}

// The newest file of the build context leaves out what .dockerignore
// excludes, and .git and node_modules.
func TestNewestSource(t *testing.T) {
	dir := testfs.Tree(t, map[string]string{
		".dockerignore": "*.log\nbuild\n", "package.json": "{}", "src/static/js/app.js": "",
		"debug.log": "", "build/out.js": "", "node_modules/x/index.js": "", ".git/HEAD": "",
	})
	old := at(0)
	for _, f := range []string{".dockerignore", "package.json", "src/static/js/app.js"} {
		if err := os.Chtimes(filepath.Join(dir, f), old, old); err != nil {
			t.Fatal(err)
		}
	}
	if got := newestSource(dir); !got.Equal(old) {
		t.Errorf("newest source %v, want %v: an excluded file counted", got, old)
	}
	edited := at(100)
	if err := os.Chtimes(filepath.Join(dir, "src/static/js/app.js"), edited, edited); err != nil {
		t.Fatal(err)
	}
	if got := newestSource(dir); !got.Equal(edited) {
		t.Errorf("newest source %v, want the edit at %v", got, edited)
	}
}

// progressEngine is a lab.Engine that holds images and containers. The
// progress only reads: every docker action fails the test.
type progressEngine struct {
	t          *testing.T
	mu         sync.Mutex
	images     []docker.Image
	containers []docker.Container
	listed     int
}

func (e *progressEngine) set(images []docker.Image, containers []docker.Container) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.images, e.containers = images, containers
}

func (e *progressEngine) Images(context.Context) ([]docker.Image, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.listed++
	return e.images, nil
}

func (e *progressEngine) Containers(_ context.Context, key, value string, _ bool) ([]docker.Container, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []docker.Container
	for _, c := range e.containers {
		if key == "" || c.Labels[key] == value {
			out = append(out, c)
		}
	}
	return out, nil
}

func (e *progressEngine) ContainersOfImage(context.Context, string) ([]docker.Container, error) {
	return nil, nil
}

func (e *progressEngine) action(what string) error {
	e.t.Errorf("the lab's progress ran a docker action: %s", what)
	return nil
}

func (e *progressEngine) Build(context.Context, docker.BuildRequest, io.Writer) (docker.BuildResult, error) {
	return docker.BuildResult{}, e.action("build")
}

func (e *progressEngine) Run(context.Context, docker.RunRequest) (docker.Container, error) {
	return docker.Container{}, e.action("run")
}
func (e *progressEngine) Start(context.Context, string) error  { return e.action("start") }
func (e *progressEngine) Stop(context.Context, string) error   { return e.action("stop") }
func (e *progressEngine) Remove(context.Context, string) error { return e.action("rm") }
func (e *progressEngine) Logs(context.Context, string, bool, string, io.Writer) error {
	return e.action("logs")
}

// sentProgress records what a session sends.
type sentProgress struct {
	mu   sync.Mutex
	all  []contract.LabProgressParams
	wake chan struct{}
}

func (p *sentProgress) send(params contract.LabProgressParams) {
	p.mu.Lock()
	p.all = append(p.all, params)
	p.mu.Unlock()
	p.wake <- struct{}{}
}

func (p *sentProgress) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.all)
}

// waitFor waits until the n-th notification arrived and returns it.
func (p *sentProgress) waitFor(t *testing.T, n int) contract.LabProgressParams {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		p.mu.Lock()
		if len(p.all) >= n {
			defer p.mu.Unlock()
			return p.all[n-1]
		}
		p.mu.Unlock()
		select {
		case <-p.wake:
		case <-deadline:
			t.Fatalf("notification %d never came (%d sent)", n, p.count())
		}
	}
}

// labSession opens the lab's Dockerfile in a session on eng; trusted or
// not.
func labSession(t *testing.T, eng lab.Engine, trusted bool) (*Session, *sentProgress, string) {
	dir := testfs.Tree(t, map[string]string{"package.json": "{}", "src/static/js/app.js": "",
		"Dockerfile": "FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\n"})
	sent := &sentProgress{wake: make(chan struct{}, 100)}
	cfg := Config{Publish: newPublished().publish, LabProgressChanged: sent.send}
	if eng != nil {
		cfg.Engine = Engine{Lab: eng}
	}
	s := New(cfg)
	t.Cleanup(s.Close)
	st := contract.DefaultSettings()
	st.Build.Tag = progressTag
	s.Configure(st, trusted)
	u := string(uri.File(filepath.Join(dir, "Dockerfile")))
	s.Open(u, 1, "FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\n")
	return s, sent, u
}

// The session sends the facts when the lab's Dockerfile opens and then only
// when one changed; it reads the engine and runs nothing.
func TestLabProgressSendsOnChange(t *testing.T) {
	eng := &progressEngine{t: t}
	s, sent, u := labSession(t, eng, true)
	first := sent.waitFor(t, 1)
	if first.URI != u || first.Tag != progressTag || !first.DockerfileOpened || first.ImageBuilt {
		t.Fatalf("first facts %+v", first)
	}

	// Looks that find nothing new send nothing.
	for range 3 {
		s.updateLabProgress()
	}
	if n := sent.count(); n != 1 {
		t.Fatalf("%d notifications after unchanged looks, want 1", n)
	}

	// A build in a terminal: the next look (the poll's or an event's) sends it.
	eng.set([]docker.Image{{ID: "sha256:aaaaaaaaaaaaaaaa", Tags: []string{progressTag + ":latest"}, Created: time.Now().Add(time.Hour)}}, nil)
	s.labProgressSoon()
	if got := sent.waitFor(t, 2); !got.ImageBuilt || got.Running {
		t.Errorf("after the build: %+v", got)
	}
	s.updateLabProgress()
	if n := sent.count(); n != 2 {
		t.Errorf("%d notifications, want 2", n)
	}

	// Closing the Dockerfile is a change; the lab is still known.
	s.CloseDocument(u)
	if got := sent.waitFor(t, 3); got.DockerfileOpened || !got.ImageBuilt || got.URI != u {
		t.Errorf("after closing: %+v", got)
	}
}

// An untrusted workspace, or no engine: nothing is looked at or sent.
func TestLabProgressSilentWithoutDocker(t *testing.T) {
	eng := &progressEngine{t: t}
	s, sent, _ := labSession(t, eng, false)
	s.updateLabProgress()
	s2, sent2, _ := labSession(t, nil, true)
	s2.updateLabProgress()
	eng.mu.Lock()
	listed := eng.listed
	eng.mu.Unlock()
	if sent.count() != 0 || sent2.count() != 0 || listed != 0 {
		t.Errorf("untrusted sent %d, no engine sent %d, engine listed %d times", sent.count(), sent2.count(), listed)
	}
}

// A container that runs and publishes the port counts as running only once
// the app behind the port answers HTTP (the step is "run it and open it"),
// and the new version's run likewise; answersHTTP reaches a real server.
func TestLabProgressRunningNeedsAnAnswer(t *testing.T) {
	for _, answers := range []bool{false, true} {
		var m labMemory
		probed := 0
		o := labObservation{URI: "file://" + progressDF, Dockerfile: progressDF, Tag: progressTag, Opened: true,
			Images: []docker.Image{imgX}, Containers: []docker.Container{runningO}, Now: at(11),
			Answers: func(c docker.Container, port int) bool { probed++; return answers }}
		if got := m.observe(o); got.Running != answers || probed == 0 {
			t.Errorf("answers %v: running %v after %d probes", answers, got.Running, probed)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotFound) }))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	port, _ := strconv.Atoi(u.Port())
	c := docker.Container{Ports: []docker.PortBinding{{HostIP: "0.0.0.0", HostPort: port, ContainerPort: 3000, Protocol: "tcp"}}}
	if !answersHTTP(c, port) {
		t.Errorf("an app answering 404 on 127.0.0.1:%d answers", port)
	}
	srv.Close()
	if answersHTTP(c, port) {
		t.Errorf("nothing listens on %d any more: no answer", port)
	}
}

// The workshop's parts after 실습 #2 tick on what the engine holds: a
// registry that lists a name of the lab's image, a lab container with a
// named volume, and a container that bind-mounts the lab's folder (from
// the editor's development mode or a terminal's `docker run -v "$(pwd):/app"`).
func TestLabProgressShareVolumeDev(t *testing.T) {
	pushedImg := image("aaaaaaaaaaaaaaaa", 0, progressTag+":latest", "127.0.0.1:5000/getting-started:1.0")
	withVolume := runningO
	withVolume.Mounts = []docker.Mount{{Type: docker.MountVolume, Source: "todo-db", Target: "/etc/todos"}}
	anonymous := runningO
	anonymous.Mounts = []docker.Mount{{Type: docker.MountVolume, Source: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", Target: "/data"}}
	devLabel := ctr("d", "node:lts-alpine", "running", 3001, 20, true)
	devLabel.Labels[lab.LabelMode] = lab.ModeDev
	devTerminal := ctr("t", "node:lts-alpine", "running", 3002, 20, false)
	devTerminal.Mounts = []docker.Mount{{Type: docker.MountBind, Source: filepath.Dir(progressDF), Target: "/app"}}
	devElsewhere := devTerminal
	devElsewhere.Mounts = []docker.Mount{{Type: docker.MountBind, Source: "/home/learner/other", Target: "/app"}}
	listed := map[string]bool{"127.0.0.1:5000/getting-started:1.0": true}
	// The lab's Compose project: app (the lab's image) and stats, labelled by Compose with the lab's folder.
	composed := func(id, service, img string, port int, dir string) docker.Container {
		c := ctr(id, img, "running", port, 20, false)
		c.Labels = map[string]string{"com.docker.compose.project.working_dir": dir, lab.LabelComposeService: service}
		return c
	}
	labDir := filepath.Dir(progressDF)
	composeApp, composeStats := composed("ca", "app", "sha256:cafe", 3000, labDir), composed("cs", "stats", "sha256:beef", 3001, labDir)
	otherStats := composed("os", "stats", "sha256:beef", 3001, "/home/learner/other")
	for _, tc := range []struct {
		what       string
		images     []docker.Image
		containers []docker.Container
		registry   map[string]bool
		want       contract.LabProgressParams
	}{
		{"tagged for a registry that lists it", []docker.Image{pushedImg}, nil, listed, facts("built", "pushed")},
		{"tagged, the registry does not list it", []docker.Image{pushedImg}, nil, map[string]bool{}, facts("built")},
		{"only the local tag", []docker.Image{imgX}, nil, map[string]bool{progressTag + ":latest": true}, facts("built")},
		{"a named volume", []docker.Image{imgX}, []docker.Container{withVolume}, nil, facts("built", "running", "volume")},
		{"an anonymous volume", []docker.Image{imgX}, []docker.Container{anonymous}, nil, facts("built", "running")},
		{"development mode from the editor", []docker.Image{imgX}, []docker.Container{devLabel}, nil, facts("built", "dev")},
		{"development mode from a terminal", nil, []docker.Container{devTerminal}, nil, facts("dev")},
		{"another folder bind-mounted", nil, []docker.Container{devElsewhere}, nil, facts()},
		{"the lab's Compose project with two services", nil, []docker.Container{composeApp, composeStats}, nil, facts("compose")},
		{"one service of the lab's Compose project", nil, []docker.Container{composeApp}, nil, facts()},
		{"two services of two projects", nil, []docker.Container{composeApp, otherStats}, nil, facts()},
	} {
		var m labMemory
		o := labObservation{URI: "file://" + progressDF, Dockerfile: progressDF, Tag: progressTag, Opened: true,
			Images: tc.images, Containers: tc.containers, Now: at(30)}
		if tc.registry != nil {
			o.Pushed = func(ref string) bool { return tc.registry[ref] }
		}
		if got := m.observe(o); got != tc.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.what, got, tc.want)
		}
	}
}

// The Kubernetes step ticks on what the cluster last said of the lab's
// Deployment: every desired Pod ready, not a Deployment still rolling out
// or gone.
func TestLabProgressK8sRunning(t *testing.T) {
	for _, c := range []struct {
		st   *k8sproto.Status
		want bool
	}{
		{nil, false},
		{&k8sproto.Status{Found: false}, false},
		{&k8sproto.Status{Found: true, Desired: 1, Ready: 0}, false},
		{&k8sproto.Status{Found: true, Desired: 0, Ready: 0}, false},
		{&k8sproto.Status{Found: true, Desired: 1, Ready: 1}, true},
		{&k8sproto.Status{Found: true, Desired: 2, Ready: 2}, true},
	} {
		var m labMemory
		got := m.observe(labObservation{URI: "file://" + progressDF, Dockerfile: progressDF, Tag: progressTag, Opened: true, K8s: c.st})
		if got.K8sRunning != c.want {
			t.Errorf("%+v: K8sRunning %v, want %v", c.st, got.K8sRunning, c.want)
		}
	}
}

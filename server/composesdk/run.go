// Package composesdk runs Compose operations with Docker's own Compose SDK
// (github.com/docker/compose/v5/pkg/compose), so the containers, networks,
// volumes, labels and project names are exactly those `docker compose`
// makes, and a learner can go on in the terminal.
//
// The SDK (with compose-go's loader, its JSON Schema validator and
// Docker's CLI setup) costs every process that links it about 15 ms and
// 5 MB at start (measured), so the language server does not link it: the
// helper command dockerlab-compose does, and the server runs it for each
// action (package composeproc). Only cmd/dockerlab-compose imports this
// package; archtest keeps it that way.
package composesdk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/docker/cli/cli/command"
	cliflags "github.com/docker/cli/cli/flags"
	"github.com/docker/compose/v5/pkg/api"
	"github.com/docker/compose/v5/pkg/compose"
	"github.com/sirupsen/logrus"

	"github.com/dockerlab/dockerlab/server/docker"
)

// Run performs one operation and reports its steps, logs and result (or
// failure) through emit, one ComposeLine each.
func Run(ctx context.Context, req docker.ComposeRequest, emit func(docker.ComposeLine)) {
	res, err := run(ctx, req, emit)
	if err != nil {
		emit(docker.ComposeLine{Error: failure(err)})
		return
	}
	emit(docker.ComposeLine{Result: res})
}

func run(ctx context.Context, req docker.ComposeRequest, emit func(docker.ComposeLine)) (*docker.ComposeResult, error) {
	if !filepath.IsAbs(req.File) {
		return nil, fmt.Errorf("compose file must be an absolute path: %q", req.File)
	}
	builds := &buildTracker{emit: emit, now: time.Now}
	logs := &lineWriter{emit: func(s string) { builds.line(s); emit(docker.ComposeLine{Log: s}) }}
	logrus.SetOutput(logs) // the SDK's warnings ("falling back to the classic builder") are log lines too
	logrus.SetFormatter(&logrus.TextFormatter{DisableTimestamp: true})
	cli, err := command.NewDockerCli(command.WithOutputStream(logs), command.WithErrorStream(logs))
	if err != nil {
		return nil, err
	}
	opts := cliflags.NewClientOptions()
	if req.Host != "" {
		opts.Hosts = []string{req.Host}
	}
	if err := cli.Initialize(opts); err != nil {
		return nil, err
	}
	svc, err := compose.NewComposeService(cli,
		compose.WithStreams(logs, logs, nil),
		compose.WithEventProcessor(&events{emit: emit, builds: builds}),
		// One image and one container at a time: each build's lines then
		// belong to the image Compose says it builds (for build insight).
		compose.WithMaxConcurrency(1),
		compose.WithPrompt(func(string, bool) (bool, error) { return false, nil }))
	if err != nil {
		return nil, err
	}
	project, err := svc.LoadProject(ctx, api.ProjectLoadOptions{
		ConfigPaths: []string{req.File},
		WorkingDir:  filepath.Dir(req.File),
		Services:    req.Services,
		Offline:     true, // no remote (git, OCI) includes: the lab has no network
	})
	if err != nil {
		return nil, &invalid{err}
	}
	switch req.Op {
	case docker.ComposeUp:
		build := &api.BuildOptions{Services: project.ServiceNames(), Deps: true, Progress: "plain"}
		err = svc.Up(ctx, project, api.UpOptions{
			Create: api.CreateOptions{Build: build, Services: req.Services, Recreate: api.RecreateDiverged,
				RecreateDependencies: api.RecreateDiverged, Inherit: true},
			Start: api.StartOptions{Project: project, Services: req.Services},
		})
	case docker.ComposeDown:
		err = svc.Down(ctx, project.Name, api.DownOptions{Project: project, Volumes: req.Volumes, RemoveOrphans: true})
	case docker.ComposePs:
	case docker.ComposeConfig:
		// Loading is the check: nothing touches the engine.
		return &docker.ComposeResult{Project: project.Name, Containers: []docker.ComposeContainer{}, Services: project.ServiceNames()}, nil
	default:
		return nil, fmt.Errorf("unknown compose operation %q", req.Op)
	}
	logs.Flush()
	if err != nil {
		return nil, err
	}
	return ps(ctx, svc, project)
}

// ps lists the project's containers, stopped ones too, sorted by service.
func ps(ctx context.Context, svc api.Compose, project *types.Project) (*docker.ComposeResult, error) {
	cs, err := svc.Ps(ctx, project.Name, api.PsOptions{All: true})
	if err != nil {
		return nil, err
	}
	res := &docker.ComposeResult{Project: project.Name, Containers: []docker.ComposeContainer{}}
	for _, c := range cs {
		out := docker.ComposeContainer{Service: c.Service, ID: c.ID, Name: c.Name, State: string(c.State), Health: string(c.Health)}
		for _, p := range c.Publishers {
			if p.PublishedPort == 0 {
				continue
			}
			out.Ports = append(out.Ports, docker.ComposePort{HostIP: p.URL, HostPort: p.PublishedPort, ContainerPort: p.TargetPort, Protocol: p.Protocol})
		}
		res.Containers = append(res.Containers, out)
	}
	sort.Slice(res.Containers, func(i, j int) bool {
		a, b := res.Containers[i], res.Containers[j]
		if a.Service != b.Service {
			return a.Service < b.Service
		}
		return a.Name < b.Name
	})
	return res, nil
}

// invalid marks a file Compose refused to load.
type invalid struct{ error }

func (e *invalid) Unwrap() error { return e.error }

// failure keeps Compose's own words and says what kind of failure it is.
func failure(err error) *docker.ComposeFailure {
	msg := err.Error()
	f := &docker.ComposeFailure{Message: msg}
	var inv *invalid
	taken, port := docker.PortTaken(msg)
	switch {
	case errors.As(err, &inv):
		f.Kind = "Invalid"
	case taken:
		f.Kind, f.Port = "PortAllocated", port
	case strings.Contains(msg, "Cannot connect to the Docker daemon") || strings.Contains(msg, "connection refused") && strings.Contains(msg, ".sock"):
		f.Kind = "Unavailable"
	case errors.Is(err, context.Canceled):
		f.Kind = "Canceled"
	}
	return f
}

// events passes Compose's progress on as ComposeEvent lines.
type events struct {
	emit   func(docker.ComposeLine)
	builds *buildTracker
}

func (e *events) Start(context.Context, string) {}
func (e *events) Done(string, bool)             {}
func (e *events) On(rs ...api.Resource) {
	for _, r := range rs {
		if r.Status == api.Working && r.Text == "" {
			continue
		}
		e.builds.event(r)
		e.emit(docker.ComposeLine{Event: &docker.ComposeEvent{ID: r.ID, Status: r.Text, Text: r.Details, Failed: r.Status == api.Error}})
	}
}

// lineWriter turns written output into whole lines.
type lineWriter struct {
	mu   sync.Mutex
	buf  []byte
	emit func(string)
}

var _ io.Writer = (*lineWriter)(nil)

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := strings.IndexByte(string(w.buf), '\n')
		if i < 0 {
			break
		}
		if line := strings.TrimRight(string(w.buf[:i]), "\r"); line != "" {
			w.emit(line)
		}
		w.buf = w.buf[i+1:]
	}
	return len(p), nil
}

// Flush emits what is left without a newline.
func (w *lineWriter) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if s := strings.TrimSpace(string(w.buf)); s != "" {
		w.emit(s)
	}
	w.buf = nil
}

// buildTracker turns the classic builder's lines between Compose's
// "Image X Building" and "Built" events into a ComposeBuild: its "Step n/m
// : INSTRUCTION" lines start steps, " ---> Using cache" marks one cached.
type buildTracker struct {
	mu    sync.Mutex
	emit  func(docker.ComposeLine)
	now   func() time.Time
	image string // the image being built, "" between builds
	build docker.ComposeBuild
}

var classicStepRe = regexp.MustCompile(`^Step (\d+)/\d+ : (.*)$`)

func (b *buildTracker) event(r api.Resource) {
	image, ok := strings.CutPrefix(r.ID, "Image ")
	if !ok {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch r.Text {
	case api.StatusBuilding:
		b.image, b.build = image, docker.ComposeBuild{Image: image, Started: b.now()}
	case api.StatusBuilt:
		if b.image != image {
			return
		}
		b.endStep()
		b.build.Finished = b.now()
		done := b.build
		b.image = ""
		b.emit(docker.ComposeLine{Build: &done})
	}
}

func (b *buildTracker) line(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.image == "" {
		return
	}
	if m := classicStepRe.FindStringSubmatch(s); m != nil {
		b.endStep()
		n, _ := strconv.Atoi(m[1])
		b.build.Steps = append(b.build.Steps, docker.BuildStep{Step: n, Text: m[2], Started: b.now()})
		return
	}
	if strings.TrimSpace(s) == "---> Using cache" && len(b.build.Steps) > 0 {
		b.build.Steps[len(b.build.Steps)-1].Cached = true
	}
}

// endStep completes the running step.
func (b *buildTracker) endStep() {
	if n := len(b.build.Steps); n > 0 && b.build.Steps[n-1].Completed.IsZero() {
		b.build.Steps[n-1].Completed = b.now()
	}
}

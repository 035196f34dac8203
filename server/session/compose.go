package session

import (
	"context"
	"errors"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/dockerlab/dockerlab/server/compose"
	"github.com/dockerlab/dockerlab/server/composeproc"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/fileuri"
	"github.com/dockerlab/dockerlab/server/lab"
	"github.com/dockerlab/dockerlab/server/lint"
)

// composeState is what a Compose snapshot computed: the parsed file once,
// and its check once per generation of what checks read besides the text
// (the files it names change on disk).
type composeState struct {
	once sync.Once
	file *compose.File

	mu       sync.Mutex
	gen      int64
	problems []compose.Problem
	checked  bool
}

// IsCompose reports a Compose file: the Compose features answer for it and
// the Dockerfile ones do not.
func (sn *Snapshot) IsCompose() bool { return sn.rec.compose }

// Compose is the parsed Compose file (only for a Compose document).
func (sn *Snapshot) Compose() *compose.File {
	sn.cs.once.Do(func() { sn.cs.file = compose.Parse(sn.doc.Text) })
	return sn.cs.file
}

// ComposeProblems are the Compose file's problems: YAML, the schema,
// names used but not defined, and the files it names (read from the
// document's folder).
func (sn *Snapshot) ComposeProblems() []compose.Problem {
	sn.s.mu.Lock()
	gen := sn.s.gen
	sn.s.mu.Unlock()
	sn.cs.mu.Lock()
	defer sn.cs.mu.Unlock()
	if sn.cs.checked && sn.cs.gen == gen {
		return sn.cs.problems
	}
	opts := compose.Options{Override: compose.IsOverrideName(path.Base(sn.doc.URI))}
	if dir := contextDir(sn.doc.URI); dir != "" {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			opts.Env = compose.DirEnv(dir) // not for a file whose folder is gone (or was never saved)
		}
	}
	sn.cs.problems = compose.CheckFile(sn.Compose(), opts).Problems
	sn.cs.gen, sn.cs.checked = gen, true
	return sn.cs.problems
}

// composeFindings are the problems as findings, so diagnostics publish
// them like a Dockerfile's.
func (sn *Snapshot) composeFindings() []lint.Finding {
	probs := sn.ComposeProblems()
	out := make([]lint.Finding, 0, len(probs))
	for _, p := range probs {
		out = append(out, lint.Finding{Span: dockerfile.Span{Start: p.Span.Start, End: p.Span.End},
			Severity: lint.Error, Code: "Compose" + p.Code, Message: p.Message, Href: compose.Reference})
	}
	if len(out) == 0 {
		// Compose's own verdict only when dockerlab found nothing: its message
		// names no line, and the errors above are the ones to fix first.
		if f, ok := sn.composeLoadFinding(); ok {
			out = append(out, f)
		}
	}
	return out
}

// ComposeDir is the folder of a Compose document, "" when it is not a file.
func (sn *Snapshot) ComposeDir() string { return contextDir(sn.doc.URI) }

// Stages lists the named stages of a Dockerfile beside a Compose file
// (path relative to its folder, or absolute), for `build.target`.
func (sn *Snapshot) Stages(p string) []string {
	dir := contextDir(sn.doc.URI)
	if dir == "" {
		return nil
	}
	data, err := compose.DirEnv(dir).ReadFile(p)
	if err != nil {
		return nil
	}
	var out []string
	for _, st := range dockerfile.Parse(string(data)).Stages {
		if st.Name != "" {
			out = append(out, st.Name)
		}
	}
	return out
}

// ComposeRunner runs Compose operations; nil when none is wired.
func (s *Session) ComposeRunner() lab.ComposeRunner { return s.cfg.Compose }

// EngineAddress is the address of the engine in use ("" without one).
func (s *Session) EngineAddress() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.engine.Address
}

// ComposePlan plans an action on a saved Compose file: it refuses one
// with unsaved edits, as the Dockerfile steps do.
func (s *Session) ComposePlan(u string) (lab.ComposePlan, error) {
	p, ok := fileuri.Path(u)
	if !ok {
		return lab.ComposePlan{}, errors.New(lab.MsgComposeNotOnDisk)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return lab.ComposePlan{}, errors.New(lab.MsgCannotRead(p, err))
	}
	if sn := s.Snapshot(u); sn != nil && sn.Text() != string(data) {
		return lab.ComposePlan{}, errors.New(lab.MsgComposeUnsaved)
	}
	return lab.NewComposePlan(p, string(data), s.EngineAddress()), nil
}

// ComposeContainers returns the known containers of a Compose project;
// the first call for a project starts a fetch and returns none.
func (s *Session) ComposeContainers(project string) []docker.Container {
	if project == "" {
		return nil
	}
	st := &s.lab
	st.mu.Lock()
	defer st.mu.Unlock()
	cs, fetch := st.compose.get(project)
	if fetch {
		go s.composeProjectChanged(project)
	}
	s.startWatchLocked()
	return cs
}

// ComposeChanged re-reads every Compose project the lenses showed, after
// a Compose action.
func (s *Session) ComposeChanged() {
	st := &s.lab
	st.mu.Lock()
	var projects []string
	for p := range st.compose.known {
		projects = append(projects, p)
	}
	st.mu.Unlock()
	for _, p := range projects {
		s.composeProjectChanged(p)
	}
}

// composeProjectChanged re-reads a project's containers and tells the
// editor when they changed; only for a project an open file showed.
func (s *Session) composeProjectChanged(project string) {
	defer s.recoverBackground("compose state")
	s.lab.mu.Lock()
	shown := s.lab.compose.known[project]
	s.lab.mu.Unlock()
	if shown {
		s.refreshContainers(&s.lab.compose, lab.LabelComposeProject, project)
	}
}

// ComposeProject is the project name of an open Compose document ("" when
// only Compose can tell).
func (sn *Snapshot) ComposeProject() string {
	p, ok := fileuri.Path(sn.doc.URI)
	if !ok {
		return ""
	}
	name, _ := sn.Compose().ProjectName(p)
	return name
}

// composeLoad is what Compose itself (compose-go's loader, in the helper)
// said of a saved text: "" when it loaded the project.
type composeLoad struct {
	text    string
	problem string
}

// composeLoadTimeout bounds one load by the helper.
const composeLoadTimeout = 20 * time.Second

// ComposeSaved asks Compose itself to load a saved Compose file in the
// background (interpolation with `.env`, `extends`, `include`, its own
// checks), in a trusted workspace with the helper wired; what it refuses
// becomes a diagnostic when dockerlab's own checks found no error.
func (s *Session) ComposeSaved(u string) {
	path, onDisk := fileuri.Path(u)
	if !onDisk {
		return
	}
	s.mu.Lock()
	r := s.docs[u]
	ok := r != nil && r.compose && s.trusted && s.cfg.Compose != nil && !r.loading
	if ok {
		r.loading = true
	}
	s.mu.Unlock()
	if !ok {
		return
	}
	go func() {
		defer s.recoverBackground("compose load")
		defer func() {
			s.mu.Lock()
			r.loading = false
			s.mu.Unlock()
		}()
		data, err := os.ReadFile(path)
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), composeLoadTimeout)
		defer cancel()
		_, err = s.cfg.Compose.Run(ctx, docker.ComposeRequest{Op: docker.ComposeConfig, File: path}, nil)
		load := &composeLoad{text: string(data)}
		var invalid *composeproc.InvalidFile
		switch {
		case err == nil:
		case errors.As(err, &invalid):
			load.problem = invalid.Cause
		default:
			s.log.Info("compose load", "uri", u, "err", err) // no helper, a timeout: say nothing in the editor
			return
		}
		s.mu.Lock()
		r.load = load
		s.mu.Unlock()
		s.diags.changed(u)
	}()
}

// composeLoadFinding is what Compose said of this text, when it refused it.
func (sn *Snapshot) composeLoadFinding() (lint.Finding, bool) {
	sn.s.mu.Lock()
	load := sn.rec.load
	sn.s.mu.Unlock()
	if load == nil || load.problem == "" || load.text != sn.doc.Text {
		return lint.Finding{}, false
	}
	firstLine := dockerfile.Span{End: strings.IndexByte(sn.doc.Text+"\n", '\n')}
	return lint.Finding{Span: firstLine, Severity: lint.Error, Code: "ComposeLoad", Href: compose.Reference,
		Message: "Compose가 이 파일을 불러오지 못했습니다(`docker compose config`와 같은 검사): " + load.problem}, true
}

// ComposeBuilt records the build insight of a service image Compose built
// from a Dockerfile on disk, as if that Dockerfile had been built from the
// editor: hints on its lines and the hover's last-build section. nil when
// the Dockerfile cannot be planned (unreadable, unsaved edits).
func (s *Session) ComposeBuilt(b lab.ServiceBuild) *lab.Insight {
	u := fileuri.URI(b.Dockerfile)
	plan, err := s.Plan(u, "")
	if err != nil {
		return nil
	}
	plan.Tag = b.Build.Image
	res := docker.BuildResult{Tag: b.Build.Image, Insight: docker.BuildInsight{Started: b.Build.Started, Finished: b.Build.Finished, Steps: b.Build.Steps}}
	in := lab.NewInsight(plan, res, s.Insight(u))
	if in != nil {
		s.BuildFinished(u, in, nil)
	}
	return in
}

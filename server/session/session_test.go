package session

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockerlab/dockerlab/server/internal/testfs"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/document"
	"github.com/dockerlab/dockerlab/server/internal/testcorpus"
	"github.com/dockerlab/dockerlab/server/lint"
	"go.lsp.dev/uri"
)

// published records what a session publishes.
type published struct {
	mu   sync.Mutex
	last map[string][]string // rule names by URI
	vers map[string]int32
	wake chan struct{}
}

func newPublished() *published {
	return &published{last: map[string][]string{}, vers: map[string]int32{}, wake: make(chan struct{}, 100)}
}

func (p *published) publish(u string, version int32, _ *document.Mapper, fs []lint.Finding) {
	p.mu.Lock()
	codes := []string{}
	for _, f := range fs {
		codes = append(codes, f.Code)
	}
	p.last[u], p.vers[u] = codes, version
	p.mu.Unlock()
	p.wake <- struct{}{}
}

// wait waits until the diagnostics of u at version satisfy ok.
func (p *published) wait(t *testing.T, u string, version int32, ok func([]string) bool) []string {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		p.mu.Lock()
		got, v := p.last[u], p.vers[u]
		p.mu.Unlock()
		if v == version && got != nil && ok(got) {
			return got
		}
		select {
		case <-p.wake:
		case <-deadline:
			t.Fatalf("diagnostics of %s v%d: last %v (v%d)", u, version, got, v)
		}
	}
}

func newTestSession(t *testing.T) (*Session, *published) {
	p := newPublished()
	s := New(Config{Publish: p.publish})
	t.Cleanup(s.Close)
	return s, p
}

// A document's versions share one record: each snapshot parses once, the
// findings are checked once per version and kept only for the newest, and
// closing forgets the document and publishes an empty list.
func TestDocumentLifecycle(t *testing.T) {
	s, p := newTestSession(t)
	const u = "file:///lab/session/Dockerfile"
	s.Open(u, 1, "FORM alpine\n")
	p.wait(t, u, 1, func(c []string) bool { return slices.Contains(c, "UnknownInstruction") })
	sn1 := s.Snapshot(u)
	if sn1.Model() != sn1.Model() {
		t.Error("a snapshot parsed twice")
	}
	if fs, ok := sn1.CachedFindings(); !ok || len(fs) == 0 {
		t.Errorf("the published check was not kept: %v %v", fs, ok)
	}

	clamped, err := s.Change(u, 2, []document.Change{{Range: &document.Range{
		Start: document.Position{Line: 0, Character: 0}, End: document.Position{Line: 0, Character: 4}}, Text: "FROM"}})
	if err != nil || clamped {
		t.Fatalf("change: %v %v", clamped, err)
	}
	p.wait(t, u, 2, func(c []string) bool { return !slices.Contains(c, "UnknownInstruction") })
	sn2 := s.Snapshot(u)
	if sn2 == sn1 || sn2.Text() != "FROM alpine\n" || sn2.Version() != 2 {
		t.Fatalf("snapshot after change: %q v%d", sn2.Text(), sn2.Version())
	}
	if _, ok := sn1.CachedFindings(); ok {
		t.Error("the old version's findings are still held")
	}
	if _, err := s.Change("file:///not/open", 1, nil); err == nil {
		t.Error("a change of a closed document was accepted")
	}

	s.CloseDocument(u)
	if s.Snapshot(u) != nil || s.Len() != 0 {
		t.Error("a closed document is still open")
	}
	p.wait(t, u, 0, func(c []string) bool { return len(c) == 0 })
}

// A failed build marks its step in the current version, indented with a
// tab or not, and a good build clears the mark.
func TestBuildFinishedMarksTheFailedStep(t *testing.T) {
	s, p := newTestSession(t)
	const u = "file:///lab/session/failed/Dockerfile"
	s.Open(u, 1, "FROM alpine\n\tRUN exit 3\n")
	p.wait(t, u, 1, func([]string) bool { return true })

	s.BuildFinished(u, nil, &docker.Error{Kind: docker.BuildFailed, Message: "실패했습니다.", Line: 2})
	p.wait(t, u, 1, func(c []string) bool { return slices.Contains(c, "BuildFailed") })
	var mark lint.Finding
	for _, f := range s.Snapshot(u).Diagnostics(context.Background()) {
		if f.Code == "BuildFailed" {
			mark = f
		}
	}
	if start := len("FROM alpine\n\t"); mark.Span.Start != start || mark.Span.End != len("FROM alpine\n\tRUN exit 3") {
		t.Errorf("the failed step is marked at %v, want from its instruction (%d)", mark.Span, start)
	}

	s.BuildFinished(u, nil, nil)
	p.wait(t, u, 1, func(c []string) bool { return !slices.Contains(c, "BuildFailed") })
	s.BuildFinished(u, nil, errors.New("not a build failure")) // no mark, no panic
}

// Settings reach the checks: skipping every rule re-checks the open
// documents and their findings go (parse errors stay, as BuildKit's do).
func TestSettingsRecheck(t *testing.T) {
	s, p := newTestSession(t)
	const u = "untitled:Dockerfile"
	s.Open(u, 1, "FROM alpine\nRUN apt-get install curl\nFORM x\n")
	before := p.wait(t, u, 1, func(c []string) bool { return len(c) > 1 && slices.Contains(c, "UnknownInstruction") })
	st := s.Settings()
	st.Lint.Skip = []string{"all"}
	s.SetSettings(st)
	after := p.wait(t, u, 1, func(c []string) bool { return len(c) == 1 })
	if after[0] != "UnknownInstruction" {
		t.Errorf("with every rule skipped: %v (before: %v)", after, before)
	}
}

// Only documents whose last check read a changed file are checked again.
func TestContextChangedPicksTheReaders(t *testing.T) {
	text := "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\n"
	dir := testfs.Tree(t, map[string]string{"Dockerfile": text})
	path := filepath.Join(dir, "Dockerfile")
	s, p := newTestSession(t)
	u := string(uri.File(path))
	s.Open(u, 1, text)
	p.wait(t, u, 1, func(c []string) bool { return !slices.Contains(c, "NpmCiInsteadOfInstall") })

	lock := filepath.Join(dir, "package-lock.json")
	if err := os.WriteFile(lock, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.ContextChanged([]string{filepath.Join(t.TempDir(), "package-lock.json"), ""}) // another context: nothing
	if _, ok := s.Snapshot(u).CachedFindings(); !ok {
		t.Error("a file outside the context dropped the document's findings")
	}
	s.ContextChanged([]string{lock})
	p.wait(t, u, 1, func(c []string) bool { return slices.Contains(c, "NpmCiInsteadOfInstall") })
}

func TestReadFrom(t *testing.T) {
	read := []string{".dockerignore", "package*.json", "src/*"}
	for rel, want := range map[string]bool{
		".dockerignore": true, "package-lock.json": true, "package.json": true,
		"src/index.js": true, "src/a/b.js": false, "README.md": false,
	} {
		if got := readFrom(read, rel); got != want {
			t.Errorf("readFrom(%q) = %v, want %v", rel, got, want)
		}
	}
}

// Without trust or without an engine, no docker step runs and no image is
// looked up; the refusal says why in Korean.
func TestDockerAllowed(t *testing.T) {
	s, _ := newTestSession(t)
	if err := s.DockerAllowed(); err == nil {
		t.Error("an untrusted session allowed docker")
	}
	s.Configure(s.Settings(), true)
	var de *docker.Error
	if err := s.DockerAllowed(); !errors.As(err, &de) || de.Kind != docker.Unavailable {
		t.Errorf("no engine: %v", err)
	}
	if s.Images() != nil || s.ImageList(context.Background()) != nil || s.EngineEnabled() {
		t.Error("image facts without an engine")
	}
	if _, _, ok, err := s.CheckEngine(context.Background()); ok || err != nil {
		t.Errorf("a session without a ping reported an engine status: %v %v", ok, err)
	}
}

// An unusable dockerlab.docker.host is said on every check of the engine,
// with the setting's own error.
func TestUnusableHostSetting(t *testing.T) {
	s := New(Config{Connect: func(string) (Engine, error) { return Engine{}, errors.New("bad scheme") }})
	t.Cleanup(s.Close)
	st := s.Settings()
	st.Docker.Host = "ftp://nowhere"
	s.Configure(st, true)
	status, _, ok, err := s.CheckEngine(context.Background())
	if !ok || err == nil || status.Available || status.Source != "dockerlab.docker.host" || status.Host != "ftp://nowhere" {
		t.Fatalf("status %+v ok=%v err=%v", status, ok, err)
	}
	if msg := err.Error(); !strings.Contains(msg, "dockerlab.docker.host") || !strings.Contains(msg, "bad scheme") {
		t.Errorf("error %q lacks the setting or its cause", err)
	}
}

// A big document's first check is published in two steps: parse errors and
// dockerlab's rules first, then with BuildKit's checks; an edit after that
// is published once, complete (BuildKit's results of the unedited stages
// are cached, and a step back would flicker).
func TestBigDocumentFirstCheckInTwoPhases(t *testing.T) {
	var mu sync.Mutex
	var seq [][]string // every publish of the document, in order
	var vers []int32
	wake := make(chan struct{}, 100)
	s := New(Config{Publish: func(u string, v int32, _ *document.Mapper, fs []lint.Finding) {
		codes := []string{}
		for _, f := range fs {
			codes = append(codes, f.Code)
		}
		mu.Lock()
		seq, vers = append(seq, codes), append(vers, v)
		mu.Unlock()
		wake <- struct{}{}
	}})
	t.Cleanup(s.Close)
	waitN := func(n int) ([][]string, []int32) {
		t.Helper()
		deadline := time.After(20 * time.Second)
		for {
			mu.Lock()
			got, gv := slices.Clone(seq), slices.Clone(vers)
			mu.Unlock()
			if len(got) >= n {
				return got, gv
			}
			select {
			case <-wake:
			case <-deadline:
				t.Fatalf("want %d publishes, got %v", n, got)
			}
		}
	}
	text := "FROM alpine:3.20 AS Build\nRUN apt-get install curl\n" + strings.Repeat("WORKDIR /app\n", twoPhaseLines)
	const u = "file:///lab/big/Dockerfile"
	s.Open(u, 1, text)
	got, v := waitN(2)
	if v[0] != 1 || v[1] != 1 {
		t.Fatalf("versions %v, want two publishes of version 1", v)
	}
	if slices.Contains(got[0], "StageNameCasing") || !slices.Contains(got[0], "AptGetInstallYes") {
		t.Errorf("first step %v: want dockerlab's AptGetInstallYes, not yet BuildKit's StageNameCasing", got[0])
	}
	if !slices.Contains(got[1], "StageNameCasing") || !slices.Contains(got[1], "AptGetInstallYes") {
		t.Errorf("second step %v: want both rules", got[1])
	}
	if _, err := s.Change(u, 2, []document.Change{{Range: &document.Range{
		Start: document.Position{Line: 5, Character: 0}, End: document.Position{Line: 5, Character: 0}}, Text: "WORKDIR /x\n"}}); err != nil {
		t.Fatal(err)
	}
	got, v = waitN(3)
	if v[2] != 2 || !slices.Contains(got[2], "StageNameCasing") {
		t.Errorf("after an edit: version %d %v, want version 2 at once with BuildKit's StageNameCasing", v[2], got[2])
	}

	small := "FROM alpine:3.20 AS Build\n"
	s.Open("file:///lab/small/Dockerfile", 1, small)
	got, _ = waitN(4)
	if !slices.Contains(got[3], "StageNameCasing") {
		t.Errorf("a small document's first publish %v lacks BuildKit's StageNameCasing", got[3])
	}
}

// After a big document's first check the parse cache keeps every stage's
// share of the model, so the first keystroke copies the stages it does not
// touch instead of building them all.
func TestBigDocumentKeepsStagesAfterFirstCheck(t *testing.T) {
	publishes := make(chan int32, 10)
	s := New(Config{Publish: func(u string, v int32, _ *document.Mapper, _ []lint.Finding) { publishes <- v }})
	t.Cleanup(s.Close)
	const u = "file:///lab/big2/Dockerfile"
	s.Open(u, 1, testcorpus.Big(t))
	for range 2 {
		select {
		case <-publishes:
		case <-time.After(20 * time.Second):
			t.Fatal("the first check did not publish twice")
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		s.mu.Lock()
		n := s.docs[u].parses.KeptStages()
		s.mu.Unlock()
		if n >= 40 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the first check the cache keeps %d stages of the big file's 50", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

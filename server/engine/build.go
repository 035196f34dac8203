package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/api/types/build"
	"github.com/moby/moby/api/types/jsonstream"
	"github.com/moby/moby/client"
)

// pingTimeout bounds the Ping that starts each build.
const pingTimeout = 10 * time.Second

// imageIDAux is the aux id under which BuildKit in dockerd reports the
// built image's ID.
const imageIDAux = "moby.image.id"

// Build sends req.ContextDir to the engine and builds it, writing the
// human-readable output to out line by line (each line ends in "\n") as it
// arrives, so the editor can stream it into an output channel. A failed
// build returns a BuildFailed *Error whose Detail is the engine's message
// and whose Build says where it failed, in the engine's terms (vertex,
// step, the line of a parse error); this package does not read the
// Dockerfile, so Line stays 0 for the caller to work out.
//
// A successful build's result carries its insight: the builder's steps
// (BuildKit's vertices or the classic builder's "Step n/m"), the image's
// history and size, asked for as soon as the engine names the image and
// remembered by image ID, and the context sent, counted and hashed while it
// streams. None of it fails the build: what the engine does not say is left
// empty.
func (c *Client) Build(ctx context.Context, req docker.BuildRequest, out io.Writer) (docker.BuildResult, error) {
	if out == nil {
		out = io.Discard
	}
	dockerfile, err := checkBuildPaths(req)
	if err != nil {
		return docker.BuildResult{}, err
	}
	// Which builders the engine has: from the caller's ping for this
	// action, else asked here, bounded so a hung engine fails the build
	// quickly instead of after the caller's (long) build timeout.
	var info docker.Info
	if req.Pinged != nil {
		info = *req.Pinged
	} else {
		pingCtx, cancelPing := context.WithTimeout(ctx, pingTimeout)
		info, err = c.Ping(pingCtx)
		cancelPing()
		if err != nil {
			return docker.BuildResult{}, err
		}
	}
	useBuildKit := info.BuildKit
	switch req.Builder {
	case docker.BuilderClassic:
		useBuildKit = false
	case docker.BuilderBuildKit:
		if !info.BuildKit {
			return docker.BuildResult{}, &docker.Error{Kind: docker.Other,
				Message: "이 Docker 엔진은 BuildKit 빌드를 지원하지 않습니다. 기본 빌더를 쓰거나 Docker 엔진을 18.09 이상으로 올리십시오.",
				Err:     fmt.Errorf("engine API %s on %s has no BuildKit", info.APIVersion, info.OSType)}
		}
	}
	version := build.BuilderV1
	if useBuildKit {
		version = build.BuilderBuildKit
	}

	started := time.Now()
	// Stream the tar to the engine while it is being written, so a large
	// context never sits in memory. sent is what the writer sent, read
	// only after tarDone (finishTar).
	pr, pw := io.Pipe()
	tarDone := make(chan error, 1)
	var sent docker.BuildContext
	go func() {
		bc, err := writeContextTar(pw, req.ContextDir, dockerfile)
		sent = bc
		pw.CloseWithError(err)
		tarDone <- err
	}()
	// finishTar stops the writer (if the engine stopped reading early) and
	// returns its error, ignoring the one our own Close caused.
	finishTar := func() error {
		pr.Close()
		if err := <-tarDone; err != nil && !errors.Is(err, io.ErrClosedPipe) {
			return &docker.Error{Kind: docker.Other,
				Message: "빌드 컨텍스트 디렉터리를 읽지 못했습니다. 파일 권한과 경로를 확인한 뒤 다시 빌드하십시오.",
				Err:     err}
		}
		return nil
	}

	res, err := c.api.ImageBuild(ctx, pr, buildOptions(req, dockerfile, version))
	if err != nil {
		tarErr := finishTar()
		if tarErr != nil {
			return docker.BuildResult{}, tarErr
		}
		err = fmt.Errorf("starting image build: %w", err)
		if e := classify(ctx, "이미지 빌드", err); docker.KindOf(e) != docker.Other {
			return docker.BuildResult{}, e
		}
		// The classic builder rejects an unparsable Dockerfile here, as an
		// HTTP error, before any output.
		return docker.BuildResult{}, buildFailed(err, errorText(err), docker.BuildFailure{ParseLine: parseErrorLine(err.Error())}, out)
	}
	defer res.Body.Close()

	s := newBuildStream(out, useBuildKit)
	// Ask for the image's history and size as soon as its ID arrives,
	// while the engine tags it and ends the stream.
	early := c.startImageFacts(ctx, s)
	defer early.cancel()
	streamErr := s.read(res.Body)
	res.Body.Close()
	if tarErr := finishTar(); tarErr != nil && s.errMsg == "" {
		return docker.BuildResult{}, tarErr
	}
	if s.errMsg != "" {
		// Where it failed, as the engine said it; package lab finds the
		// instruction in the Dockerfile it planned the build from.
		f := docker.BuildFailure{ParseLine: parseErrorLine(s.errMsg)}
		if useBuildKit {
			f.Vertex = s.trace.failed
		} else {
			f.Step = s.lastStep
		}
		return docker.BuildResult{}, buildFailed(errors.New(s.errMsg), s.errMsg, f, out)
	}
	if streamErr != nil {
		return docker.BuildResult{}, classify(ctx, "이미지 빌드", fmt.Errorf("reading build output: %w", streamErr))
	}
	if err := ctx.Err(); err != nil {
		return docker.BuildResult{}, classify(ctx, "이미지 빌드", err)
	}

	result := docker.BuildResult{ImageID: s.imageID, Tag: req.Tag, BuildKit: useBuildKit,
		Insight: docker.BuildInsight{Started: started, Finished: time.Now(), Steps: s.steps(), Context: sent}}
	if result.ImageID == "" && req.Tag != "" {
		// Older BuildKit integrations do not send the ID; ask for the tag.
		img, err := c.api.ImageInspect(ctx, req.Tag)
		if err != nil {
			return docker.BuildResult{}, classify(ctx, "이미지 확인", fmt.Errorf("inspecting built image %s: %w", req.Tag, err))
		}
		result.ImageID = img.ID
	}
	if result.ImageID != "" {
		f, ok := early.result(result.ImageID)
		if !ok {
			f = c.imageFacts(ctx, result.ImageID)
		}
		result.Insight.History, result.Insight.ImageSize = f.history, f.size
	}
	return result, nil
}

// buildOptions are the /build parameters for req: the Dockerfile path
// checked by checkBuildPaths and the builder version chosen.
func buildOptions(req docker.BuildRequest, dockerfile string, version build.BuilderVersion) client.ImageBuildOptions {
	var tags []string
	if req.Tag != "" {
		tags = []string{req.Tag}
	}
	return client.ImageBuildOptions{
		Tags:       tags,
		Dockerfile: dockerfile,
		BuildArgs:  req.BuildArgs,
		Target:     req.Target,
		NoCache:    req.NoCache,
		Labels:     req.Labels,
		// Remove intermediate containers even when a step fails, or the
		// classic builder leaves a stopped container per failed build.
		Remove:      true,
		ForceRemove: true,
		Version:     version,
	}
}

// checkBuildPaths checks the request's paths and returns the Dockerfile
// path, slash-separated and relative to the context. The engine reads the
// Dockerfile from the context it is sent; this package never reads it.
func checkBuildPaths(req docker.BuildRequest) (string, error) {
	if !filepath.IsAbs(req.ContextDir) {
		return "", &docker.Error{Kind: docker.Other,
			Message: "빌드 컨텍스트 경로는 절대 경로여야 합니다. 작업 영역 안의 디렉터리를 지정하십시오.",
			Err:     fmt.Errorf("build context %q is not absolute", req.ContextDir)}
	}
	if fi, err := os.Stat(req.ContextDir); err != nil || !fi.IsDir() {
		return "", &docker.Error{Kind: docker.NotFound,
			Message: fmt.Sprintf("`%s` 빌드 컨텍스트 디렉터리를 찾을 수 없습니다. 디렉터리가 있는지 확인하십시오.", req.ContextDir),
			Err:     fmt.Errorf("build context %q is not a directory: %w", req.ContextDir, err)}
	}
	dockerfile := req.Dockerfile
	if dockerfile == "" {
		dockerfile = "Dockerfile"
	}
	if !filepath.IsLocal(dockerfile) {
		return "", &docker.Error{Kind: docker.Other,
			Message: "Dockerfile은 빌드 컨텍스트 디렉터리 안에 있어야 합니다. Dockerfile을 컨텍스트 디렉터리 안으로 옮기십시오.",
			Err:     fmt.Errorf("dockerfile %q is outside the build context", dockerfile)}
	}
	if fi, err := os.Stat(filepath.Join(req.ContextDir, dockerfile)); err != nil || fi.IsDir() {
		if err == nil {
			err = errors.New("is a directory")
		}
		return "", &docker.Error{Kind: docker.NotFound,
			Message: fmt.Sprintf("`%s` 파일을 읽지 못했습니다. 파일이 빌드 컨텍스트 디렉터리 안에 있는지 확인하십시오.", dockerfile),
			Err:     fmt.Errorf("finding dockerfile: %w", err)}
	}
	return filepath.ToSlash(filepath.Clean(dockerfile)), nil
}

// classicStepRe matches the classic builder's "Step 2/5 : RUN make".
var classicStepRe = regexp.MustCompile(`^Step (\d+)/(\d+) : `)

// classicCachedLine is the line the classic builder prints under a step
// it took from its cache.
const classicCachedLine = " ---> Using cache"

// buildStream decodes the engine's JSON message stream for /build.
type buildStream struct {
	lines    *lineWriter
	trace    *traceDecoder
	buildKit bool
	imageID  string
	errMsg   string
	lastStep int // the classic builder's most recent "Step N/M"
	// classic are the classic builder's steps so far, timed by now when
	// their lines arrive (tests replace now with a fake clock).
	classic []docker.BuildStep
	now     func() time.Time
	// onImage, when set, is told the built image's ID as soon as the
	// engine sends it, before the stream ends.
	onImage func(id string)
}

// newBuildStream returns a decoder writing complete lines to out.
func newBuildStream(out io.Writer, buildKit bool) *buildStream {
	s := &buildStream{buildKit: buildKit, now: time.Now}
	s.lines = &lineWriter{out: out, onLine: s.onLine}
	s.trace = newTraceDecoder(s.lines)
	return s
}

// onLine watches classic output for step headers and cache hits: "Step
// 3/5 : RUN make" ends the step before and starts step 3, " ---> Using
// cache" marks the current step cached.
func (s *buildStream) onLine(line string) {
	if m := classicStepRe.FindStringSubmatch(line); m != nil {
		s.lastStep, _ = strconv.Atoi(m[1])
		if s.buildKit {
			return
		}
		now := s.now()
		s.endClassicStep(now)
		s.classic = append(s.classic, docker.BuildStep{Step: s.lastStep, Text: line[len(m[0]):], Started: now})
		return
	}
	if line == classicCachedLine && !s.buildKit && len(s.classic) > 0 {
		s.classic[len(s.classic)-1].Cached = true
	}
}

// endClassicStep completes the current classic step, if one is running,
// at t.
func (s *buildStream) endClassicStep(t time.Time) {
	if n := len(s.classic); n > 0 && s.classic[n-1].Completed.IsZero() {
		s.classic[n-1].Completed = t
	}
}

// steps are the builder's steps in start order, for build insight.
func (s *buildStream) steps() []docker.BuildStep {
	if s.buildKit {
		return s.trace.steps()
	}
	return s.classic
}

// read consumes the stream until it ends or reports an error. The end of
// the stream completes the classic builder's last step.
func (s *buildStream) read(r io.Reader) error {
	defer func() {
		s.lines.flush()
		if !s.buildKit {
			s.endClassicStep(s.now())
		}
	}()
	return eachMessage(r, func(m jsonstream.Message) (bool, error) {
		err := s.handle(m)
		return err == nil && s.errMsg == "", err
	})
}

// eachMessage decodes the engine's JSON message stream (a build, a push,
// a pull) and hands each message to handle until the stream ends or handle
// says to stop (false) or fails.
func eachMessage(r io.Reader, handle func(jsonstream.Message) (more bool, err error)) error {
	dec := json.NewDecoder(r)
	for {
		var m jsonstream.Message
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if more, err := handle(m); err != nil || !more {
			return err
		}
	}
}

// handle processes one message.
func (s *buildStream) handle(m jsonstream.Message) error {
	if m.Error != nil {
		s.lines.flush()
		s.errMsg = m.Error.Message
		if s.errMsg == "" {
			s.errMsg = "unknown build error"
		}
		if n := len(s.classic); n > 0 && s.classic[n-1].Completed.IsZero() {
			s.classic[n-1].Error = s.errMsg
		}
		return nil
	}
	if m.Aux != nil {
		switch m.ID {
		case traceID:
			var raw []byte // base64 in JSON
			if err := json.Unmarshal(*m.Aux, &raw); err != nil {
				return fmt.Errorf("decoding buildkit trace: %w", err)
			}
			return s.trace.decode(raw)
		case imageIDAux, "":
			var r build.Result
			if err := json.Unmarshal(*m.Aux, &r); err == nil && r.ID != "" {
				s.imageID = r.ID
				if s.onImage != nil {
					s.onImage(r.ID)
				}
			}
		}
		return nil
	}
	if m.Stream != "" {
		_, err := io.WriteString(s.lines, m.Stream)
		return err
	}
	if m.Status != "" && m.Progress == nil {
		if m.ID != "" {
			fmt.Fprintf(s.lines, "%s: %s\n", m.ID, m.Status)
		} else {
			fmt.Fprintf(s.lines, "%s\n", m.Status)
		}
	}
	return nil
}

// lineWriter passes only whole lines to out: the classic builder sends
// "Step 1/4 : FROM x" and its "\n" in separate messages, and the editor's
// output channel wants complete lines.
type lineWriter struct {
	out    io.Writer
	buf    []byte
	onLine func(string)
}

// Write buffers p and writes every completed line.
func (w *lineWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		if err := w.emit(w.buf[:i+1]); err != nil {
			return len(p), err
		}
		w.buf = w.buf[i+1:]
	}
}

// flush writes an unfinished last line with a newline added.
func (w *lineWriter) flush() {
	if len(w.buf) > 0 {
		w.emit(append(w.buf, '\n'))
		w.buf = nil
	}
}

// emit writes one line (with its "\n") and reports it to onLine.
func (w *lineWriter) emit(line []byte) error {
	if w.onLine != nil {
		w.onLine(strings.TrimRight(string(line), "\r\n"))
	}
	_, err := w.out.Write(line)
	return err
}

package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// labCommand runs one lab step. Commands on a Dockerfile get its plan;
// the lists (images, ps) need none.
type labCommand struct {
	title      string // the progress title
	needsPlan  bool
	background bool // returns at once and keeps working (logs -f)
	run        func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error)
}

var labCommands = map[string]labCommand{
	lab.CommandBuild: {title: "이미지 빌드", needsPlan: true, run: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Build(ctx, p)
	}},
	lab.CommandRun: {title: "컨테이너 실행", needsPlan: true, run: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Run(ctx, p)
	}},
	lab.CommandBuildAndRun: {title: "빌드 후 실행", needsPlan: true, run: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.BuildAndRun(ctx, p)
	}},
	lab.CommandStopAndRemove: {title: "컨테이너 중지 및 삭제", needsPlan: true, run: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.StopAndRemove(ctx, p, a.ContainerID)
	}},
	lab.CommandStart: {title: "컨테이너 시작", needsPlan: true, run: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Start(ctx, p, a.ContainerID)
	}},
	lab.CommandRemove: {title: "컨테이너 삭제", needsPlan: true, run: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Remove(ctx, p, a.ContainerID)
	}},
	lab.CommandLogs: {needsPlan: true, background: true, run: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return s.followLogs(sess, p, a)
	}},
	lab.CommandImages: {run: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Images(ctx)
	}},
	lab.CommandPs: {run: func(ctx context.Context, s *Server, sess lab.Session, p lab.Plan, a lab.Args) (any, error) {
		return sess.Ps(ctx)
	}},
}

func handleExecuteCommand(ctx context.Context, s *Server, raw json.RawMessage) (any, error) {
	var p struct {
		Command   string            `json:"command"`
		Arguments []json.RawMessage `json:"arguments"`
	}
	if err := unmarshal(raw, &p); err != nil {
		return nil, err
	}
	cmd, ok := labCommands[p.Command]
	if !ok {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "알 수 없는 명령입니다: "+p.Command)
	}
	var args lab.Args
	if len(p.Arguments) > 1 || (len(p.Arguments) == 1 && json.Unmarshal(p.Arguments[0], &args) != nil) ||
		(cmd.needsPlan && args.URI == "") {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, `명령 인수는 [{"uri": "<Dockerfile URI>"}] 형식이어야 합니다.`)
	}
	out := &outputWriter{s: s, uri: args.URI}
	res, err := s.runLabCommand(ctx, p.Command, cmd, args, out)
	if err != nil {
		// Every refusal reaches the output channel with the engine's own
		// words; the reply carries them too (see replyError).
		out.writeFailure(err)
		return nil, err
	}
	return res, nil
}

// runLabCommand checks that docker may run, plans the Dockerfile's steps and
// runs one command, with a cancellable progress for the long ones.
func (s *Server) runLabCommand(ctx context.Context, name string, cmd labCommand, args lab.Args, out *outputWriter) (any, error) {
	if err := s.dockerAllowed(); err != nil {
		return nil, err
	}
	if err := s.checkEngine(ctx); err != nil {
		return nil, err
	}
	var plan lab.Plan
	if cmd.needsPlan {
		var err error
		if plan, err = s.planFor(args.URI, args.Target); err != nil {
			return nil, err
		}
	}

	sess := lab.Session{Engine: s.opts.Engine, Out: out, UI: clientUI{s}}
	if cmd.background || cmd.title == "" {
		return cmd.run(ctx, s, sess, plan, args)
	}
	prog := s.beginProgress(ctx, cmd.title, plan.Tag)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if prog != nil {
		prog.onCancel(cancel)
		out.progress = prog
	}
	res, err := cmd.run(ctx, s, sess, plan, args)
	s.labChanged(plan.Dockerfile)
	if name == lab.CommandBuild || name == lab.CommandBuildAndRun {
		s.setBuildFailure(args.URI, err)
	}
	if err != nil {
		prog.end(ctx, "실패했습니다.")
		return nil, err
	}
	if r, ok := res.(lab.Result); ok {
		fmt.Fprintf(out, "\n%s\n", r.Message)
		r.Message = plainText(r.Message) // the editor shows it in a notification
		prog.end(ctx, r.Message)
		res = r
	} else {
		prog.end(ctx, "")
	}
	return res, nil
}

// clientUI asks the learner through window/showMessageRequest.
type clientUI struct{ s *Server }

func (u clientUI) Ask(ctx context.Context, message string, actions []string) (int, error) {
	items := make([]protocol.MessageActionItem, len(actions))
	for i, a := range actions {
		items[i] = protocol.MessageActionItem{Title: plainText(a)}
	}
	var chosen *protocol.MessageActionItem
	if err := u.s.call(ctx, "window/showMessageRequest", protocol.ShowMessageRequestParams{
		Type: protocol.MessageTypeWarning, Message: plainText(message), Actions: items}, &chosen); err != nil {
		return -1, err
	}
	if chosen != nil {
		for i := range items {
			if items[i].Title == chosen.Title {
				return i, nil
			}
		}
	}
	return -1, nil
}

// dockerAllowed refuses docker actions in untrusted workspaces and without an engine.
func (s *Server) dockerAllowed() error {
	s.stateMu.Lock()
	trusted := s.trusted
	s.stateMu.Unlock()
	if !trusted {
		return jsonrpc2.NewError(codeRequestFailed, "신뢰하지 않는 작업 영역에서는 Docker 명령을 실행하지 않습니다. 작업 영역을 신뢰한 뒤 다시 시도하십시오.")
	}
	if s.opts.Engine == nil {
		return jsonrpc2.NewError(codeRequestFailed, engineMessage(nil))
	}
	return nil
}

// planFor reads the saved Dockerfile behind uri and plans its lab steps. A
// document with unsaved edits is refused: the engine builds what is on disk.
func (s *Server) planFor(u, target string) (lab.Plan, error) {
	if !strings.HasPrefix(u, "file://") {
		return lab.Plan{}, jsonrpc2.NewError(codeRequestFailed, "디스크에 저장된 Dockerfile만 빌드할 수 있습니다. 파일로 저장한 뒤 다시 실행하십시오.")
	}
	path := uri.URI(u).Filename()
	data, err := os.ReadFile(path)
	if err != nil {
		return lab.Plan{}, jsonrpc2.NewError(codeRequestFailed, fmt.Sprintf("`%s` 파일을 읽을 수 없습니다: %v", path, err))
	}
	if sn := s.snapshot(u); sn != nil && sn.doc.Text != string(data) {
		return lab.Plan{}, jsonrpc2.NewError(codeRequestFailed, "Dockerfile에 저장하지 않은 변경이 있습니다. 저장한 뒤 다시 실행하십시오.")
	}
	m := dockerfile.Parse(string(data))
	if target != "" && m.StageByName(target, -1) == nil {
		return lab.Plan{}, jsonrpc2.NewError(codeRequestFailed, fmt.Sprintf("`%s` 빌드 단계를 찾을 수 없습니다.", target))
	}
	s.stateMu.Lock()
	settings := s.settings.Settings
	s.stateMu.Unlock()
	return lab.NewPlan(path, m, settings, target), nil
}

// engineMessage is the Korean sentence for an engine failure.
func engineMessage(err error) string {
	var e *engine.Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "Docker 엔진에 연결할 수 없습니다. `sudo dockerd`(또는 `sudo systemctl start docker`)로 엔진을 시작한 뒤 다시 시도하십시오. 호버와 진단 같은 언어 기능은 엔진 없이도 동작합니다."
}

// causeLabel starts the line that holds the engine's own words in the output
// channels; the editor's notification uses the same words (bundle.l10n.ko.json).
const causeLabel = "원인(엔진): "

// failureText is what an output channel shows for a failed step: the Korean
// explanation, then the engine's own words in full and verbatim on their own
// line(s), so the learner can read them and search for them.
func failureText(err error) string {
	var e *engine.Error
	if !errors.As(err, &e) {
		return "오류: " + err.Error()
	}
	text := "오류: " + e.Message
	cause := engineCause(err)
	if e.Detail != "" && !strings.Contains(e.Message, e.Detail) && !strings.Contains(cause, e.Detail) {
		text += "\n" + e.Detail
	}
	if cause != "" {
		text += "\n" + causeLabel + cause
	}
	return text
}

// engineCause returns the engine's own words behind err: the cause of the
// innermost *engine.Error (a wrapper such as checkEngine's adds only Korean),
// its Detail when it has no cause, or "" when there are none or the step was
// cancelled (then "context canceled" would tell the learner nothing).
func engineCause(err error) string {
	var e *engine.Error
	if !errors.As(err, &e) || e.Kind == engine.Canceled {
		return ""
	}
	for e.Err != nil {
		var inner *engine.Error
		if !errors.As(e.Err, &inner) {
			return strings.TrimSpace(e.Err.Error())
		}
		e = inner
	}
	return strings.TrimSpace(e.Detail)
}

// outputWriter sends build output to the editor's output channel as
// dockerlab/buildOutput notifications, and the latest step to the progress.
type outputWriter struct {
	s        *Server
	uri      string
	progress *progress
}

// buildOutputParams is the dockerlab/buildOutput notification.
type buildOutputParams struct {
	URI  string `json:"uri"`
	Text string `json:"text"`
}

// writeFailure writes a failed command's failureText on lines of its own.
// It bypasses the progress: the engine's words may start like a build step.
func (w *outputWriter) writeFailure(err error) {
	w.s.notify(context.Background(), "dockerlab/buildOutput", buildOutputParams{URI: w.uri, Text: "\n" + failureText(err) + "\n"})
}

func (w *outputWriter) Write(p []byte) (int, error) {
	text := string(p)
	w.s.notify(context.Background(), "dockerlab/buildOutput", buildOutputParams{URI: w.uri, Text: text})
	if w.progress != nil {
		for _, line := range strings.Split(text, "\n") {
			if line = strings.TrimSpace(line); strings.HasPrefix(line, "#") || strings.HasPrefix(line, "Step ") || strings.HasPrefix(line, "$ ") {
				w.progress.report(line)
			}
		}
	}
	return len(p), nil
}

// labCommandIDs are the commands workspace/executeCommand runs.
func labCommandIDs() []string { return lab.Commands }

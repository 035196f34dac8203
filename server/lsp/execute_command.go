package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/engine"
	"github.com/dockerlab/dockerlab/server/lab"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/uri"
)

// labCommand runs one lab step on a plan.
type labCommand func(ctx context.Context, e lab.Engine, p lab.Plan, out io.Writer) (lab.Result, error)

// labCommands maps command ids to the lab steps and their progress titles.
var labCommands = map[string]struct {
	run   labCommand
	title string
}{
	lab.CommandBuild:         {lab.Build, "이미지 빌드"},
	lab.CommandRun:           {lab.Run, "컨테이너 실행"},
	lab.CommandBuildAndRun:   {lab.BuildAndRun, "빌드 후 실행"},
	lab.CommandStopAndRemove: {lab.StopAndRemove, "컨테이너 중지 및 삭제"},
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
	var args commandArgs
	if len(p.Arguments) != 1 || json.Unmarshal(p.Arguments[0], &args) != nil || args.URI == "" {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, `명령 인수는 [{"uri": "<Dockerfile URI>"}] 형식이어야 합니다.`)
	}
	if err := s.dockerAllowed(); err != nil {
		return nil, err
	}
	plan, err := s.planFor(args.URI)
	if err != nil {
		return nil, err
	}

	out := &outputWriter{s: s, uri: args.URI}
	prog := s.beginProgress(ctx, cmd.title, plan.Tag)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if prog != nil {
		prog.onCancel(cancel)
		out.progress = prog
	}
	res, err := cmd.run(ctx, s.opts.Engine, plan, out)
	if err != nil {
		fmt.Fprintf(out, "\n%s\n", errorText(err))
		prog.end(ctx, "실패했습니다.")
		return nil, err
	}
	fmt.Fprintf(out, "\n%s\n", res.Message)
	prog.end(ctx, res.Message)
	return res, nil
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
func (s *Server) planFor(u string) (lab.Plan, error) {
	if !strings.HasPrefix(u, "file://") {
		return lab.Plan{}, jsonrpc2.NewError(codeRequestFailed, "디스크에 저장된 Dockerfile만 빌드할 수 있습니다. 파일로 저장한 뒤 다시 실행하십시오.")
	}
	path := uri.URI(u).Filename()
	data, err := os.ReadFile(path)
	if err != nil {
		return lab.Plan{}, jsonrpc2.NewError(codeRequestFailed, fmt.Sprintf("Dockerfile `%s`을(를) 읽을 수 없습니다: %v", path, err))
	}
	if sn := s.snapshot(u); sn != nil && sn.doc.Text != string(data) {
		return lab.Plan{}, jsonrpc2.NewError(codeRequestFailed, "Dockerfile에 저장하지 않은 변경이 있습니다. 저장한 뒤 다시 실행하십시오.")
	}
	return lab.NewPlan(path, dockerfile.Parse(string(data))), nil
}

// engineMessage is the Korean sentence for an engine failure.
func engineMessage(err error) string {
	var e *engine.Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "Docker 엔진에 연결할 수 없습니다. `sudo dockerd`(또는 `sudo systemctl start docker`)로 엔진을 시작한 뒤 다시 시도하십시오. 호버와 진단 같은 언어 기능은 엔진 없이도 동작합니다."
}

// errorText is what the output channel shows for a failed step: the Korean
// explanation and the engine's own words.
func errorText(err error) string {
	var e *engine.Error
	if errors.As(err, &e) {
		if e.Detail != "" && !strings.Contains(e.Message, e.Detail) {
			return "오류: " + e.Message + "\n" + e.Detail
		}
		return "오류: " + e.Message
	}
	return "오류: " + err.Error()
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

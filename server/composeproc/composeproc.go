// Package composeproc runs Compose operations for the language server in a
// helper process, dockerlab-compose, which links Docker's Compose SDK so
// the server does not have to (package composesdk says why). It finds the
// helper beside the server's own executable, starts it without a shell,
// writes the request, passes each step and log line on as it comes and
// turns the helper's failure into a *docker.Error in Korean that keeps
// Compose's own words.
package composeproc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/dockerlab/dockerlab/server/helperexe"
)

// HelperName is the helper's file name beside the server.
func HelperName() string { return helperexe.Name("dockerlab-compose") }

// Helper runs the dockerlab-compose command at Path.
type Helper struct {
	Path string
}

// Find locates the helper: $DOCKERLAB_COMPOSE, else beside the running
// executable, else on PATH.
func Find() (Helper, error) {
	if p := helperexe.Find("DOCKERLAB_COMPOSE", "dockerlab-compose"); p != "" {
		return Helper{Path: p}, nil
	}
	return Helper{}, &docker.Error{Kind: docker.NotFound,
		Message: fmt.Sprintf("Compose를 실행하는 도우미 프로그램(`%s`)을 찾지 못했습니다. dockerlab 서버와 같은 폴더에 있어야 합니다. 확장을 다시 설치하거나 `npm run package`로 다시 빌드하십시오.", HelperName())}
}

// Run performs req, calling progress for each step and log line, and
// returns the helper's result.
func (h Helper) Run(ctx context.Context, req docker.ComposeRequest, progress func(docker.ComposeLine)) (docker.ComposeResult, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return docker.ComposeResult{}, err
	}
	cmd := exec.CommandContext(ctx, h.Path)
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	out, err := cmd.StdoutPipe()
	if err != nil {
		return docker.ComposeResult{}, err
	}
	if err := cmd.Start(); err != nil {
		return docker.ComposeResult{}, &docker.Error{Kind: docker.Other,
			Message: fmt.Sprintf("Compose 도우미 프로그램(`%s`)을 시작하지 못했습니다.", h.Path), Err: err}
	}
	var res *docker.ComposeResult
	var fail *docker.ComposeFailure
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	for sc.Scan() {
		var l docker.ComposeLine
		if json.Unmarshal(sc.Bytes(), &l) != nil {
			continue
		}
		switch {
		case l.Result != nil:
			res = l.Result
		case l.Error != nil:
			fail = l.Error
		case progress != nil:
			progress(l)
		}
	}
	waitErr := cmd.Wait()
	switch {
	case ctx.Err() != nil:
		return docker.ComposeResult{}, &docker.Error{Kind: docker.Canceled, Message: "Compose 작업을 취소했습니다.", Err: ctx.Err()}
	case fail != nil:
		return docker.ComposeResult{}, Failure(req.Op, fail)
	case res == nil:
		cause := strings.TrimSpace(stderr.String())
		if cause == "" && waitErr != nil {
			cause = waitErr.Error()
		}
		return docker.ComposeResult{}, &docker.Error{Kind: docker.Other,
			Message: "Compose 도우미 프로그램이 결과 없이 끝났습니다.", Err: errors.New(cause)}
	}
	return *res, nil
}

// Failure turns the helper's failure into a Korean error that keeps
// Compose's own words as its cause.
func Failure(op string, f *docker.ComposeFailure) *docker.Error {
	cause := errors.New(f.Message)
	what := map[string]string{docker.ComposeUp: "`docker compose up`", docker.ComposeDown: "`docker compose down`", docker.ComposePs: "`docker compose ps`"}[op]
	switch f.Kind {
	case "PortAllocated":
		where := "요청한 호스트 포트를"
		if f.Port > 0 {
			where = fmt.Sprintf("호스트 포트 %d번을", f.Port)
		}
		return &docker.Error{Kind: docker.PortAllocated, Port: f.Port, Err: cause,
			Message: where + " 다른 컨테이너나 프로세스가 이미 사용하고 있어 서비스를 시작하지 못했습니다. 그 포트를 쓰는 컨테이너를 중지·삭제하거나 `ports`의 호스트 포트를 바꾸십시오."}
	case "Unavailable":
		return &docker.Error{Kind: docker.Unavailable, Err: cause,
			Message: "Docker 엔진이 응답하지 않아 Compose를 실행하지 못했습니다. 엔진이 실행 중인지 확인하십시오."}
	case "Invalid":
		return &docker.Error{Kind: docker.Other, Err: &InvalidFile{Cause: f.Message},
			Message: "Compose가 이 파일을 받아들이지 않았습니다. 편집기의 빨간 밑줄과 아래 원인을 확인하십시오."}
	case "Canceled":
		return &docker.Error{Kind: docker.Canceled, Err: cause, Message: "Compose 작업을 취소했습니다."}
	}
	return &docker.Error{Kind: docker.Other, Err: cause, Message: what + " 명령이 실패했습니다. 아래 원인은 Compose가 보낸 메시지입니다."}
}

// InvalidFile is the cause of a failure to load the Compose file: Compose's
// own words (compose-go's loader).
type InvalidFile struct{ Cause string }

func (e *InvalidFile) Error() string { return e.Cause }

// Auto finds the helper when an action needs it (Find), so a missing
// helper is said when a Compose action is clicked, not at start.
type Auto struct{}

// Run finds the helper and runs req with it.
func (Auto) Run(ctx context.Context, req docker.ComposeRequest, progress func(docker.ComposeLine)) (docker.ComposeResult, error) {
	h, err := Find()
	if err != nil {
		return docker.ComposeResult{}, err
	}
	return h.Run(ctx, req, progress)
}

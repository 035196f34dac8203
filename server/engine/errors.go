package engine

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"
)

// ErrorKind says what went wrong in words the editor can act on: the LSP
// layer picks a follow-up (start the engine, free the port, fix a line)
// from the kind without reading the message text.
type ErrorKind int

const (
	// Other is any failure without a more specific kind; the Message is a
	// generic Korean sentence and Err holds the engine's own words.
	Other ErrorKind = iota
	// Unavailable means the Docker engine did not answer (not running, no
	// permission on the socket, or too slow). Language features still work
	// without it, so callers should degrade, not fail.
	Unavailable
	// BuildFailed means the engine rejected the Dockerfile or a build step
	// failed; Detail keeps the engine's message and Line the Dockerfile line
	// when it could be worked out.
	BuildFailed
	// PortAllocated means a host port asked for in RunRequest.Ports is
	// already taken by another container or process; Port names it.
	PortAllocated
	// NotFound means the container, image or Dockerfile does not exist.
	NotFound
	// Conflict means the object is in a state that forbids the request,
	// such as a container name already in use or an image still used by a
	// container.
	Conflict
	// Canceled means the caller's context ended (canceled or timed out)
	// before the engine finished.
	Canceled
)

// String returns the kind's Go name; it is for logs, not for users.
func (k ErrorKind) String() string {
	switch k {
	case Unavailable:
		return "Unavailable"
	case BuildFailed:
		return "BuildFailed"
	case PortAllocated:
		return "PortAllocated"
	case NotFound:
		return "NotFound"
	case Conflict:
		return "Conflict"
	case Canceled:
		return "Canceled"
	default:
		return "Other"
	}
}

// Error is the only error type this package returns for failures a user
// should see. Message is a complete Korean sentence (합니다체) saying what
// happened and what to do, so the editor can show it as is; Err keeps the
// underlying Go error for logs and errors.Is/As.
type Error struct {
	Kind    ErrorKind
	Message string
	Err     error
	// Detail is the engine's own message for BuildFailed (for example
	// "executor failed running [/bin/sh -c make]: exit code: 2"); the build
	// output channel shows it next to the Korean Message.
	Detail string
	// Line is the 1-based Dockerfile line of the failing instruction for
	// BuildFailed, or 0 when it is not known. It is best effort.
	Line int
	// Port is the host port that was already allocated, for PortAllocated.
	Port int
}

// Error returns the Korean Message followed by the cause, so a log line
// holds both the explanation and the engine's words.
func (e *Error) Error() string {
	if e.Err == nil {
		return e.Message
	}
	return e.Message + " (원인: " + e.Err.Error() + ")"
}

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of the first *Error in err's chain, Other for any
// other non-nil error. It lets callers switch on the kind in one line.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Other
}

// Korean messages, kept together so the wording stays consistent.
const (
	msgUnavailable = "Docker 엔진이 응답하지 않습니다. 터미널에서 `sudo systemctl start docker` 또는 `sudo dockerd`로 엔진을 시작한 뒤 다시 시도하십시오. " +
		"엔진이 없어도 Dockerfile 자동 완성, 설명, 진단 같은 언어 기능은 그대로 사용할 수 있습니다."
	msgPermission = "Docker 엔진 소켓에 접근할 권한이 없습니다. `sudo usermod -aG docker $USER`로 사용자를 docker 그룹에 추가하고 다시 로그인한 뒤 시도하십시오. " +
		"엔진이 없어도 Dockerfile 자동 완성, 설명, 진단 같은 언어 기능은 그대로 사용할 수 있습니다."
	msgCanceled = "작업이 취소되었습니다. 필요하면 다시 실행하십시오."
	msgTimeout  = "작업이 제한 시간 안에 끝나지 않아 중단되었습니다. Docker 엔진 상태를 확인한 뒤 다시 시도하십시오."
)

// portAllocatedRe finds the host port in the engine's messages for a taken
// host port. Each engine words it differently (the full error usually starts
// with "Error response from daemon: driver failed programming external
// connectivity on endpoint NAME (ID): ", which Docker 29 prefixes with
// "failed to set up container networking: ", but not always):
//
//   - another container holds it, every engine:
//     "Bind for 127.0.0.1:3917 failed: port is already allocated"
//     (IPv6 addresses unbracketed: "Bind for :::3917 failed: ...");
//   - another process holds it, Docker ≤ 27 through docker-proxy:
//     "Error starting userland proxy: listen tcp4 127.0.0.1:3918: bind:
//     address already in use";
//   - another process holds it, Docker ≥ 28 (the daemon binds itself):
//     "failed to bind host port 127.0.0.1:3918/tcp: address already in use"
//     (IPv6 bracketed: "[::]:3918/tcp").
//
// The address is matched greedily within its word, so the port is the
// number after its last colon: IPv6 addresses with or without brackets work.
var portAllocatedRe = regexp.MustCompile(`(?:Bind for |listen [a-z0-9]+ |failed to bind host port )\S*:(\d+)(?:/[a-z]+)?(?: failed)?:`)

// isPortAllocated reports whether msg is the engine's "port taken" error and
// returns the port it names, or 0 when it names none (callers must then not
// guess a port).
func isPortAllocated(msg string) (bool, int) {
	m := portAllocatedRe.FindStringSubmatch(msg)
	switch {
	case strings.Contains(msg, "port is already allocated"):
	case strings.Contains(msg, "address already in use") && (m != nil || strings.Contains(msg, "userland proxy")):
		// "address already in use" alone may be about something else;
		// a bind of a host port is what makes it a port conflict.
	default:
		return false, 0
	}
	if m == nil {
		return true, 0
	}
	p, err := strconv.Atoi(m[1])
	if err != nil || p < 1 || p > 65535 {
		return true, 0
	}
	return true, p
}

// portAllocatedError builds the PortAllocated error for a host port.
func portAllocatedError(port int, cause error) *Error {
	where := "요청한 호스트 포트를"
	if port > 0 {
		where = fmt.Sprintf("호스트 포트 %d번을", port)
	}
	return &Error{
		Kind: PortAllocated,
		Message: where + " 다른 컨테이너나 프로세스가 이미 사용하고 있어 컨테이너를 시작하지 못했습니다. " +
			"`docker ps`로 그 포트를 쓰는 컨테이너를 찾아 `docker stop <이름>`으로 중지하고 `docker rm <이름>`으로 삭제하거나, 다른 호스트 포트를 지정하십시오.",
		Err:  cause,
		Port: port,
	}
}

// classify turns an error from the engine client into an *Error. what is a
// Korean noun phrase naming the request (for example "컨테이너 시작"), used
// only in the generic message.
func classify(ctx context.Context, what string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
		return &Error{Kind: Canceled, Message: msgCanceled, Err: err}
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &Error{Kind: Canceled, Message: msgTimeout, Err: err}
	case client.IsErrConnectionFailed(err):
		if strings.Contains(err.Error(), "permission denied") {
			return &Error{Kind: Unavailable, Message: msgPermission, Err: err}
		}
		return &Error{Kind: Unavailable, Message: msgUnavailable, Err: err}
	}
	if ok, port := isPortAllocated(err.Error()); ok {
		return portAllocatedError(port, err)
	}
	switch {
	case cerrdefs.IsNotFound(err):
		return &Error{Kind: NotFound, Message: what + " 대상을 찾을 수 없습니다. 이미 삭제되었을 수 있으니 `docker ps -a`나 `docker images`로 목록을 확인하십시오.", Err: err}
	case cerrdefs.IsConflict(err):
		return &Error{Kind: Conflict, Message: what + " 요청이 현재 상태와 충돌하여 처리되지 않았습니다. 아래 원인을 확인하고 정리한 뒤 다시 시도하십시오.", Err: err}
	}
	return &Error{Kind: Other, Message: "Docker 엔진이 " + what + " 요청을 처리하지 못했습니다. 아래 원인을 확인한 뒤 다시 시도하십시오.", Err: err}
}

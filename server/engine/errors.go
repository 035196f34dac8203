package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/dockerlab/dockerlab/server/docker"
	"github.com/moby/moby/client"
)

// Korean messages, kept together so the wording stays consistent.
const (
	msgUnavailable = "Docker 엔진이 응답하지 않습니다. 터미널에서 `sudo systemctl start docker` 또는 `sudo dockerd`로 엔진을 시작한 뒤 다시 시도하십시오. " +
		"엔진이 없어도 Dockerfile 자동 완성, 설명, 진단 같은 언어 기능은 그대로 사용할 수 있습니다."
	msgPermission = "Docker 엔진 소켓에 접근할 권한이 없습니다. `sudo usermod -aG docker $USER`로 사용자를 docker 그룹에 추가하고 다시 로그인한 뒤 시도하십시오. " +
		"엔진이 없어도 Dockerfile 자동 완성, 설명, 진단 같은 언어 기능은 그대로 사용할 수 있습니다."
	msgCanceled = "작업이 취소되었습니다. 필요하면 다시 실행하십시오."
	msgTimeout  = "작업이 제한 시간 안에 끝나지 않아 중단되었습니다. Docker 엔진 상태를 확인한 뒤 다시 시도하십시오."
)

// isPortAllocated is docker.PortTaken: the engine's "port taken" error
// in every engine's wording, and the port it names.
var isPortAllocated = docker.PortTaken

// portAllocatedError builds the PortAllocated error for a host port.
func portAllocatedError(port int, cause error) *docker.Error {
	where := "요청한 호스트 포트를"
	if port > 0 {
		where = fmt.Sprintf("호스트 포트 %d번을", port)
	}
	return &docker.Error{
		Kind: docker.PortAllocated,
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
	var e *docker.Error
	if errors.As(err, &e) {
		return err
	}
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
		return &docker.Error{Kind: docker.Canceled, Message: msgCanceled, Err: err}
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &docker.Error{Kind: docker.Canceled, Message: msgTimeout, Err: err}
	case client.IsErrConnectionFailed(err):
		if strings.Contains(err.Error(), "permission denied") {
			return &docker.Error{Kind: docker.Unavailable, Message: msgPermission, Err: err}
		}
		return &docker.Error{Kind: docker.Unavailable, Message: msgUnavailable, Err: err}
	}
	if ok, port := isPortAllocated(err.Error()); ok {
		return portAllocatedError(port, err)
	}
	switch {
	case cerrdefs.IsNotFound(err):
		return &docker.Error{Kind: docker.NotFound, Message: what + " 대상을 찾을 수 없습니다. 이미 삭제되었을 수 있으니 `docker ps -a`나 `docker images`로 목록을 확인하십시오.", Err: err}
	case cerrdefs.IsConflict(err):
		return &docker.Error{Kind: docker.Conflict, Message: what + " 요청이 현재 상태와 충돌하여 처리되지 않았습니다. 아래 원인을 확인하고 정리한 뒤 다시 시도하십시오.", Err: err}
	}
	return &docker.Error{Kind: docker.Other, Message: "Docker 엔진이 " + what + " 요청을 처리하지 못했습니다. 아래 원인을 확인한 뒤 다시 시도하십시오.", Err: err}
}

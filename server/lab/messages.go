package lab

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
)

// The Korean sentences the server says around the lab steps: why a step
// was refused before it reached the engine, and how an engine failure
// reads in the output channel. The protocol layer only carries them.

// Refusals before a step reaches the engine.
const (
	MsgUntrusted = "신뢰하지 않는 작업 영역에서는 Docker 명령을 실행하지 않습니다. 작업 영역을 신뢰한 뒤 다시 시도하십시오."
	MsgNotOnDisk = "디스크에 저장된 Dockerfile만 빌드할 수 있습니다. 파일로 저장한 뒤 다시 실행하십시오."
	MsgUnsaved   = "Dockerfile에 저장하지 않은 변경이 있습니다. 저장한 뒤 다시 실행하십시오."
	MsgArgsShape = `명령 인수는 [{"uri": "<Dockerfile URI>"}] 형식이어야 합니다.`
	MsgCancelled = "요청이 취소되었습니다."
	// MsgComposeUnavailable: no Compose helper is wired (a client that is not the extension).
	MsgComposeUnavailable = "Compose를 실행할 수 없습니다: Compose 도우미 프로그램(`dockerlab-compose`)이 연결되어 있지 않습니다."
	// MsgComposeUnsaved: a Compose file with unsaved edits.
	MsgComposeUnsaved = "Compose 파일에 저장하지 않은 변경이 있습니다. 저장한 뒤 다시 실행하십시오."
	// MsgComposeNotOnDisk: a Compose file that is not a saved file.
	MsgComposeNotOnDisk = "디스크에 저장된 Compose 파일만 실행할 수 있습니다. 파일로 저장한 뒤 다시 실행하십시오."
	MsgStepFailed       = "실패했습니다."
	MsgLogsShown        = "컨테이너 로그를 출력 창에 보여 줍니다."
	msgNoEngine         = "Docker 엔진에 연결할 수 없습니다. `sudo dockerd`(또는 `sudo systemctl start docker`)로 엔진을 시작한 뒤 다시 시도하십시오. 호버와 진단 같은 언어 기능은 엔진 없이도 동작합니다."
	causeLabel          = "원인(엔진): "
	failurePrefix       = "오류: "
	hostSettingBad      = "`dockerlab.docker.host` 설정의 주소를 쓸 수 없습니다. `unix:///var/run/docker.sock`이나 `tcp://호스트:2375` 같은 주소로 고치십시오. (%v)"
)

// MsgUnknownCommand refuses a command the server does not have.
func MsgUnknownCommand(id string) string { return "알 수 없는 명령입니다: " + id }

// MsgCannotRead says the saved Dockerfile could not be read.
func MsgCannotRead(path string, err error) string {
	return fmt.Sprintf("`%s` 파일을 읽을 수 없습니다: %v", path, err)
}

// MsgNoStage says a build target names no stage.
func MsgNoStage(target string) string {
	return fmt.Sprintf("`%s` 빌드 단계를 찾을 수 없습니다.", target)
}

// MsgInternalError answers a request whose handler panicked.
func MsgInternalError(method string) string {
	return fmt.Sprintf("dockerlab 서버 내부 오류가 발생했습니다(%s). 서버는 계속 동작합니다. 로그를 확인하십시오.", method)
}

// MsgHostSettingUnusable says the dockerlab.docker.host setting holds no
// usable address.
func MsgHostSettingUnusable(err error) string { return fmt.Sprintf(hostSettingBad, err) }

// EngineMessage is the Korean sentence for an engine failure: the
// engine error's own message, or how to start an engine when none answers.
func EngineMessage(err error) string {
	var e *docker.Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return msgNoEngine
}

// EngineUnreachable adds to an engine failure the address tried and where
// that address came from.
func EngineUnreachable(err error, address, source string) string {
	msg := EngineMessage(err)
	if address != "" {
		msg = fmt.Sprintf("%s (시도한 주소: `%s`, %s)", msg, address, hostSourceText(source))
	}
	return msg
}

func hostSourceText(source string) string {
	switch source {
	case "default":
		return "기본값"
	case "dockerlab.docker.host":
		return "`dockerlab.docker.host` 설정"
	case "DOCKER_HOST":
		return "`DOCKER_HOST` 환경 변수"
	}
	return "Docker 컨텍스트 " + source
}

// FailureText is what an output channel shows for a failed step: the
// Korean explanation, then the engine's own words in full and verbatim on
// their own line(s), so the learner can read them and search for them.
func FailureText(err error) string {
	var e *docker.Error
	if !errors.As(err, &e) {
		return failurePrefix + err.Error()
	}
	text := failurePrefix + e.Message
	cause := EngineCause(err)
	if e.Detail != "" && !strings.Contains(e.Message, e.Detail) && !strings.Contains(cause, e.Detail) {
		text += "\n" + e.Detail
	}
	if cause != "" {
		text += "\n" + causeLabel + cause
	}
	return text
}

// EngineCause returns the engine's own words behind err: the cause of the
// innermost *docker.Error (a wrapper adds only Korean), its Detail when it
// has no cause, or "" when there are none or the step was cancelled (then
// "context canceled" would tell the learner nothing).
func EngineCause(err error) string {
	var e *docker.Error
	if !errors.As(err, &e) || e.Kind == docker.Canceled {
		return ""
	}
	for e.Err != nil {
		var inner *docker.Error
		if !errors.As(e.Err, &inner) {
			return strings.TrimSpace(e.Err.Error())
		}
		e = inner
	}
	return strings.TrimSpace(e.Detail)
}

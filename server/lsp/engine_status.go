package lsp

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dockerlab/dockerlab/server/engine"
)

// engineTimeout is the longest the server waits to learn that no engine
// answers: the learner hears about it within two seconds, never a hang.
const engineTimeout = 2 * time.Second

// engineStatusParams is the dockerlab/engineStatus notification behind the
// extension's status bar item (editor-ext/src/engine_status.ts reads it as
// EngineStatus; a unit test there checks it reads every field here).
type engineStatusParams struct {
	Available bool `json:"available"`
	// EngineVersion is the engine's own version ("20.10.24+dfsg1",
	// "29.8.0"): the status bar shows it, as learners know Docker by it.
	EngineVersion string `json:"engineVersion,omitempty"`
	// APIVersion is the engine's API version ("1.41"), for the tooltip.
	APIVersion string `json:"apiVersion,omitempty"`
	Host       string `json:"host"`
	Source     string `json:"source"`
	Message    string `json:"message,omitempty"`
}

// checkEngine pings the engine (bounded by engineTimeout), tells the
// editor's status bar, and returns an Unavailable *engine.Error naming the
// address it tried when no engine answers.
func (s *Server) checkEngine(ctx context.Context) error {
	if s.hostErr != nil {
		msg := fmt.Sprintf("`dockerlab.docker.host` 설정의 주소를 쓸 수 없습니다. `unix:///var/run/docker.sock`이나 `tcp://호스트:2375` 같은 주소로 고치십시오. (%v)", s.hostErr)
		s.notify(context.Background(), "dockerlab/engineStatus", engineStatusParams{Host: s.settings.Docker.Host, Source: "dockerlab.docker.host", Message: msg})
		return &engine.Error{Kind: engine.Unavailable, Message: msg, Err: s.hostErr}
	}
	if s.opts.Ping == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, engineTimeout)
	defer cancel()
	info, err := s.opts.Ping(ctx)
	st := engineStatusParams{Host: s.opts.Host.Address, Source: s.opts.Host.Source}
	if err != nil {
		msg := engineMessage(err)
		if st.Host != "" {
			msg = fmt.Sprintf("%s (시도한 주소: `%s`, %s)", msg, st.Host, hostSourceText(st.Source))
		}
		st.Message = plainText(msg)
		s.notify(context.Background(), "dockerlab/engineStatus", st)
		var e *engine.Error
		if errors.As(err, &e) {
			return &engine.Error{Kind: e.Kind, Message: msg, Err: err}
		}
		return &engine.Error{Kind: engine.Unavailable, Message: msg, Err: err}
	}
	st.Available, st.EngineVersion, st.APIVersion = true, info.Version, info.APIVersion
	s.notify(context.Background(), "dockerlab/engineStatus", st)
	return nil
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

// useEngine switches to another engine (dockerlab.docker.host).
func (s *Server) useEngine(next Options) {
	s.opts.Engine, s.opts.Images, s.opts.Ping, s.opts.Host = next.Engine, next.Images, next.Ping, next.Host
	s.images = nil
	if next.Images != nil {
		s.images = newImageCache(next.Images)
		s.images.onLoaded = s.rediagnoseAll
	}
}

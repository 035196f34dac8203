package lab

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/dockerlab/dockerlab/server/dockerfile"
	"github.com/dockerlab/dockerlab/server/engine"
)

// pinger is implemented by engines that say what they are; *engine.Client does.
type pinger interface {
	Ping(ctx context.Context) (engine.Info, error)
}

// modernFrontendAPI is the engine API version from which the Dockerfile
// frontend built into the engine (BuildKit ≥ 0.10, Docker 23) reads
// heredocs and the newer flags. Debian's dockerd 20.10 (API 1.41) has
// BuildKit 0.8, which rejects them with obscure errors, and a `# syntax=`
// line makes it pull a frontend image instead.
const modernFrontendAPI = 1.42

// newerFlags are flags the old built-in frontend does not know, by instruction.
var newerFlags = map[string][]string{
	"COPY":        {"link", "parents", "exclude"},
	"ADD":         {"link", "parents", "exclude", "checksum", "unpack", "keep-git-dir"},
	"RUN":         {"device"},
	"HEALTHCHECK": {"start-interval"},
}

// checkEngineFeatures says in Korean, before building, what in the
// Dockerfile the engine's builder cannot read, with the line, instead of
// letting the build fail with an English parse error or a registry pull.
func checkEngineFeatures(ctx context.Context, e Engine, m *dockerfile.Model) error {
	p, ok := e.(pinger)
	if !ok {
		return nil
	}
	info, err := p.Ping(ctx)
	if err != nil {
		return nil // the build reports an absent engine itself
	}
	version, err := strconv.ParseFloat(info.APIVersion, 64)
	if err != nil || version >= modernFrontendAPI {
		return nil
	}
	old := func(line int, what, fix string) error {
		return &engine.Error{Kind: engine.BuildFailed, Line: line + 1,
			Message: fmt.Sprintf("이 Docker 엔진(API %s)의 빌더는 %s을(를) 읽지 못합니다. %s 또는 엔진을 Docker 23 이상으로 올리십시오.", info.APIVersion, what, fix)}
	}
	for _, d := range m.Directives {
		if d.Name == "syntax" {
			line := m.Mapper.Position(d.Span.Start).Line
			return old(line, "`# syntax=` 줄(빌드할 때 프런트엔드 이미지를 받아 옵니다)", "이 줄을 지우십시오.")
		}
	}
	for _, in := range m.Instructions {
		if len(m.Heredocs(in)) > 0 {
			return old(in.StartLine, "히어독(`<<EOF`)", "히어독을 `&& \\`로 이은 명령이나 파일 `COPY`로 바꾸십시오.")
		}
		for _, f := range in.Flags {
			for _, newer := range newerFlags[in.Name] {
				if strings.EqualFold(f.Name, newer) {
					return old(in.StartLine, fmt.Sprintf("`%s --%s`", in.Name, newer), fmt.Sprintf("`--%s`를 지우십시오.", newer))
				}
			}
		}
	}
	return nil
}

package engine

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/distribution/reference"
)

// buildFailed writes the engine's message to the build output and returns
// the BuildFailed error. dt is the Dockerfile, used to explain failures
// that need a registry (which dockerlab's machines usually cannot reach).
func buildFailed(cause error, detail string, dt []byte, line int, out io.Writer) *Error {
	fmt.Fprintf(out, "ERROR: %s\n", strings.TrimSpace(detail))
	e := &Error{Kind: BuildFailed, Err: cause, Detail: detail, Line: line}
	switch {
	case isRegistryFailure(detail) && strings.Contains(detail, "docker/dockerfile"):
		// A "# syntax=docker/dockerfile:1" line makes BuildKit fetch the
		// frontend image before reading anything else.
		if l := syntaxDirectiveLine(dt); l > 0 {
			e.Line = l
		}
		e.Message = "Dockerfile의 `# syntax=` 줄 때문에 BuildKit이 레지스트리에서 Dockerfile 프런트엔드 이미지를 내려받으려 했지만 레지스트리에 접속하지 못했습니다. " +
			"그 줄을 지우면 엔진에 내장된 프런트엔드로 빌드합니다. 지운 뒤 다시 빌드하십시오."
	case isRegistryFailure(detail):
		if e.Line == 0 {
			e.Line = fromLine(dt, registryRepo(detail))
		}
		e.Message = "베이스 이미지가 이 컴퓨터에 없어 레지스트리에서 내려받으려 했지만 실패했습니다. " +
			"`docker images`로 이미 있는 이미지를 확인하고 FROM에 그 이름과 태그를 정확히 쓰거나, 네트워크가 되는 곳에서 `docker pull`로 미리 받아 두십시오."
	case e.Line > 0:
		e.Message = fmt.Sprintf("Dockerfile %d번째 줄에서 이미지 빌드가 실패했습니다. 빌드 출력의 오류 내용을 확인하고 그 줄을 고친 뒤 다시 빌드하십시오.", e.Line)
	default:
		e.Message = "이미지 빌드가 실패했습니다. 빌드 출력에서 실패한 단계와 오류 내용을 확인하고 Dockerfile을 고친 뒤 다시 빌드하십시오."
	}
	if e.Line > 0 && !strings.Contains(e.Message, "번째 줄") {
		e.Message = fmt.Sprintf("Dockerfile %d번째 줄: %s", e.Line, e.Message)
	}
	return e
}

// errorText returns the engine's words from an SDK error ("Error response
// from daemon: " stripped), for Detail.
func errorText(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "Error response from daemon: "); i >= 0 {
		return msg[i+len("Error response from daemon: "):]
	}
	return msg
}

var (
	// registryFailureRe matches the engine's ways of saying an image could
	// not be fetched: no network, unknown name, or access refused.
	registryFailureRe = regexp.MustCompile(`(?i)pull access denied|manifest unknown|repository does not exist|` +
		`failed to resolve source metadata|registry-1\.docker\.io|https://[^ "]+/v2/`)
	// registryRepoRe finds the repository in a registry URL
	// ".../v2/library/node/manifests/lts-alpine".
	registryRepoRe = regexp.MustCompile(`/v2/(.+?)/(?:manifests|blobs)/`)
	// syntaxRe matches a "# syntax=" parser directive.
	syntaxRe = regexp.MustCompile(`(?i)^#\s*syntax\s*=`)
)

// isRegistryFailure reports whether a build failed fetching an image.
func isRegistryFailure(detail string) bool {
	return registryFailureRe.MatchString(detail)
}

// registryRepo returns the repository path ("library/node") a registry
// error names, or "".
func registryRepo(detail string) string {
	if m := registryRepoRe.FindStringSubmatch(detail); m != nil {
		return m[1]
	}
	return ""
}

// syntaxDirectiveLine returns the line of a leading "# syntax=" directive.
func syntaxDirectiveLine(dt []byte) int {
	sc := bufio.NewScanner(bytes.NewReader(dt))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if syntaxRe.MatchString(line) {
			return n
		}
		if line != "" && !strings.HasPrefix(line, "#") {
			return 0 // directives only come before the first instruction
		}
	}
	return 0
}

// fromLine returns the line of the first FROM whose image is repo (a
// registry path such as "library/node"), or 0.
func fromLine(dt []byte, repo string) int {
	if repo == "" {
		return 0
	}
	for _, st := range splitStages(parseDockerfile(dt)) {
		named, err := reference.ParseNormalizedNamed(st.base)
		if err == nil && reference.Path(named) == repo {
			return st.nodes[0].StartLine
		}
	}
	return 0
}

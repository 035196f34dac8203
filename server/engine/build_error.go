package engine

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/dockerlab/dockerlab/server/docker"
)

// buildFailed writes the engine's message to the build output and returns
// the BuildFailed error: the engine's words in Detail, where it failed in
// Build, and a Korean sentence that needs no Dockerfile (package lab, which
// has the Dockerfile's model, names the line and the instruction).
func buildFailed(cause error, detail string, f docker.BuildFailure, out io.Writer) *docker.Error {
	fmt.Fprintf(out, "ERROR: %s\n", strings.TrimSpace(detail))
	f.Pull = isRegistryFailure(detail)
	if f.Pull {
		f.Repository = registryRepo(detail)
	}
	e := &docker.Error{Kind: docker.BuildFailed, Err: cause, Detail: detail, Build: f}
	switch {
	case f.Pull:
		e.Message = "빌드에 필요한 이미지가 이 컴퓨터에 없어 레지스트리에서 내려받으려 했지만 실패했습니다. " +
			"`docker images`로 이미 있는 이미지를 확인하고 그 이름과 태그를 정확히 쓰거나, 네트워크가 되는 곳에서 `docker pull`로 미리 받아 두십시오."
	default:
		e.Message = "이미지 빌드가 실패했습니다. 빌드 출력에서 실패한 단계와 오류 내용을 확인하고 Dockerfile을 고친 뒤 다시 빌드하십시오."
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
	// parseErrorLineRe finds the line in a Dockerfile parse error, which both
	// builders word as "dockerfile parse error line 3: ..." or "... on line 3".
	parseErrorLineRe = regexp.MustCompile(`(?i)parse error (?:on )?line (\d+)`)
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

// parseErrorLine returns the line named in a Dockerfile parse error message.
func parseErrorLine(msg string) int {
	if m := parseErrorLineRe.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

package docs

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/moby/buildkit/frontend/dockerfile/command"
)

// page returns a document by its path under docs/, failing the test when
// it does not exist.
func page(t *testing.T, path string) string {
	t.Helper()
	md := read(path)
	if md == "" {
		t.Fatalf("docs/%s is missing", path)
	}
	return md
}

// pages lists every Markdown file under docs/.
func pages(t *testing.T) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			out = append(out, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 150 {
		t.Fatalf("found only %d pages under docs/", len(out))
	}
	return out
}

// Each corrected fact of the Korean reference (issue 12), checked against
// BuildKit v0.34.2's frontend/dockerfile/docs/reference.md and its code, is
// said on its page, and the wrong sentence it replaced is gone. The facts
// themselves are checked against BuildKit in buildkit_claims_test.go.
func TestCorrectedClaims(t *testing.T) {
	cases := []struct {
		page     string
		want     []string
		wantNot  []string
		becauses string
	}{
		{"instructions/maintainer.md", []string{"(https://docs.docker.com/reference/dockerfile/#maintainer-deprecated)"},
			[]string{"#maintainer)"}, "the section is titled MAINTAINER (deprecated)"},
		{"instructions/from.md", []string{"`RUN`, `COPY`, `ADD` 지시문이 그 위에 레이어를 쌓고", "레이어 없이 이미지 설정만 바꿉니다"},
			[]string{"레이어를 하나씩 쌓습니다"}, "only RUN/COPY/ADD (and a WORKDIR that creates a directory) add layers"},
		{"glossary.md", []string{"레이어 없이 이미지 설정만 바꿉니다", "`VOLUME`을 선언한 이미지로 컨테이너를 실행할 때 생깁니다"},
			[]string{"지시문 하나가 파일 시스템에 남긴 변경분", "`VOLUME`을 선언하면 생깁니다"}, "layers; anonymous volumes"},
		{"instructions/from.md", []string{"`alpine:3.20`"}, nil, "FROM alpine is pinned to a tag of alpine"},
		{"instructions/workdir.md", []string{"`ARG`와 `ENV`로 정한 변수, 베이스 이미지에 든 환경 변수", "정의되지 않은 변수는 빈 문자열이 됩니다"},
			[]string{"치환되지 않습니다"}, "WORKDIR substitutes ARG and base-image ENV"},
		{"instructions/volume.md", []string{"컨테이너를 실행할 때", "빌드할 때 볼륨을 만들지 않고"}, nil,
			"an anonymous volume is created when a container runs"},
		{"instructions/stopsignal.md", []string{"Docker 데몬이 컨테이너를 중지할 때"}, []string{"`docker stop`에만"},
			"STOPSIGNAL applies whenever the daemon stops the container"},
		{"instructions/expose.md", []string{"`-p`는 `EXPOSE` 없이도 포트를 게시합니다", "`EXPOSE`만 있고 `-p`가 없으면", "`dockerlab.run.ports`", "`0.0.0.0`"},
			[]string{"실제로 여는"}, "EXPOSE documents, -p publishes"},
		{"args/NO_PROXY.md", []string{"호스트와 도메인"}, []string{"비밀번호"}, "NO_PROXY holds hosts, not a password"},
		{"flags/copy/from.md", []string{"앞에 정의되어 있어야 합니다", "needs to be defined before current stage", "`$변수`를 쓸 수 없습니다"}, nil,
			"BuildKit refuses a later stage (testOutOfOrderStage); the issue's 'may name a later stage' is not what BuildKit does"},
		{"flags/add/unpack.md", []string{"빌드 컨텍스트의 tar 파일은 기본으로 풀어서", "URL에서 받은 tar 파일은 풀지 않고"}, nil,
			"--unpack defaults to true for local archives, false for URLs"},
		{"flags/copy/chown.md", []string{"`bin:`", "1.28", "`0`(`root`)"}, nil, "--chown=bin: differs by frontend"},
		{"flags/add/chown.md", []string{"`bin:`", "1.28", "`0`(`root`)"}, nil, "--chown=bin: differs by frontend"},
		{"flags/add/checksum.md", []string{"URL 파일의 해시는", "Git 주소에는 `sha256:`을 붙이지 않고 커밋 SHA"},
			[]string{"앞에 `sha256:`을 꼭 붙입니다"}, "sha256: only for HTTP sources"},
		{"flags/add/keep-git-dir.md", []string{"1.6부터"}, []string{"1.1부터"}, "ADD of a Git repository is stable from 1.6"},
		{"topics/heredoc.md", []string{"Dockerfile 프런트엔드 1.4 이상", "`set -e`", "마지막 명령의 종료 코드"}, nil,
			"heredocs need frontend 1.4; a failing middle line does not fail the step"},
		{"flags/run/device.md", []string{"Dockerfile 문법 1.27 이상", "1.14부터 1.26까지는 labs 채널", "허가 항목"},
			[]string{"권한이 필요"}, "RUN --device is stable from 1.27 (labs 1.14-1.26)"},
		{"rules/messages.md", []string{"같은 이미지의 버전 태그를 적으십시오(예: `alpine` → `alpine:3.20`"},
			[]string{"`node:lts-alpine`처럼 버전이 드러나는 태그를 적으십시오"}, "PinBaseImageTag advises a tag of the same image"},
		{"rules/PinBaseImageTag.md", []string{"`FROM alpine`이면 `alpine:3.20`"}, nil, "PinBaseImageTag advises a tag of the same image"},
		{"directives/check.md", []string{"BUILDKIT_DOCKERFILE_CHECK", "이 지시자는 읽지 않고 그 값만 씁니다"}, nil,
			"the build argument replaces the directive (dockerfile2llb newRuleLinter)"},
		{"instructions/onbuild.md", []string{"`ONBUILD COPY --from=<이름>`", "1.11"}, nil, "ONBUILD COPY --from since 1.11"},
		{"instructions/healthcheck.md", []string{`CMD ["<실행 파일>"`, "exec 형식"}, nil, "HEALTHCHECK CMD takes the exec form"},
		{"instructions/cmd.md", []string{"셸 형식 `CMD`의 `$변수`는 컨테이너를 실행할 때 셸이 치환합니다", "`ARG` 값은 보이지 않습니다"}, nil,
			"shell-form CMD text is left to the shell, at run time"},
		{"instructions/run.md", []string{"셸 형식의 `$변수`는 BuildKit이 아니라 명령을 실행하는 셸이 치환합니다"}, nil,
			"shell-form RUN text is left to the shell"},
		{"directives/check.md", []string{"Dockerfile 문법 1.8부터"}, nil, "the check directive is read from 1.8"},
		{"mounts/bind/target.md", []string{"작업 디렉터리"}, []string{"꼭 적습니다"}, "an omitted target is the working directory"},
		{"mounts/cache/target.md", []string{"작업 디렉터리"}, []string{"꼭 적습니다"}, "an omitted target is the working directory"},
		{"mounts/tmpfs/target.md", []string{"작업 디렉터리"}, []string{"꼭 적습니다"}, "an omitted target is the working directory"},
	}
	for _, c := range cases {
		md := page(t, c.page)
		for _, w := range c.want {
			if !strings.Contains(md, w) {
				t.Errorf("docs/%s should say %q (%s)", c.page, w, c.becauses)
			}
		}
		for _, w := range c.wantNot {
			if strings.Contains(md, w) {
				t.Errorf("docs/%s still says %q (%s)", c.page, w, c.becauses)
			}
		}
	}
	for _, p := range []string{"mounts/bind.md", "mounts/cache.md", "mounts/tmpfs.md"} {
		if strings.Contains(page(t, p), "없음(필수)") {
			t.Errorf("docs/%s calls target required; BuildKit mounts at the working directory without it", p)
		}
	}
}

// A container's logs go with it: no page tells the learner to read the logs
// of a container it has just told them to delete.
func TestNoLogsAfterRemove(t *testing.T) {
	for _, p := range pages(t) {
		md := read(p)
		if strings.Contains(md, "docker logs") && (strings.Contains(md, "docker rm") || strings.Contains(md, "--rm")) {
			t.Errorf("docs/%s mentions both `docker logs` and removing the container; a removed container's logs are gone", p)
		}
	}
}

// The reference-link builder names the reference's real anchors.
func TestReferenceURL(t *testing.T) {
	for name, want := range map[string]string{
		"MAINTAINER": "https://docs.docker.com/reference/dockerfile/#maintainer-deprecated",
		"maintainer": "https://docs.docker.com/reference/dockerfile/#maintainer-deprecated",
		"FROM":       "https://docs.docker.com/reference/dockerfile/#from",
		"Run":        "https://docs.docker.com/reference/dockerfile/#run",
	} {
		if got := ReferenceURL(name); got != want {
			t.Errorf("ReferenceURL(%q) = %q, want %q", name, got, want)
		}
	}
}

// referenceAnchorsOf reads the section anchors of BuildKit's Dockerfile
// reference in the module this build uses, as docs.docker.com writes them:
// the heading in lower case, punctuation dropped, spaces as hyphens.
func referenceAnchorsOf(t *testing.T) map[string]bool {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/moby/buildkit").Output()
	if err != nil {
		t.Fatalf("locating the BuildKit module: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "frontend", "dockerfile", "docs", "reference.md"))
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	inCode := false
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
		}
		if inCode || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimSpace(strings.TrimLeft(line, "#"))
		var a strings.Builder
		for _, r := range strings.ToLower(title) {
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
				a.WriteRune(r)
			case r == ' ':
				a.WriteRune('-')
			}
		}
		anchors[a.String()] = true
	}
	if !anchors["maintainer-deprecated"] || !anchors["run---mounttypebind"] {
		t.Fatalf("could not read the reference's anchors (%d found)", len(anchors))
	}
	return anchors
}

var referenceLink = regexp.MustCompile(`https://docs\.docker\.com/reference/dockerfile/#([a-z0-9_-]+)`)

// Every link into the Dockerfile reference, in the pages and from
// ReferenceURL, lands on a section that exists; every page links an
// official reference.
func TestPagesLinkTheReference(t *testing.T) {
	anchors := referenceAnchorsOf(t)
	for instr := range command.Commands {
		u := ReferenceURL(instr)
		if m := referenceLink.FindStringSubmatch(u); m == nil || !anchors[m[1]] {
			t.Errorf("ReferenceURL(%q) = %s: no such section", instr, u)
		}
	}
	for _, p := range pages(t) {
		md := read(p)
		for _, m := range referenceLink.FindAllStringSubmatch(md, -1) {
			if !anchors[m[1]] {
				t.Errorf("docs/%s links #%s, which the Dockerfile reference does not have", p, m[1])
			}
		}
		if p == "rules/messages.md" || p == "rules/README.md" {
			continue // the editor's message table and the index of rule pages
		}
		if strings.HasPrefix(p, "k8s/") {
			if !strings.Contains(md, "](https://kubernetes.io/docs/") {
				t.Errorf("docs/%s links no official Kubernetes reference", p)
			}
			continue
		}
		if !strings.Contains(md, "](https://docs.docker.com/") && !strings.Contains(md, "](https://docs.npmjs.com/") {
			t.Errorf("docs/%s links no official reference", p)
		}
	}
}

// One term per concept, as docs/glossary.md says.
func TestGlossaryTerms(t *testing.T) {
	banned := []struct {
		re   *regexp.Regexp
		term string
	}{
		{regexp.MustCompile(`폴더`), "디렉터리"},
		{regexp.MustCompile(`디렉토리`), "디렉터리"},
		{regexp.MustCompile(`린트`), "검사 규칙"},
		{regexp.MustCompile("(?:network\\.host|security\\.insecure|device)` 권한"), "허가 항목 (entitlement)"},
		{regexp.MustCompile(`컨테이너를 (?:멈|지우|지웁|제거)`), "중지합니다 / 삭제합니다"},
		{regexp.MustCompile(`이미지를 (?:가져|받아 옵|받아 와)|받아 옵니다`), "내려받습니다"},
	}
	for _, p := range pages(t) {
		if p == "glossary.md" {
			continue // it names the words not to use
		}
		for i, line := range strings.Split(read(p), "\n") {
			for _, b := range banned {
				if b.re.MatchString(line) {
					t.Errorf("docs/%s:%d: %q — the glossary's term is %s", p, i+1, b.re.FindString(line), b.term)
				}
			}
		}
	}
	g := page(t, "glossary.md")
	for _, term := range []string{"| 허가 항목 | entitlement |", "| 검사 규칙 |", "| 변수 치환 |", "| 권한 | permission"} {
		if !strings.Contains(g, term) {
			t.Errorf("docs/glossary.md has no row %q", term)
		}
	}
}

// The topic pages a beginner needs exist, in the format of the others: a
// bold title line, the pitfalls, and the official reference.
func TestTopicPages(t *testing.T) {
	for _, name := range []string{"heredoc", "shell-exec-form", "variables", "dockerignore"} {
		md := Topic(name)
		if md == "" {
			t.Errorf("no docs/topics/%s.md", name)
			continue
		}
		if !strings.HasPrefix(md, "**") || !strings.Contains(md, "#### 주의할 점") || !strings.Contains(md, "](https://docs.docker.com/") {
			t.Errorf("docs/topics/%s.md is not in the topic format (bold title, 주의할 점, reference link)", name)
		}
	}
	v := Topic("variables")
	for _, w := range []string{"${이름:-기본값}", "${이름:+대신할 값}", `\$이름`, "셸 형식 `RUN`, `CMD`, `ENTRYPOINT`의 글은 BuildKit이 치환하지 않고"} {
		if !strings.Contains(v, w) {
			t.Errorf("docs/topics/variables.md should say %q", w)
		}
	}
	if d := Arg("BUILDKIT_DOCKERFILE_CHECK"); !strings.Contains(d, "--build-arg") || !strings.Contains(d, "# check=") {
		t.Errorf("docs/args/BUILDKIT_DOCKERFILE_CHECK.md should explain the build argument and the directive it replaces")
	}
}

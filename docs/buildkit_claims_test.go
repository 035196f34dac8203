package docs_test

import (
	"context"
	"encoding/json"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/dockerlab/dockerlab/docs"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/solver/pb"
	digest "github.com/opencontainers/go-digest"
)

// baseImage answers every FROM with a Linux image whose config sets
// BASEDIR, as a real base image such as node:* sets NODE_VERSION.
type baseImage struct{}

func (baseImage) ResolveImageConfig(context.Context, string, sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	cfg, err := json.Marshal(map[string]any{
		"architecture": runtime.GOARCH, "os": "linux",
		"rootfs": map[string]any{"type": "layers", "diff_ids": []string{"sha256:" + strings.Repeat("0", 64)}},
		"config": map[string]any{"Env": []string{"BASEDIR=/base", "PATH=/usr/local/bin:/usr/bin:/bin"}},
	})
	return "docker.io/library/alpine:3.20", "", cfg, err
}

// convert runs BuildKit's Dockerfile frontend (the module this build uses)
// on a Dockerfile, offline.
func convert(t *testing.T, dockerfile string) (*dockerfile2llb.Result, error) {
	t.Helper()
	return dockerfile2llb.Dockerfile2LLB(context.Background(), []byte(dockerfile), dockerfile2llb.ConvertOpt{MetaResolver: baseImage{}})
}

// mustConvert is convert for a Dockerfile BuildKit accepts.
func mustConvert(t *testing.T, dockerfile string) *dockerfile2llb.Result {
	t.Helper()
	r, err := convert(t, dockerfile)
	if err != nil {
		t.Fatalf("BuildKit refused\n%s: %v", dockerfile, err)
	}
	return r
}

// say fails unless the page says each of the words: the fact checked
// against BuildKit is the one the page teaches.
func say(t *testing.T, page, md string, words ...string) {
	t.Helper()
	if md == "" {
		t.Fatalf("%s is missing", page)
	}
	for _, w := range words {
		if !strings.Contains(md, w) {
			t.Errorf("%s should say %q", page, w)
		}
	}
}

// WORKDIR substitutes ARG, ENV and the base image's environment; an
// undefined variable becomes the empty string; \$ keeps a literal dollar.
func TestWorkdirSubstitution(t *testing.T) {
	for df, want := range map[string]string{
		"FROM alpine\nARG D=/fromarg\nWORKDIR $D/x\n": "/fromarg/x",
		"FROM alpine\nWORKDIR $BASEDIR/y\n":           "/base/y",
		"FROM alpine\nWORKDIR /p/$NOPE/z\n":           "/p//z",
		"FROM alpine\nWORKDIR /\\$A/lit\n":            "/$A/lit",
	} {
		if got := mustConvert(t, df).Image.Config.WorkingDir; got != want {
			t.Errorf("%q: WORKDIR %q, want %q", df, got, want)
		}
	}
	say(t, "docs/instructions/workdir.md", docs.Instruction("WORKDIR"), "`ARG`와 `ENV`로 정한 변수, 베이스 이미지에 든 환경 변수", "빈 문자열")
}

// The rules of docs/topics/variables.md, as BuildKit applies them.
func TestVariableSubstitution(t *testing.T) {
	r := mustConvert(t, `FROM alpine
ARG APP_DIR
ENV APP_HOME=${APP_DIR:-/app} LIT=\$HOME Q='$APP_HOME' ALT=${APP_DIR:+set} SAME=$APP_HOME
ENV abc=hello
ENV abc=bye def=$abc
LABEL l1="$APP_HOME" l2='$APP_HOME'
CMD echo $APP_HOME
`)
	env := map[string]string{}
	for _, kv := range r.Image.Config.Env {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	for k, want := range map[string]string{
		"APP_HOME": "/app",      // ${X:-default}
		"LIT":      "$HOME",     // \$ is literal
		"Q":        "$APP_HOME", // no substitution in single quotes
		"ALT":      "",          // ${X:+alt} of an unset X
		"SAME":     "",          // one instruction sees the values before it
		"def":      "hello",
		"BASEDIR":  "/base", // the base image's environment is kept
	} {
		if env[k] != want {
			t.Errorf("ENV %s = %q, want %q", k, env[k], want)
		}
	}
	if l := r.Image.Config.Labels; l["l1"] != "/app" || l["l2"] != "$APP_HOME" {
		t.Errorf("LABEL: %v", l)
	}
	// shell-form CMD is left to the shell
	if got := strings.Join(r.Image.Config.Cmd, " "); got != "/bin/sh -c echo $APP_HOME" {
		t.Errorf("CMD = %q", got)
	}
	say(t, "docs/topics/variables.md", docs.Topic("variables"),
		"${이름:-기본값}", "${이름:+대신할 값}", `\$이름`, "작은따옴표 안은 치환하지 않습니다",
		"`ENV abc=bye def=$abc`에서 `def`는 바뀌기 전의 `abc` 값", "BuildKit이 치환하지 않고 그대로 셸에 넘깁니다")
}

// A stage can only copy from a stage defined before it; only the order
// counts, so a later stage fails even without a cycle. --from takes no
// variables.
func TestCopyFromOrder(t *testing.T) {
	_, err := convert(t, "FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\nRUN true\nFROM a\n")
	if err == nil || !strings.Contains(err.Error(), "needs to be defined before current stage") {
		t.Errorf("COPY --from a later stage: %v", err)
	}
	mustConvert(t, "FROM alpine AS b\nRUN true\nFROM alpine\nCOPY --from=b /x /x\n")
	if _, err := convert(t, "FROM alpine AS b\nFROM alpine\nARG S=b\nCOPY --from=$S /x /x\n"); err == nil {
		t.Error("COPY --from=$S was accepted")
	}
	say(t, "docs/flags/copy/from.md", docs.Flag("COPY", "from"), "needs to be defined before current stage", "`$변수`를 쓸 수 없습니다")
}

// ADD --checksum takes one HTTP(S) or Git source.
func TestAddChecksumSources(t *testing.T) {
	for df, want := range map[string]string{
		"FROM alpine\nADD --checksum=sha256:" + strings.Repeat("0", 64) + " local.txt /x\n":                                "checksum requires HTTP(S) or Git sources",
		"FROM alpine\nADD --checksum=sha256:" + strings.Repeat("0", 64) + " https://a.example/a https://a.example/b /x/\n": "checksum can't be specified for multiple sources",
	} {
		if _, err := convert(t, df); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", df, err, want)
		}
	}
	mustConvert(t, "FROM alpine\nADD --checksum=be1f38e https://github.com/moby/buildkit.git#v0.26.2 /bk\n")
	say(t, "docs/flags/add/checksum.md", docs.Flag("ADD", "checksum"), "HTTP(S) 주소나 Git 주소", "커밋 SHA")
}

// A mount without target goes to the working directory; at / it fails.
func TestMountTargetDefault(t *testing.T) {
	mustConvert(t, "FROM alpine\nWORKDIR /src\nRUN --mount=type=bind ls\n")
	if _, err := convert(t, "FROM alpine\nRUN --mount=type=tmpfs ls\n"); err == nil || !strings.Contains(err.Error(), "invalid mount target") {
		t.Errorf("a tmpfs mount at /: %v", err)
	}
	say(t, "docs/mounts/bind/target.md", docs.MountOption("bind", "target"), "작업 디렉터리", "`/`이면 오류")
}

// --chown=bin: is bin with its primary group from BuildKit v0.34's frontend
// on (older frontends chowned to group 0): the pages say both.
func TestChownEmptyGroup(t *testing.T) {
	co, ok := llb.WithUser("bin:").(llb.ChownOpt)
	if !ok || co.User == nil || co.User.Name != "bin" || co.Group != nil {
		t.Errorf("llb.WithUser(\"bin:\") = %+v; the pages say the empty group is omitted from frontend 1.28", co)
	}
	for _, instr := range []string{"COPY", "ADD"} {
		say(t, "docs/flags/"+strings.ToLower(instr)+"/chown.md", docs.Flag(instr, "chown"), "`bin:`", "1.28", "`0`(`root`)")
	}
}

// A RUN heredoc is one `sh -c` script: its status is the last command's, so
// a failing middle line does not fail the step without `set -e`.
func TestHeredocIsOneScript(t *testing.T) {
	r := mustConvert(t, "FROM alpine\nRUN <<EOF\nfalse\ntrue\nEOF\n")
	def, err := r.State.Marshal(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, dt := range def.Def {
		var op pb.Op
		if err := op.UnmarshalVT(dt); err != nil {
			t.Fatal(err)
		}
		if e := op.GetExec(); e != nil {
			args = e.Meta.Args
		}
	}
	if len(args) != 3 || args[0] != "/bin/sh" || args[1] != "-c" || args[2] != "false\ntrue\n" {
		t.Fatalf("RUN heredoc runs %q, want one /bin/sh -c script", args)
	}
	if sh, err := exec.LookPath("sh"); err == nil {
		if err := exec.Command(sh, "-c", args[2]).Run(); err != nil {
			t.Errorf("a failing middle line failed the script: %v", err)
		}
		if err := exec.Command(sh, "-c", "set -e\n"+args[2]).Run(); err == nil {
			t.Error("set -e did not fail the script on its middle line")
		}
	}
	say(t, "docs/topics/heredoc.md", docs.Topic("heredoc"), "마지막 명령의 종료 코드", "`set -e`", "1.4")
}

// ADD unpacks a local archive by default and not a URL's (the frontend asks
// the copy to attempt unpacking only for local sources unless --unpack).
func TestAddUnpackDefault(t *testing.T) {
	copyOf := func(df string) *pb.FileActionCopy {
		t.Helper()
		def, err := mustConvert(t, df).State.Marshal(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, dt := range def.Def {
			var op pb.Op
			if err := op.UnmarshalVT(dt); err != nil {
				t.Fatal(err)
			}
			if f := op.GetFile(); f != nil {
				for _, a := range f.Actions {
					if c := a.GetCopy(); c != nil {
						return c
					}
				}
			}
		}
		t.Fatalf("no copy in %q", df)
		return nil
	}
	if c := copyOf("FROM alpine\nADD app.tar.gz /app/\n"); !c.AttemptUnpackDockerCompatibility {
		t.Error("ADD of a local archive does not unpack")
	}
	if c := copyOf("FROM alpine\nADD https://example.com/app.tar.gz /app/\n"); c.AttemptUnpackDockerCompatibility {
		t.Error("ADD of a URL unpacks")
	}
	say(t, "docs/flags/add/unpack.md", docs.Flag("ADD", "unpack"), "빌드 컨텍스트의 tar 파일은 기본으로 풀어서", "URL에서 받은 tar 파일은 풀지 않고")
}

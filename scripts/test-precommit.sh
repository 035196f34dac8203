#!/usr/bin/env bash
# test-precommit.sh: the pre-commit hook in .pre-commit-hooks.yaml works as a project uses it.
#
# A new git project in a temporary directory gets a bad Dockerfile (MAINTAINER), a Compose file
# with an unknown key, good files of both kinds and a Dockerfile.dockerignore that the hook must
# leave alone, and a .pre-commit-config.yaml whose `repo:` is this checkout at its committed HEAD
# (uncommitted changes are not tested). `pre-commit run --all-files` must fail with dockerlab's
# Korean messages for exactly the bad files, then pass once the Dockerfile is fixed and the Compose
# file removed. pre-commit installs the hook itself (`go install ./...` in its clone); its state
# lives in the temporary directory (PRE_COMMIT_HOME), removed at the end.
#
# pre-commit gives the hook a fresh GOPATH, so Go would download every module again; the script
# points GOMODCACHE at the machine's module cache instead (DOCKERLAB_PRECOMMIT_COLD=1 keeps
# pre-commit's own, to measure a user's first install). A missing pre-commit is a failure
# (scripts/setup-tools.sh test installs Debian's).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT and the helpers

for tool in pre-commit go git; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool 명령이 없습니다: scripts/setup-tools.sh test 를 실행하세요. ($tool missing: run scripts/setup-tools.sh test)"
done

rev="$(git -C "$ROOT" rev-parse HEAD)"
if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]]; then
  warn "커밋하지 않은 변경은 시험하지 않습니다: HEAD ${rev:0:12} 를 시험합니다 (uncommitted changes are not tested; testing HEAD)"
fi

work="$(mktemp -d)"
cleanup() {
  chmod -R u+w "$work" 2>/dev/null || true # Go's module cache is read-only
  rm -rf "$work"
}
trap cleanup EXIT
export PRE_COMMIT_HOME="$work/pre-commit"
if [[ "${DOCKERLAB_PRECOMMIT_COLD:-}" != 1 ]]; then
  GOMODCACHE="$(go env GOMODCACHE)"
  export GOMODCACHE
fi

project="$work/project"
mkdir -p "$project/docker" "$project/deploy"
cd "$project"
git init -q

cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $ROOT
    rev: $rev
    hooks:
      - id: dockerlab-check
EOF
printf 'FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\nRUN yarn install --production\nCMD ["node", "src/index.js"]\nEXPOSE 3000\n' >Dockerfile
printf 'FROM alpine:3.20\nMAINTAINER Kim <kim@example.com>\n' >docker/app.Dockerfile
printf 'services:\n  app:\n    image: nginx:1.27\n    prots: ["80:80"]\n' >compose.yaml
printf 'services:\n  web:\n    build: ..\n    ports:\n      - "127.0.0.1:3000:3000"\n' >deploy/docker-compose.yml
# Not a Dockerfile: checked as one, each line would be an unknown instruction.
printf 'node_modules\n*.log\n' >Dockerfile.dockerignore
printf '# demo\n' >README.md
git add .

failures=0
# expect WHAT PATTERN: the last run's output holds PATTERN (fixed string).
expect() {
  if ! grep -qF -- "$2" <<<"$out"; then
    warn "$1: 출력에 없습니다 (not in the output): $2"
    failures=$((failures + 1))
  fi
}
# expect_not WHAT PATTERN: the last run's output does not hold PATTERN.
expect_not() {
  if grep -qF -- "$2" <<<"$out"; then
    warn "$1: 출력에 있으면 안 됩니다 (must not be in the output): $2"
    failures=$((failures + 1))
  fi
}
# run_hooks: pre-commit run --all-files; sets out, rc and took (seconds).
run_hooks() {
  local start=$SECONDS
  rc=0
  out="$(pre-commit run --all-files --color never 2>&1)" || rc=$?
  took=$((SECONDS - start))
  printf '%s\n' "$out" >&2
}

log "pre-commit run --all-files: 설치하고 문제 있는 파일에서 실패해야 합니다 (installs the hook, must fail)"
run_hooks
first=$took
if ((rc == 0)); then
  warn "문제 있는 파일이 있는데 통과했습니다 (passed with bad files)"
  failures=$((failures + 1))
fi
expect "hook id" "- hook id: dockerlab-check"
expect "exit code" "- exit code: 1"
expect "MAINTAINER" 'docker/app.Dockerfile:2:1 MaintainerDeprecated (경고) `MAINTAINER`는 사용 중단(deprecated)되었습니다.'
expect "Compose" 'compose.yaml:4:5 ComposeUnknownKey (오류) `services.app` 아래에 쓸 수 없는 키입니다: `prots`. `ports` 키를 쓰려고 하셨나요?'
expect_not "ignore file" "Dockerfile.dockerignore"
expect_not "README" "README.md"
if grep -q '^Dockerfile:' <<<"$out"; then
  warn "good Dockerfile: 문제가 없는 Dockerfile 이 보고되었습니다 (the good Dockerfile was reported)"
  failures=$((failures + 1))
fi
expect_not "good Compose file" "deploy/docker-compose.yml:"

log "고친 뒤 pre-commit run --all-files: 통과해야 합니다 (after the fix, must pass)"
printf 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Kim <kim@example.com>"\n' >docker/app.Dockerfile
git rm -q --cached compose.yaml && rm compose.yaml
git add .
run_hooks
second=$took
if ((rc != 0)); then
  warn "고친 뒤에도 실패했습니다 (still fails after the fix): exit $rc"
  failures=$((failures + 1))
fi
expect "passed" "dockerlab check"
expect "passed" "Passed"

log "pre-commit: 설치와 첫 실행 ${first}초, 두 번째 실행 ${second}초 (install + first run ${first}s, second run ${second}s)"
((failures == 0)) || die "pre-commit 훅 시험 실패 ${failures}건 (pre-commit hook: $failures failures)"
log "pre-commit 훅 시험 통과 (pre-commit hook test passed)"

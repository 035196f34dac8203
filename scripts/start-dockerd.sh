#!/usr/bin/env bash
# start-dockerd.sh [start|stop|status]
#   start (default): if the engine socket answers _ping, do nothing; else start dockerd in the
#                    background (log: .tools/dockerd.log) and wait until it answers.
#   stop:            stop the dockerd that `start` started (recorded in .tools/dockerd.pid);
#                    an engine someone else started is left alone.
#   status:          exit 0 when the engine answers.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers

case "${1:-start}" in
  start) dockerd_start ;;
  stop) dockerd_stop ;;
  status)
    if engine_ping; then log "Docker 엔진 응답함 (engine answers)"; else warn "Docker 엔진이 응답하지 않습니다 (no engine answers on $DOCKER_SOCK)"; exit 1; fi
    ;;
  *) die "usage: $0 [start|stop|status]" ;;
esac

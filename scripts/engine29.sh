#!/usr/bin/env bash
# engine29.sh [build|start|stop|status|env]: Docker Engine 29 beside the default engine, for tests.
#
# Debian has nothing newer than dockerd 20.10 and no binary can be downloaded, so the modern engine
# is built from the Go module proxy (shared/recipes/modern-engine.md) once into .tools/engine29/bin
# and rebuilt only when the pinned versions in lib.sh change:
#   dockerd + docker-proxy  github.com/moby/moby/v2      (Engine 29.8, API 1.56)
#   containerd + shim + ctr github.com/containerd/containerd/v2
#   runc                    github.com/opencontainers/runc (Debian's 1.1.5 cannot start its containers)
#
# It runs beside the default engine and never touches it: its own containerd, socket, data root,
# exec root, bridge (dl29-<checkout hash> on a free 172.31.<n>.0/24), cgroup parent and pid files; no iptables (published
# ports go through docker-proxy). A fresh data root gets the containerd image store, Docker 29's
# default for new installs.
#
#   build   build the binaries when missing or when the pins changed (~12 min cold on 2 cores)
#   start   build, then start containerd and dockerd unless they already answer; waits for _ping
#   stop    stop what start started
#   status  exit 0 when the engine answers
#   env     print DOCKER_HOST=unix://... for this engine
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers

E29="$ENGINE29_DIR"
BIN="$E29/bin"
STAMP="$BIN/.versions"
DATA="$E29/data"
# Unix socket paths are limited to 108 bytes, and a clone can live deep: sockets and the exec root
# go under /run, named after this checkout so two clones never share them.
CHECKOUT="$(printf '%s' "$ROOT" | sha256sum | cut -c1-8)"
RUN="/run/dockerlab-e29-$CHECKOUT"
SOCK="$RUN/docker.sock"
CTRD_SOCK="$RUN/containerd.sock"
# The bridge is this checkout's too (two clones may run their engines at once): dl29-<hash>
# (interface names hold 15 bytes), on the first 172.31.<n>.0/24 from a hash-chosen n that no
# other interface uses (free_subnet); stop removes it again.
BRIDGE="dl29-$CHECKOUT"
SUBNET_START=$((16#${CHECKOUT:0:4} % 250 + 1))
LOG="$E29/dockerd.log"
CTRD_LOG="$E29/containerd.log"

versions() { printf 'moby=%s containerd=%s runc=%s engine=%s go=%s\n' "$MOBY_VERSION" "$CONTAINERD_VERSION" "$RUNC_VERSION" "$ENGINE29_VERSION" "$(go env GOVERSION)"; }

built() {
  [[ -f "$STAMP" && "$(cat "$STAMP")" == "$(versions)" ]] || return 1
  local b
  for b in dockerd docker-proxy containerd containerd-shim-runc-v2 ctr runc; do [[ -x "$BIN/$b" ]] || return 1; done
}

build() {
  if built; then
    log "Docker Engine $ENGINE29_VERSION: 있음 (built: $(cat "$STAMP"))"
    return 0
  fi
  if [[ "$(dpkg-query -W -f='${Status}' libseccomp-dev 2>/dev/null)" != "install ok installed" ]]; then
    log "apt: libseccomp-dev 설치 (installing, for runc's seccomp)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libseccomp-dev ||
      { DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libseccomp-dev; }
  fi
  log "Docker Engine $ENGINE29_VERSION 빌드 (building from the Go module proxy, ~12 min cold) -> $BIN"
  rm -rf "$BIN"
  mkdir -p "$BIN"
  local start=$SECONDS
  GOBIN="$BIN" CGO_ENABLED=1 go install -tags "seccomp urfave_cli_no_docs" "github.com/opencontainers/runc@$RUNC_VERSION"
  GOBIN="$BIN" CGO_ENABLED=0 go install -tags "urfave_cli_no_docs osusergo netgo static_build" \
    "github.com/containerd/containerd/v2/cmd/containerd@$CONTAINERD_VERSION" \
    "github.com/containerd/containerd/v2/cmd/ctr@$CONTAINERD_VERSION"
  GOBIN="$BIN" CGO_ENABLED=0 go install -tags "urfave_cli_no_docs osusergo netgo static_build no_grpc" \
    "github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2@$CONTAINERD_VERSION"
  GOBIN="$BIN" CGO_ENABLED=0 go install -tags "netgo osusergo static_build nri_no_wasm" \
    -ldflags "-X github.com/moby/moby/v2/dockerversion.Version=$ENGINE29_VERSION -X github.com/moby/moby/v2/dockerversion.GitCommit=$MOBY_VERSION" \
    "github.com/moby/moby/v2/cmd/dockerd@$MOBY_VERSION" "github.com/moby/moby/v2/cmd/docker-proxy@$MOBY_VERSION"
  versions >"$STAMP"
  log "Docker Engine $ENGINE29_VERSION 빌드 완료 (built in $((SECONDS - start))s)"
}

# ping29 succeeds when this engine answers.
ping29() { engine_ping "$SOCK"; }

containerd_config() {
  cat <<TOML
version = 3
root = "$DATA/containerd"
state = "$RUN/containerd"
disabled_plugins = [
  "io.containerd.grpc.v1.cri", "io.containerd.cri.v1.runtime", "io.containerd.cri.v1.images",
  "io.containerd.nri.v1.nri",
  "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.blockfile",
  "io.containerd.snapshotter.v1.erofs", "io.containerd.differ.v1.erofs",
]

[grpc]
  address = "$CTRD_SOCK"

[ttrpc]
  address = "$CTRD_SOCK.ttrpc"

[debug]
  address = "$RUN/containerd-debug.sock"

[plugins."io.containerd.internal.v1.opt"]
  path = "$DATA/opt"
TOML
}

# free_subnet prints the first n (from SUBNET_START, wrapping within 1..250) whose
# 172.31.n.0/24 no interface has an address in: a routed /24 twice makes one of them unreachable.
free_subnet() {
  local i n used
  used="$(ip -4 -o addr show | awk '{print $4}')"
  for ((i = 0; i < 250; i++)); do
    n=$(((SUBNET_START - 1 + i) % 250 + 1))
    grep -q "^172\.31\.$n\." <<<"$used" || { echo "$n"; return 0; }
  done
  return 1
}

# shares_subnet: another interface has an address in the bridge's /24 (a bridge left behind by
# another clone's engine, say), so one of the two routes swallows the other's traffic.
shares_subnet() {
  local mine
  mine="$(ip -4 -o addr show dev "$BRIDGE" 2>/dev/null | awk '{print $4}' | cut -d. -f1-3 | head -1)"
  [[ -n "$mine" ]] && ip -4 -o addr show | awk -v b="$BRIDGE" '$2 != b {print $4}' | grep -q "^${mine//./\.}\."
}

bridge_up() {
  if ip link show "$BRIDGE" >/dev/null 2>&1 && shares_subnet; then
    warn "$BRIDGE 의 서브넷을 다른 인터페이스도 씁니다: 새 서브넷으로 다시 만듭니다 (another interface shares the bridge's subnet: recreating it)"
    ip link del "$BRIDGE"
  fi
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    local n
    n="$(free_subnet)" || die "172.31.0.0/16 에 빈 /24 가 없습니다 (no free 172.31.n.0/24 for the bridge)"
    ip link add "$BRIDGE" type bridge
    ip addr add "172.31.$n.1/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
}

# forward_rules lets containers on one network of this engine reach each other. The engine runs
# without iptables (the default engine owns them), but with bridge-nf-call-iptables, traffic
# within a bridge still passes the FORWARD chain, whose policy the default engine set to DROP:
# without this a Compose service could not reach another by its name. Only bridged traffic (two
# containers on the same network) is accepted; traffic between networks is routed and stays
# under the default engine's isolation rules. (A --default-address-pool for this engine was
# tried: Engine 29 then deleted the default engine's docker0 at start.)
FORWARD_RULES=("-m physdev --physdev-is-bridged -j ACCEPT")
forward_rules() {
  command -v iptables >/dev/null 2>&1 || return 0
  local rule
  for rule in "${FORWARD_RULES[@]}"; do
    # shellcheck disable=SC2086
    iptables -C FORWARD $rule 2>/dev/null || iptables -I FORWARD 1 $rule || warn "iptables: FORWARD $rule 를 넣지 못했습니다 (could not insert the rule)"
  done
}

# wait_or_die NAME PID LOGFILE COMMAND...: polls COMMAND for 90 s while PID lives.
wait_or_die() {
  local name="$1" pid="$2" logf="$3"
  shift 3
  local deadline=$((SECONDS + 90))
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      warn "$name 가 바로 종료되었습니다 ($name exited); 마지막 로그 (last log lines, $logf):"
      tail -n 20 "$logf" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      warn "$name 가 90초 안에 응답하지 않았습니다 ($name did not answer within 90s); see $logf"
      return 1
    fi
    sleep 0.3
  done
}

start() {
  if ping29; then
    log "Docker Engine $ENGINE29_VERSION 이 이미 응답합니다 (already answers on $SOCK)"
    forward_rules
    return 0
  fi
  [[ "$(id -u)" == 0 ]] || die "Docker Engine $ENGINE29_VERSION 은 root 로만 시작할 수 있습니다 (needs root)"
  with_lock "$E29/.build.lock" build
  mkdir -p "$RUN" "$DATA"
  bridge_up
  # Our own binaries first: containerd must find its own shim, dockerd its runc and docker-proxy.
  local path="$BIN:$PATH"
  if ! alive "$RUN/containerd.pid" containerd; then
    containerd_config >"$E29/containerd.toml"
    log "containerd $CONTAINERD_VERSION 시작 (starting; log: $CTRD_LOG)"
    PATH="$path" setsid "$BIN/containerd" --config "$E29/containerd.toml" >>"$CTRD_LOG" 2>&1 </dev/null &
    echo $! >"$RUN/containerd.pid"
    wait_or_die containerd "$(cat "$RUN/containerd.pid")" "$CTRD_LOG" test -S "$CTRD_SOCK" || return 1
  fi
  log "dockerd $ENGINE29_VERSION 시작 (starting; log: $LOG)"
  PATH="$path" setsid "$BIN/dockerd" \
    --data-root "$DATA/docker" --exec-root "$RUN/exec" --pidfile "$RUN/dockerd.pid" \
    -H "unix://$SOCK" --containerd "$CTRD_SOCK" --bridge "$BRIDGE" \
    --iptables=false --ip6tables=false --ip-forward=false \
    --userland-proxy=true --userland-proxy-path "$BIN/docker-proxy" \
    --cgroup-parent "/dockerlab-engine29-$CHECKOUT" >>"$LOG" 2>&1 </dev/null &
  local pid=$!
  wait_or_die dockerd "$pid" "$LOG" ping29 || return 1
  forward_rules
  log "Docker Engine $ENGINE29_VERSION 준비됨 (ready: DOCKER_HOST=unix://$SOCK, pid $pid)"
}

stop() {
  if command -v iptables >/dev/null 2>&1; then
    local rule
    for rule in "${FORWARD_RULES[@]}"; do
      # shellcheck disable=SC2086
      iptables -D FORWARD $rule 2>/dev/null || true
    done
  fi
  stop_pid "$RUN/dockerd.pid" dockerd
  stop_pid "$RUN/containerd.pid" containerd
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link del "$BRIDGE" || true; fi
}

case "${1:-start}" in
  build) with_lock "$E29/.build.lock" build ;;
  start) start ;;
  stop) stop ;;
  status) if ping29; then log "Docker Engine $ENGINE29_VERSION 응답함 (answers on $SOCK)"; else warn "Docker Engine $ENGINE29_VERSION 이 응답하지 않습니다 (no answer on $SOCK)"; exit 1; fi ;;
  env) echo "DOCKER_HOST=unix://$SOCK" ;;
  *) die "usage: $0 [build|start|stop|status|env]" ;;
esac

#!/usr/bin/env bash
# k8s.sh [build|start|stop|status|env|selftest]: a real Kubernetes cluster for the tests (issue 19).
#
# Kubernetes cannot be downloaded here, so its pieces are built from the Go module proxy
# (shared/recipes/kubernetes-offline.md) once per machine into a cache OUTSIDE the clone, keyed by
# the pinned versions, so CI's fresh clone reuses them:
#   ${DOCKERLAB_K8S_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dockerlab/k8s-v1.37.2}
#   kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl kubeadm
#                             k8s.io/kubernetes via a throwaway module (its go.mod replaces k8s.io/*)
#   etcd                      go.etcd.io/etcd/server/v3 (Debian's 3.4 is too old)
#   kind                      sigs.k8s.io/kind
#   pause                     a static Go binary that waits for a signal (the pod sandbox image)
# containerd, ctr and runc are Engine 29's (scripts/engine29.sh builds them with the same pins).
#
#   build     build what is missing or whose pins changed (~20 min cold on 2 cores); checks disk first
#   start|stop|status|env|selftest   the host cluster: NOT YET WRITTEN (see docs/contributing/kubernetes.md)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers

K8S_VERSION="v1.37.2"
K8S_STAGING_VERSION="v0.37.2"
ETCD_VERSION="v3.7.0"
KIND_VERSION="v0.33.0"
# Disk the cold build needs (Go module and build caches included), in MB.
NEED_MB=8000

CACHE="${DOCKERLAB_K8S_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dockerlab/k8s-$K8S_VERSION}"
BIN="$CACHE/bin"
STAMP="$BIN/.versions"
LOCK="$CACHE/.lock"
KUBE_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl kubeadm)

versions() { printf 'kubernetes=%s etcd=%s kind=%s go=%s\n' "$K8S_VERSION" "$ETCD_VERSION" "$KIND_VERSION" "$(go env GOVERSION)"; }

# with_lock CMD...: one build at a time per cache (two clones may share it).
with_lock() {
  mkdir -p "$CACHE"
  exec 9>"$LOCK"
  flock 9
  "$@"
  flock -u 9
}

built() {
  [[ -f "$STAMP" && "$(cat "$STAMP")" == "$(versions)" ]] || return 1
  local b
  for b in "${KUBE_CMDS[@]}" etcd kind pause; do [[ -x "$BIN/$b" ]] || return 1; done
}

# check_disk: the cache's file system (and Go's caches) must have NEED_MB free.
check_disk() {
  local dir free_mb
  for dir in "$CACHE" "$(go env GOMODCACHE)" "$(go env GOCACHE)"; do
    mkdir -p "$dir"
    free_mb=$(df -Pm "$dir" | awk 'NR==2 {print $4}')
    if ((free_mb < NEED_MB)); then
      die "디스크 공간이 부족합니다: $dir 에 ${NEED_MB} MB 가 필요한데 ${free_mb} MB 만 남았습니다. (not enough disk: the Kubernetes build needs ${NEED_MB} MB free at $dir, ${free_mb} MB free)"
    fi
  done
}

# kube_module writes the throwaway module that builds k8s.io/kubernetes' commands: one replace per
# staging module, read from kubernetes' own go.mod (its "=> ./staging/src/..." lines).
kube_module() {
  local mod="$CACHE/src/kubernetes" gomod
  rm -rf "$mod"
  mkdir -p "$mod"
  gomod="$(cd "$mod" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p')"
  [[ -f "$gomod" ]] || die "k8s.io/kubernetes@$K8S_VERSION 의 go.mod 를 못 찾았습니다 (go.mod not found)"
  {
    echo "module dockerlab.local/k8sbuild"
    echo
    grep -m1 '^go ' "$gomod"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    sed -n 's#^\s*\(k8s\.io/[^ ]*\) => \./staging/src/.*#replace \1 => \1 '"$K8S_STAGING_VERSION"'#p' "$gomod"
  } >"$mod/go.mod"
  {
    echo "//go:build tools"
    echo
    echo "package tools"
    echo
    echo "import ("
    local c
    for c in "${KUBE_CMDS[@]}"; do echo "	_ \"k8s.io/kubernetes/cmd/$c\""; done
    echo ")"
  } >"$mod/tools.go"
  log "k8s.io/kubernetes: 모듈 준비 ($(grep -c '^replace' "$mod/go.mod") staging replaces) (go mod tidy)"
  (cd "$mod" && go mod tidy)
}

# pause_module writes the sandbox program: a static binary that waits for SIGINT/SIGTERM.
pause_module() {
  local mod="$CACHE/src/pause"
  mkdir -p "$mod"
  printf 'module dockerlab.local/pause\n\ngo 1.22\n' >"$mod/go.mod"
  cat >"$mod/main.go" <<'GO'
// pause: the pod sandbox's process; it holds the namespaces until it is told to stop.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT, syscall.SIGTERM)
	<-c
}
GO
}

build_all() {
  if built; then
    log "Kubernetes $K8S_VERSION: 있음 (built: $(cat "$STAMP"))"
    return 0
  fi
  check_disk
  mkdir -p "$BIN"
  rm -f "$STAMP"
  local start=$SECONDS t pkg ld=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=37 -X $pkg.gitTreeState=clean"
  done

  pause_module
  (cd "$CACHE/src/pause" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$BIN/pause" .)

  t=$SECONDS
  log "kind $KIND_VERSION 빌드 (building)"
  GOBIN="$BIN" CGO_ENABLED=0 go install "sigs.k8s.io/kind@$KIND_VERSION"
  log "kind: $((SECONDS - t))s"

  t=$SECONDS
  log "etcd $ETCD_VERSION 빌드 (building)"
  local emod="$CACHE/src/etcd"
  mkdir -p "$emod"
  printf 'module dockerlab.local/etcdbuild\n\ngo 1.22\n' >"$emod/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >"$emod/tools.go"
  (cd "$emod" && go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" && go mod tidy &&
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$BIN/etcd" go.etcd.io/etcd/server/v3)
  log "etcd: $((SECONDS - t))s"

  t=$SECONDS
  log "Kubernetes $K8S_VERSION 빌드 (building, ~16 min cold on 2 cores)"
  kube_module
  local pkgs=() c
  for c in "${KUBE_CMDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  (cd "$CACHE/src/kubernetes" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w$ld" -o "$BIN/" "${pkgs[@]}")
  log "kubernetes: $((SECONDS - t))s"

  versions >"$STAMP"
  log "Kubernetes $K8S_VERSION 빌드 완료 (built in $((SECONDS - start))s) -> $BIN ($(du -sh "$CACHE" | cut -f1))"
}

not_yet() { die "'$1' 은 아직 없습니다 (not written yet): docs/contributing/kubernetes.md 를 보세요."; }

case "${1:-}" in
  build) with_lock build_all ;;
  start | stop | status | env | selftest | kind-image) not_yet "$1" ;;
  *) die "사용법 (usage): scripts/k8s.sh build|start|stop|status|env|selftest" ;;
esac

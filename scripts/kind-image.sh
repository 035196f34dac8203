#!/usr/bin/env bash
# kind-image.sh [build|image|env]: kind's node image, made offline, for the kind tests (issue 19).
#
# kind's node images come from a registry; none is reachable here. This builds one from what the
# Kubernetes build (scripts/k8s.sh) and Engine 29 (scripts/engine29.sh) already made, following
# shared/recipes/kubernetes-offline.md, and caches it beside them, outside the clone:
#   ${DOCKERLAB_K8S_CACHE:-~/.cache/dockerlab/k8s-v1.37.2}/kind/node-image.tar
#   1. base: Debian bookworm from debootstrap (the mirror apt uses) + kind's own base files (the kind
#      module's images/base/files), Engine 29's containerd v2 and runc, Debian's CNI plugins in
#      /opt/cni/bin with a static bridge network (kindnetd cannot be built here: the cluster
#      config says disableDefaultCNI), containerd with restrict_oom_score_adj (no
#      CAP_SYS_RESOURCE on these machines); imported into Engine 29
#   2. Kubernetes: a `kind build node-image --type file` tarball of kubeadm, kubelet, kubectl and the
#      four image archives it loads (scripts/kind/imagetar). Every other image kubeadm and kind expect
#      must be in them (kind pulls what is missing): etcd, CoreDNS (built from its module), pause,
#      and kindnetd/local-path-provisioner, which cannot be built here and are never started
#      (disableDefaultCNI; the storage manifest is removed, so kind falls back to its host-path
#      StorageClass). Those two tags hold the pause program.
#   3. kind build node-image on Engine 29 (Debian's 20.10 cannot run kind's privileged nodes here)
# and the Ingress controller dockerlab installs in the kind clusters it creates: Traefik, built from
# its module through a throwaway module (its go.mod has replaces) — v3.6, because the Go proxy here
# refuses some of v3.7's modules — as a FROM scratch image in Engine 29.
#
#   build   build what is missing (~5 min; debootstrap is most of it); checks disk first
#   image   build if needed, load the node image and the Traefik image into Engine 29 if it lacks
#           them, print the node image's name
#   env     print DOCKERLAB_TEST_KIND_IMAGE=…, DOCKERLAB_TEST_KIND_CONFIG=… and
#           DOCKERLAB_TEST_INGRESS_IMAGE=… for the tests
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers

ETCD_TAG="3.7.0-0"
COREDNS_VERSION="v1.14.6"
PAUSE_TAG="3.10.2"
TRAEFIK_VERSION="v3.6.12"
SUITE="bookworm"
NODE_IMAGE="dockerlab.local/kind-node:$K8S_VERSION"
BASE_IMAGE="dockerlab.local/kind-base:$KIND_VERSION"
INGRESS_IMAGE="dockerlab.local/traefik:$TRAEFIK_VERSION"
NEED_MB=4000

CACHE="$K8S_CACHE"
BIN="$CACHE/bin"
KCACHE="$CACHE/kind"
TAR="$KCACHE/node-image.tar"
STAMP="$KCACHE/.versions"
E29_BIN="$ENGINE29_DIR/bin"
CONFIG="$SCRIPTS/kind/cluster.yaml"

versions() {
  printf 'kubernetes=%s kind=%s coredns=%s containerd=%s runc=%s suite=%s recipe=%s\n' "$K8S_VERSION" "$KIND_VERSION" \
    "$COREDNS_VERSION" "$CONTAINERD_VERSION" "$RUNC_VERSION" "$SUITE" \
    "$(cat "$0" "$SCRIPTS/kind/imagetar/main.go" | sha256sum | cut -c1-12)"
}
built() { [[ -f "$TAR" && -f "$STAMP" && "$(cat "$STAMP")" == "$(versions)" ]]; }

e29() { DOCKER_HOST="$(bash "$SCRIPTS/engine29.sh" env | sed 's/^DOCKER_HOST=//')" "$@"; }

with_lock() {
  mkdir -p "$KCACHE"
  exec 8>"$KCACHE/.lock"
  flock 8
  "$@"
  flock -u 8
}

check_disk() {
  local free_mb
  free_mb="$(df -Pm "$KCACHE" | awk 'NR == 2 {print $4}')"
  ((free_mb >= NEED_MB)) || die "kind 노드 이미지를 만들 디스크 공간이 부족합니다: $KCACHE 에 ${free_mb} MB 남음, ${NEED_MB} MB 필요 (not enough free disk)"
}

mirror() {
  local m
  m="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  [[ -n "$m" ]] || m="$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
  echo "${m:-http://deb.debian.org/debian}"
}

kind_src() { echo "$(go env GOMODCACHE)/sigs.k8s.io/kind@$KIND_VERSION"; }

coredns() {
  [[ -x "$BIN/coredns" && -f "$BIN/.coredns" && "$(cat "$BIN/.coredns")" == "$COREDNS_VERSION" ]] && return 0
  local t=$SECONDS
  log "CoreDNS $COREDNS_VERSION 빌드 (building, ~3 min cold)"
  GOBIN="$BIN" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION"
  echo "$COREDNS_VERSION" >"$BIN/.coredns"
  log "coredns: $((SECONDS - t))s"
}

# traefik: the Ingress controller's program. traefik's go.mod replaces modules with its forks (and
# excludes one), so it cannot be `go install`ed; a throwaway module repeats those lines.
traefik() {
  [[ -x "$BIN/traefik" && -f "$BIN/.traefik" && "$(cat "$BIN/.traefik")" == "$TRAEFIK_VERSION" ]] && return 0
  local mod="$CACHE/src/traefik" t=$SECONDS
  log "Traefik $TRAEFIK_VERSION 빌드 (building, ~10 min cold)"
  mkdir -p "$mod"
  cat >"$mod/go.mod" <<GOMOD
module dockerlab.local/traefikbuild

go 1.25.0

require github.com/traefik/traefik/v3 $TRAEFIK_VERSION

replace (
	github.com/abbot/go-http-auth => github.com/containous/go-http-auth v0.4.1-0.20200324110947-a37a7636d23e
	github.com/gorilla/mux => github.com/containous/mux v0.0.0-20250523120546-41b6ec3aed59
	github.com/mailgun/minheap => github.com/containous/minheap v0.0.0-20190809180810-6e71eb837595
)

exclude github.com/tencentcloud/tencentcloud-sdk-go v3.0.83+incompatible
GOMOD
  printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/traefik/traefik/v3/cmd/traefik"\n' >"$mod/tools.go"
  (cd "$mod" && go mod tidy && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$TRAEFIK_VERSION" -o "$BIN/traefik" github.com/traefik/traefik/v3/cmd/traefik) \
    >"$CACHE/src/traefik-build.log" 2>&1 ||
    { tail -20 "$CACHE/src/traefik-build.log" >&2; die "Traefik $TRAEFIK_VERSION 빌드 실패 (build failed; $CACHE/src/traefik-build.log)"; }
  echo "$TRAEFIK_VERSION" >"$BIN/.traefik"
  log "traefik: $((SECONDS - t))s"
}

# base_rootfs DIR: Debian + kind's base files + containerd/runc/CNI, as kind's images/base/Dockerfile.
base_rootfs() {
  local root="$1" src
  src="$(kind_src)"
  [[ -d "$src/images/base/files" ]] || (cd "$ROOT" && go mod download "sigs.k8s.io/kind@$KIND_VERSION")
  command -v debootstrap >/dev/null || apt-get install -y debootstrap >/dev/null
  local t=$SECONDS
  log "debootstrap $SUITE ($(mirror)) (~2 min)"
  debootstrap --variant=minbase \
    --include=systemd,systemd-sysv,dbus,conntrack,iptables,nftables,iproute2,ethtool,util-linux,mount,kmod,libseccomp2,pigz,e2fsprogs,bash,ca-certificates,curl,jq,procps,containernetworking-plugins \
    "$SUITE" "$root" "$(mirror)" >"$KCACHE/debootstrap.log" 2>&1 ||
    { tail -20 "$KCACHE/debootstrap.log" >&2; die "debootstrap 실패 (failed; $KCACHE/debootstrap.log)"; }
  log "debootstrap: $((SECONDS - t))s"

  local f="$src/images/base/files"
  install -m 0755 "$f"/usr/local/bin/* "$root/usr/local/bin/"
  mkdir -p "$root/kind/bin" "$root/LICENSES" "$root/etc/containerd" "$root/etc/default" "$root/etc/sysctl.d" \
    "$root/etc/systemd/system/kubelet.service.d" "$root/etc/kubernetes/manifests" "$root/opt/cni/bin" "$root/etc/cni/net.d"
  install -m 0644 "$f"/kind/README.txt "$root/kind/"
  install -m 0755 "$f"/kind/bin/* "$root/kind/bin/"
  install -m 0644 "$f"/LICENSES/* "$root/LICENSES/"
  install -m 0644 "$f"/etc/crictl.yaml "$root/etc/"
  install -m 0644 "$f"/etc/containerd/* "$root/etc/containerd/"
  install -m 0644 "$f"/etc/default/* "$root/etc/default/"
  install -m 0644 "$f"/etc/sysctl.d/* "$root/etc/sysctl.d/"
  install -m 0644 "$f"/etc/systemd/system/*.service "$f"/etc/systemd/system/*.slice "$root/etc/systemd/system/"
  install -m 0644 "$f"/etc/systemd/system/kubelet.service.d/* "$root/etc/systemd/system/kubelet.service.d/"
  # These machines lack CAP_SYS_RESOURCE: every sandbox fails without it (the recipe's trap).
  sed -i 's/restrict_oom_score_adj = false/restrict_oom_score_adj = true/; s#sandbox_image = ".*"#sandbox_image = "registry.k8s.io/pause:'"$PAUSE_TAG"'"#' \
    "$root/etc/containerd/config.toml"
  grep -q 'restrict_oom_score_adj = true' "$root/etc/containerd/config.toml" || die "containerd config: restrict_oom_score_adj"

  install -m 0755 "$E29_BIN/containerd" "$E29_BIN/ctr" "$E29_BIN/containerd-shim-runc-v2" "$root/usr/local/bin/"
  install -m 0755 "$E29_BIN/runc" "$root/usr/local/sbin/runc"
  cp -a "$root"/usr/lib/cni/. "$root/opt/cni/bin/"
  "$E29_BIN/ctr" oci spec |
    jq '.hooks.createContainer[.hooks.createContainer | length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' |
    jq 'del(.process.rlimits)' >"$root/etc/containerd/cri-base.json"
  # kindnetd's place: one node, one bridge; kind's default pod subnet (scripts/kind/cluster.yaml).
  cat >"$root/etc/cni/net.d/10-dockerlab-bridge.conflist" <<'JSON'
{
  "cniVersion": "1.0.0",
  "name": "dockerlab-kind",
  "plugins": [
    {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": true, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.244.0.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
    {"type": "portmap", "capabilities": {"portMappings": true}},
    {"type": "loopback"}
  ]
}
JSON
  # kind's systemd trimming (images/base/Dockerfile).
  find "$root/lib/systemd/system/sysinit.target.wants/" -name "systemd-tmpfiles-setup.service" -delete
  rm -f "$root"/lib/systemd/system/multi-user.target.wants/* "$root"/etc/systemd/system/*.wants/* \
    "$root"/lib/systemd/system/local-fs.target.wants/* "$root"/lib/systemd/system/sockets.target.wants/*udev* \
    "$root"/lib/systemd/system/sockets.target.wants/*initctl* "$root"/lib/systemd/system/basic.target.wants/*
  echo "ReadKMsg=no" >>"$root/etc/systemd/journald.conf"
  systemctl --root="$root" enable kubelet.service containerd.service undo-mount-hacks.service >/dev/null 2>&1
  systemctl --root="$root" mask systemd-binfmt.service >/dev/null 2>&1
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc "$root"/usr/share/man
}

# one_binary DIR BINARY [NAME]: DIR/usr/local/bin/NAME, for a FROM scratch image.
one_binary() {
  mkdir -p "$1/usr/local/bin" "$1/tmp"
  install -m 0755 "$2" "$1/usr/local/bin/${3:-$(basename "$2")}"
}

# kube_tarball DIR BASE_ROOTFS: what `kind build node-image --type file` reads.
kube_tarball() {
  local d="$1" rootfs="$2" img="$1/img"
  local out="$d/kubernetes/server/bin"
  mkdir -p "$out" "$img"
  echo "$K8S_VERSION" >"$d/kubernetes/version"
  install -m 0755 "$BIN/kubeadm" "$BIN/kubelet" "$BIN/kubectl" "$out/"
  local c
  for c in kube-apiserver kube-controller-manager kube-scheduler etcd; do one_binary "$img/$c" "$BIN/$c"; done
  mkdir -p "$img/coredns" "$img/pause"
  install -m 0755 "$BIN/coredns" "$img/coredns/coredns"
  install -m 0755 "$BIN/pause" "$img/pause/pause"
  # kube-proxy programs iptables: it needs the tools and their libraries (the base's Debian).
  cp -a "$rootfs" "$img/kube-proxy"
  install -m 0755 "$BIN/kube-proxy" "$img/kube-proxy/usr/local/bin/kube-proxy"

  local src kindnetd storage helper
  src="$(kind_src)/pkg/build/nodeimage"
  kindnetd="$(sed -n 's/^const kindnetdImage = "\(.*\)"/\1/p' "$src/const_cni.go")"
  storage="$(sed -n 's/^const storageProvisionerImage = "\(.*\)"/\1/p' "$src/const_storage.go")"
  helper="$(sed -n 's/^const storageHelperImage = "\(.*\)"/\1/p' "$src/const_storage.go")"
  [[ -n "$kindnetd" && -n "$storage" && -n "$helper" ]] || die "kind $KIND_VERSION: kindnetd/local-path 이미지 이름을 찾지 못했습니다"

  local tool="$KCACHE/imagetar"
  (cd "$ROOT" && go build -o "$tool" ./scripts/kind/imagetar)
  local r=registry.k8s.io
  "$tool" -o "$out/kube-apiserver.tar" "$r/kube-apiserver:$K8S_VERSION=$img/kube-apiserver" "$r/etcd:$ETCD_TAG=$img/etcd"
  "$tool" -o "$out/kube-controller-manager.tar" "$r/kube-controller-manager:$K8S_VERSION=$img/kube-controller-manager" \
    "$r/pause:$PAUSE_TAG=$img/pause=/pause"
  "$tool" -o "$out/kube-scheduler.tar" "$r/kube-scheduler:$K8S_VERSION=$img/kube-scheduler" \
    "$r/coredns/coredns:$COREDNS_VERSION=$img/coredns=/coredns"
  "$tool" -o "$out/kube-proxy.tar" "$r/kube-proxy:$K8S_VERSION=$img/kube-proxy" \
    "$kindnetd=$img/pause=/pause" "$storage=$img/pause=/pause" "$helper=$img/pause=/pause"
  rm -rf "$img"
  tar -C "$d" -czf "$d/kubernetes-server-linux-amd64.tar.gz" kubernetes
}

build_all() {
  mkdir -p "$BIN"
  traefik
  if built; then
    log "kind 노드 이미지: 있음 ($TAR)"
    return 0
  fi
  bash "$SCRIPTS/k8s.sh" build
  bash "$SCRIPTS/engine29.sh" status >/dev/null 2>&1 || bash "$SCRIPTS/engine29.sh" start
  check_disk
  coredns
  local start=$SECONDS work
  work="$(mktemp -d "$KCACHE/work.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  base_rootfs "$work/rootfs"

  local t=$SECONDS
  log "base 이미지 $BASE_IMAGE (Engine 29)"
  tar -C "$work/rootfs" -c . | e29 docker import \
    --change 'ENV container=docker' --change 'STOPSIGNAL SIGRTMIN+3' \
    --change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' - "$BASE_IMAGE" >/dev/null
  kube_tarball "$work/kube" "$work/rootfs"
  log "base + tarball: $((SECONDS - t))s"

  t=$SECONDS
  log "kind build node-image ($NODE_IMAGE)"
  e29 "$BIN/kind" build node-image --type file --base-image "$BASE_IMAGE" --image "$NODE_IMAGE.build" \
    "$work/kube/kubernetes-server-linux-amd64.tar.gz" >"$KCACHE/build-node-image.log" 2>&1 ||
    { tail -30 "$KCACHE/build-node-image.log" >&2; die "kind build node-image 실패 (failed; $KCACHE/build-node-image.log)"; }
  # kind's storage manifest runs local-path-provisioner, which cannot be built here; without it
  # kind applies its host-path StorageClass instead.
  local id
  id="$(e29 docker create --entrypoint /bin/rm "$NODE_IMAGE.build" -f /kind/manifests/default-storage.yaml)"
  e29 docker start -a "$id" >/dev/null
  e29 docker commit --change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' --change 'CMD []' "$id" "$NODE_IMAGE" >/dev/null
  e29 docker rm "$id" >/dev/null
  e29 docker rmi "$NODE_IMAGE.build" "$BASE_IMAGE" >/dev/null
  e29 docker save -o "$TAR.tmp" "$NODE_IMAGE"
  mv "$TAR.tmp" "$TAR"
  versions >"$STAMP"
  log "kind build node-image: $((SECONDS - t))s"
  rm -rf "$work"
  trap - EXIT
  log "kind 노드 이미지 완료 (built in $((SECONDS - start))s) -> $TAR ($(du -sh "$TAR" | cut -f1))"
}

image() {
  with_lock build_all
  if ! e29 docker image inspect "$NODE_IMAGE" >/dev/null 2>&1; then
    local t=$SECONDS
    e29 docker load -i "$TAR" >/dev/null
    log "Engine 29 에 $NODE_IMAGE 적재 (loaded in $((SECONDS - t))s)"
  fi
  if ! e29 docker image inspect "$INGRESS_IMAGE" >/dev/null 2>&1; then
    local dir
    dir="$(mktemp -d)"
    mkdir -p "$dir/tmp"
    install -m 0755 "$BIN/traefik" "$dir/traefik"
    tar -C "$dir" -c traefik tmp | e29 docker import --change 'ENTRYPOINT ["/traefik"]' - "$INGRESS_IMAGE" >/dev/null
    rm -rf "$dir"
    log "Engine 29 에 $INGRESS_IMAGE 적재 (FROM scratch)"
  fi
  echo "$NODE_IMAGE"
}

case "${1:-}" in
  build) with_lock build_all ;;
  image) image ;;
  env) printf 'DOCKERLAB_TEST_KIND_IMAGE=%s\nDOCKERLAB_TEST_KIND_CONFIG=%s\nDOCKERLAB_TEST_INGRESS_IMAGE=%s\n' "$NODE_IMAGE" "$CONFIG" "$INGRESS_IMAGE" ;;
  *) die "사용법 (usage): scripts/kind-image.sh build|image|env" ;;
esac

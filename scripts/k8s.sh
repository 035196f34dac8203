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
#   build     build what is missing or whose pins changed (~17 min cold on 2 cores); checks disk first
#   start     a single-node cluster straight on this host (context dockerlab-host): etcd, the control
#             plane, its own containerd (Engine 29's binaries) and kubelet + kube-proxy; idempotent
#   stop      stop all of it and restore what it touched on the host (sysctls, iptables, mounts,
#             its bridge); docker0 and Engine 29's bridge are never touched
#   status    exit 0 when the API server answers and the node is Ready
#   env       print KUBECONFIG=<the cluster-admin kubeconfig of context dockerlab-host>
#   selftest  start, deploy a FROM scratch web server (image imported into the cluster's containerd),
#             a Service, rollout, port-forward and HTTP, delete
# The cluster's pods pull plain HTTP from registries on 127.0.0.1 (the tests push there).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers

K8S_STAGING_VERSION="v0.37.2"
ETCD_VERSION="v3.7.0"
# Disk the cold build needs (Go module and build caches included), in MB.
NEED_MB=8000

CACHE="$K8S_CACHE"
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

# ---- The host cluster ----------------------------------------------------------------------------

CHECKOUT="$(printf '%s' "$ROOT" | sha256sum | cut -c1-8)"
# Sockets under /run (short paths); data on disk under .tools.
RUN_DIR="/run/dockerlab-k8s-$CHECKOUT"
DATA="$TOOLS/k8s-host"
LOGS="$DATA/logs"
PKI="$DATA/pki"
KCDIR="$DATA/kubeconfig"
KUBECONFIG_OUT="$DATA/kubeconfig/dockerlab-host.conf"
CTRD_SOCK="$RUN_DIR/containerd.sock"
E29_BIN="$ENGINE29_DIR/bin"
CNI_BIN=/usr/lib/cni
NODE=dockerlab-host
BRIDGE="dlk8s-$CHECKOUT" # 14 bytes: interface names hold 15
POD_CIDR="10.244.0.0/16"
POD_SUBNET="10.244.0.0/24"
SERVICE_CIDR="10.96.0.0/16"
PAUSE_IMAGE="registry.k8s.io/pause:3.10.2"
SYSCTLS=(kernel.panic kernel.panic_on_oops vm.overcommit_memory)

kubectl_admin() { "$BIN/kubectl" --kubeconfig "$KUBECONFIG_OUT" "$@"; }

# free_port FROM: the first TCP port from FROM on that nothing listens.
free_port() {
  local p=$1
  while ss -Hltn "sport = :$p" | grep -q .; do p=$((p + 1)); done
  echo "$p"
}

node_ip() { ip -4 route get 1.1.1.1 2>/dev/null | awk '{for (i = 1; i < NF; i++) if ($i == "src") print $(i + 1)}' | head -1; }

# clashes CIDR: another interface's route lies in the pod or service range.
check_ranges() {
  local r
  for r in 10.244. 10.96.; do
    if ip -4 route | grep -v "$BRIDGE" | grep -q "^$r"; then
      die "이 호스트의 경로가 클러스터 주소 범위와 겹칩니다 (a host route overlaps the cluster's $r range): $(ip -4 route | grep "^$r")"
    fi
  done
}

# launch NAME CMD...: starts a process in the background with its log and pid file.
launch() {
  local name=$1
  shift
  # 9>&-: the daemons must not hold with_lock's lock.
  "$@" >"$LOGS/$name.log" 2>&1 9>&- &
  echo $! >"$RUN_DIR/$name.pid"
}

show_log() {
  local name=$1
  warn "$name 의 마지막 로그 (last lines of $LOGS/$name.log):"
  tail -n 25 "$LOGS/$name.log" >&2 || true
}

# must_live NAME: the process is still running, else its log and die.
must_live() {
  local pid
  pid="$(cat "$RUN_DIR/$1.pid" 2>/dev/null || true)"
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
    show_log "$1"
    die "$1 이 시작하지 못했습니다 ($1 did not start)"
  fi
}

# wait_until WHAT NAME SECONDS CMD...: retries CMD; on timeout shows NAME's log and dies.
wait_until() {
  local what=$1 name=$2 secs=$3
  shift 3
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS > end)); then
      show_log "$name"
      die "$what: ${secs}초 안에 준비되지 않았습니다 (not ready in ${secs}s)"
    fi
    must_live "$name"
    sleep 1
  done
}

# pause_image: a docker-save tar of the pod sandbox image (the pause binary FROM scratch), made
# once with the default engine and cached beside the binaries.
pause_image() {
  local tar="$CACHE/pause-image.tar"
  if [[ -f "$tar" && "$tar" -nt "$BIN/pause" ]]; then
    echo "$tar"
    return
  fi
  local dir
  dir="$(mktemp -d)"
  cp "$BIN/pause" "$dir/pause"
  tar -C "$dir" -cf "$dir/rootfs.tar" pause
  docker import --change 'ENTRYPOINT ["/pause"]' "$dir/rootfs.tar" "$PAUSE_IMAGE" >/dev/null
  docker save -o "$tar.tmp" "$PAUSE_IMAGE"
  docker rmi "$PAUSE_IMAGE" >/dev/null 2>&1 || true
  mv "$tar.tmp" "$tar"
  rm -rf "$dir"
  echo "$tar"
}

write_configs() {
  local ip=$1 api_port=$2
  mkdir -p "$PKI" "$KCDIR" "$DATA/cni" "$DATA/certs.d/_default" "$LOGS"
  cat >"$DATA/kubeadm.yaml" <<EOF
apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: $ip
  bindPort: $api_port
nodeRegistration:
  name: $NODE
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: $K8S_VERSION
clusterName: $NODE
certificatesDir: $PKI
controlPlaneEndpoint: "$ip:$api_port"
apiServer:
  certSANs: ["127.0.0.1", "localhost", "$ip"]
networking:
  serviceSubnet: $SERVICE_CIDR
  podSubnet: $POD_CIDR
  dnsDomain: cluster.local
EOF
  # containerd: its own root, state and socket; CRI with restrict_oom_score_adj (no
  # CAP_SYS_RESOURCE here), cgroupfs, Engine 29's runc, the CNI conflist below, and registry hosts
  # files that let pods pull plain HTTP from 127.0.0.1 and localhost.
  cat >"$DATA/containerd.toml" <<EOF
version = 3
root = '$DATA/containerd'
state = '$RUN_DIR/containerd-state'
[grpc]
  address = '$CTRD_SOCK'
[ttrpc]
  address = '$CTRD_SOCK.ttrpc'
[debug]
  address = '$RUN_DIR/containerd-debug.sock'
[plugins]
  [plugins.'io.containerd.cri.v1.images']
    snapshotter = 'overlayfs'
    [plugins.'io.containerd.cri.v1.images'.pinned_images]
      sandbox = '$PAUSE_IMAGE'
    [plugins.'io.containerd.cri.v1.images'.registry]
      config_path = '$DATA/certs.d'
  [plugins.'io.containerd.cri.v1.runtime']
    restrict_oom_score_adj = true
    [plugins.'io.containerd.cri.v1.runtime'.containerd]
      default_runtime_name = 'runc'
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
        runtime_type = 'io.containerd.runc.v2'
        [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
          BinaryName = '$E29_BIN/runc'
          SystemdCgroup = false
    [plugins.'io.containerd.cri.v1.runtime'.cni]
      bin_dirs = ['$CNI_BIN']
      conf_dir = '$DATA/cni'
  [plugins.'io.containerd.grpc.v1.cri']
    stream_server_address = '127.0.0.1'
    stream_server_port = '0'
EOF
  cat >"$DATA/certs.d/_default/hosts.toml" <<'EOF'
# Any registry on this host (the tests' registries on 127.0.0.1:<port>) over plain HTTP.
EOF
  local h
  for h in 127.0.0.1 localhost; do
    mkdir -p "$DATA/certs.d/$h"
  done
  cat >"$DATA/cni/10-dockerlab.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "dockerlab-host",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_SUBNET" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$DATA/cni-ipam"
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
  cat >"$DATA/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$CTRD_SOCK
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: $PKI/ca.crt
authorization:
  mode: Webhook
clusterDomain: cluster.local
clusterDNS: ["10.96.0.10"]
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $(free_port 10248)
port: $(free_port 10250)
failSwapOn: false
serializeImagePulls: false
imageGCHighThresholdPercent: 100
evictionHard:
  memory.available: "50Mi"
  nodefs.available: "1%"
  imagefs.available: "1%"
EOF
}

snapshot_sysctls() {
  local k
  : >"$DATA/sysctls"
  for k in "${SYSCTLS[@]}"; do echo "$k=$(sysctl -n "$k")" >>"$DATA/sysctls"; done
}

restore_sysctls() {
  [[ -f "$DATA/sysctls" ]] || return 0
  local line
  while IFS= read -r line; do sysctl -q -w "$line" >/dev/null || warn "sysctl $line 복원 실패 (could not restore)"; done <"$DATA/sysctls"
  rm -f "$DATA/sysctls"
}

api_ready() { kubectl_admin get --raw /readyz; }
node_ready() { [[ "$(kubectl_admin get node "$NODE" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" == True ]]; }
default_sa() { kubectl_admin -n default get serviceaccount default; }

status() {
  [[ -f "$KUBECONFIG_OUT" ]] && api_ready >/dev/null 2>&1 && node_ready 2>/dev/null
}

start() {
  built || die "Kubernetes 가 아직 빌드되지 않았습니다: 먼저 scripts/k8s.sh build (not built: run scripts/k8s.sh build)"
  [[ -x "$E29_BIN/containerd" ]] || die "Engine 29 의 containerd 가 없습니다: 먼저 scripts/engine29.sh build (no containerd: run scripts/engine29.sh build)"
  [[ -x "$CNI_BIN/bridge" ]] || die "CNI 플러그인이 없습니다: apt-get install containernetworking-plugins (no CNI plugins)"
  if status; then
    log "Kubernetes 클러스터가 이미 응답합니다 (already answers): $KUBECONFIG_OUT"
    return 0
  fi
  stop_all quiet
  local t=$SECONDS ip api_port etcd_port peer_port cm_port sched_port proxy_health proxy_metrics
  ip="$(node_ip)"
  [[ -n "$ip" ]] || die "이 호스트의 IPv4 주소를 찾지 못했습니다 (no IPv4 address with a default route)"
  check_ranges
  mkdir -p "$RUN_DIR" "$DATA" "$LOGS"
  api_port="$(free_port 6443)"
  etcd_port="$(free_port 12379)"
  peer_port="$(free_port $((etcd_port + 1)))"
  cm_port="$(free_port 10357)"
  sched_port="$(free_port $((cm_port + 1)))"
  proxy_health="$(free_port 10356)"
  proxy_metrics="$(free_port 10349)"
  write_configs "$ip" "$api_port"
  snapshot_sysctls

  log "인증서와 kubeconfig (kubeadm init phase certs/kubeconfig)"
  "$BIN/kubeadm" init phase certs all --config "$DATA/kubeadm.yaml" >"$LOGS/kubeadm.log" 2>&1 || { show_log kubeadm; die "kubeadm certs"; }
  "$BIN/kubeadm" init phase kubeconfig all --config "$DATA/kubeadm.yaml" --kubeconfig-dir "$KCDIR" >>"$LOGS/kubeadm.log" 2>&1 || { show_log kubeadm; die "kubeadm kubeconfig"; }
  # The tests' kubeconfig: system:masters (super-admin), context dockerlab-host.
  cp "$KCDIR/super-admin.conf" "$KUBECONFIG_OUT"
  "$BIN/kubectl" --kubeconfig "$KUBECONFIG_OUT" config rename-context "$("$BIN/kubectl" --kubeconfig "$KUBECONFIG_OUT" config current-context)" "$NODE" >/dev/null

  log "etcd (127.0.0.1:$etcd_port)"
  launch etcd "$BIN/etcd" --name "$NODE" --data-dir "$DATA/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "$NODE=http://127.0.0.1:$peer_port" --listen-metrics-urls "" --log-level warn
  wait_until etcd etcd 30 curl -fsS "http://127.0.0.1:$etcd_port/health"

  log "kube-apiserver ($ip:$api_port)"
  launch kube-apiserver "$BIN/kube-apiserver" --advertise-address "$ip" --secure-port "$api_port" \
    --etcd-servers "http://127.0.0.1:$etcd_port" --service-cluster-ip-range "$SERVICE_CIDR" \
    --client-ca-file "$PKI/ca.crt" --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types InternalIP \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction --allow-privileged=true \
    --proxy-client-cert-file "$PKI/front-proxy-client.crt" --proxy-client-key-file "$PKI/front-proxy-client.key" \
    --requestheader-client-ca-file "$PKI/front-proxy-ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-extra-headers-prefix X-Remote-Extra- --requestheader-group-headers X-Remote-Group \
    --requestheader-username-headers X-Remote-User
  wait_until kube-apiserver kube-apiserver 90 api_ready

  # The two bindings kubeadm init makes: without the second, logs, exec and port-forward are Forbidden.
  kubectl_admin create clusterrolebinding kubeadm:cluster-admins --clusterrole cluster-admin --group kubeadm:cluster-admins >/dev/null 2>&1 || true
  kubectl_admin create clusterrolebinding kubeadm:apiserver-kubelet-client --clusterrole system:kubelet-api-admin --user kube-apiserver-kubelet-client >/dev/null 2>&1 || true

  log "kube-controller-manager, kube-scheduler"
  launch kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig "$KCDIR/controller-manager.conf" \
    --authentication-kubeconfig "$KCDIR/controller-manager.conf" --authorization-kubeconfig "$KCDIR/controller-manager.conf" \
    --bind-address 127.0.0.1 --secure-port "$cm_port" --client-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" --root-ca-file "$PKI/ca.crt" \
    --service-account-private-key-file "$PKI/sa.key" --use-service-account-credentials=true --leader-elect=false \
    --allocate-node-cidrs=true --cluster-cidr "$POD_CIDR" --service-cluster-ip-range "$SERVICE_CIDR" \
    --requestheader-client-ca-file "$PKI/front-proxy-ca.crt"
  launch kube-scheduler "$BIN/kube-scheduler" --kubeconfig "$KCDIR/scheduler.conf" \
    --authentication-kubeconfig "$KCDIR/scheduler.conf" --authorization-kubeconfig "$KCDIR/scheduler.conf" \
    --bind-address 127.0.0.1 --secure-port "$sched_port" --leader-elect=false

  log "containerd ($CTRD_SOCK)"
  launch containerd env PATH="$E29_BIN:$PATH" "$E29_BIN/containerd" --config "$DATA/containerd.toml"
  wait_until containerd containerd 30 "$E29_BIN/ctr" --address "$CTRD_SOCK" version
  local tar
  tar="$(pause_image)"
  "$E29_BIN/ctr" --address "$CTRD_SOCK" -n k8s.io images import "$tar" >"$LOGS/pause-import.log" 2>&1 || { show_log pause-import; die "pause image"; }

  log "kubelet ($NODE), kube-proxy (iptables)"
  launch kubelet "$BIN/kubelet" --config "$DATA/kubelet.yaml" --kubeconfig "$KCDIR/kubelet.conf" \
    --root-dir "$DATA/kubelet" --hostname-override "$NODE" --node-ip "$ip" --cert-dir "$DATA/kubelet-pki"
  launch kube-proxy "$BIN/kube-proxy" --kubeconfig "$KUBECONFIG_OUT" --hostname-override "$NODE" \
    --cluster-cidr "$POD_CIDR" --proxy-mode iptables --conntrack-max-per-core 0 \
    --healthz-bind-address "127.0.0.1:$proxy_health" --metrics-bind-address "127.0.0.1:$proxy_metrics"
  wait_until "the node Ready" kubelet 120 node_ready
  wait_until "the default ServiceAccount" kube-controller-manager 60 default_sa
  must_live kube-proxy
  log "Kubernetes $K8S_VERSION 호스트 클러스터 준비됨 (host cluster ready in $((SECONDS - t))s): KUBECONFIG=$KUBECONFIG_OUT"
}

# clean_chains IPTABLES: removes every rule that jumps to a KUBE-* or CNI-* chain, then those chains.
clean_chains() {
  local ipt=$1 table rule chain
  for table in filter nat mangle; do
    while read -r rule; do
      [[ -n "$rule" ]] || continue
      # shellcheck disable=SC2086 # the rule's words, as iptables -S printed them
      eval "$ipt -t $table ${rule/-A /-D }" 2>/dev/null || true
    done < <($ipt -t "$table" -S 2>/dev/null | grep -E '^-A ' | grep -E -- '-j (KUBE|CNI)-' || true)
    for chain in $($ipt -t "$table" -S 2>/dev/null | awk '/^-N (KUBE|CNI)-/ {print $2}'); do
      $ipt -t "$table" -F "$chain" 2>/dev/null || true
    done
    for chain in $($ipt -t "$table" -S 2>/dev/null | awk '/^-N (KUBE|CNI)-/ {print $2}'); do
      $ipt -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
}

# stop_all [quiet]: everything start started, in reverse, and the host restored.
stop_all() {
  local quiet=${1:-} name pid i
  [[ -d "$RUN_DIR" || -d "$DATA" ]] || return 0
  [[ -n "$quiet" ]] || log "Kubernetes 호스트 클러스터 중지 (stopping the host cluster)"
  # Pods first: kubelet, then every task of the cluster's containerd.
  for name in kubelet kube-proxy; do
    stop_pid "$RUN_DIR/$name.pid" "${name:0:15}" 2>/dev/null || true
  done
  if [[ -S "$CTRD_SOCK" ]]; then
    local ctr=("$E29_BIN/ctr" --address "$CTRD_SOCK" -n k8s.io)
    for i in $("${ctr[@]}" tasks ls -q 2>/dev/null); do "${ctr[@]}" tasks kill -s SIGKILL "$i" >/dev/null 2>&1 || true; done
    sleep 1
    for i in $("${ctr[@]}" tasks ls -q 2>/dev/null); do "${ctr[@]}" tasks rm -f "$i" >/dev/null 2>&1 || true; done
    for i in $("${ctr[@]}" containers ls -q 2>/dev/null); do "${ctr[@]}" containers rm "$i" >/dev/null 2>&1 || true; done
  fi
  # Shims of this containerd (they outlive it).
  pkill -f -- "containerd-shim-runc-v2 .*-address $CTRD_SOCK" 2>/dev/null || true
  for name in containerd kube-scheduler kube-controller-manager kube-apiserver etcd; do
    stop_pid "$RUN_DIR/$name.pid" "${name:0:15}" 2>/dev/null || true
  done
  if [[ -x "$BIN/kube-proxy" ]]; then "$BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true; fi
  # What kube-proxy --cleanup leaves: kubelet's chains (KUBE-FIREWALL, KUBE-KUBELET-CANARY, …) and
  # the CNI bridge's masquerade chains, in every table, for IPv4 and IPv6.
  local ipt
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null || continue
    clean_chains "$ipt"
  done
  # Mounts left under the cluster's folders (pod volumes, containerd's shm and rootfs).
  local m
  for m in $(awk -v d="$DATA" -v r="$RUN_DIR" '$2 ~ "^" d || $2 ~ "^" r {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  ip link delete "$BRIDGE" >/dev/null 2>&1 || true
  for m in /var/run/netns/cni-*; do
    [[ -e "$m" ]] || continue
    umount -l "$m" 2>/dev/null || true
    rm -f "$m"
  done
  restore_sysctls
  rm -rf "$RUN_DIR"
  # Keep the cache of nothing: a start begins from scratch (certs, etcd) in a few seconds.
  rm -rf "$DATA"
}

selftest() {
  local t=$SECONDS
  start
  local ns="selftest-$$" dir tar img="dockerlab.local/selftest:1" port
  dir="$(mktemp -d)"
  trap 'rm -rf "$dir"' RETURN
  mkdir -p "$dir/src"
  cat >"$dir/src/main.go" <<'GO'
package main

import (
	"fmt"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "hello from the host cluster") })
	panic(http.ListenAndServe(":8080", nil))
}
GO
  printf 'module selftest\n\ngo 1.22\n' >"$dir/src/go.mod"
  (cd "$dir/src" && CGO_ENABLED=0 go build -o "$dir/root/server" .)
  tar -C "$dir/root" -cf "$dir/rootfs.tar" server
  docker import --change 'ENTRYPOINT ["/server"]' "$dir/rootfs.tar" "$img" >/dev/null
  docker save -o "$dir/image.tar" "$img"
  docker rmi "$img" >/dev/null
  "$E29_BIN/ctr" --address "$CTRD_SOCK" -n k8s.io images import "$dir/image.tar" >/dev/null
  kubectl_admin create namespace "$ns" >/dev/null
  kubectl_admin -n "$ns" create deployment selftest --image "$img" --port 8080 >/dev/null
  kubectl_admin -n "$ns" patch deployment selftest --type json -p '[{"op":"add","path":"/spec/template/spec/containers/0/imagePullPolicy","value":"Never"}]' >/dev/null
  kubectl_admin -n "$ns" expose deployment selftest --port 8080 >/dev/null
  kubectl_admin -n "$ns" rollout status deployment/selftest --timeout 120s
  port="$(free_port 18080)"
  kubectl_admin -n "$ns" port-forward svc/selftest "$port:8080" >"$dir/pf.log" 2>&1 &
  local pf=$! body=""
  for _ in $(seq 30); do
    body="$(curl -fsS "http://127.0.0.1:$port/" 2>/dev/null || true)"
    [[ -n "$body" ]] && break
    sleep 1
  done
  kill "$pf" 2>/dev/null || true
  kubectl_admin delete namespace "$ns" --wait=true >/dev/null
  "$E29_BIN/ctr" --address "$CTRD_SOCK" -n k8s.io images rm "$img" >/dev/null 2>&1 || true
  [[ "$body" == "hello from the host cluster" ]] || { cat "$dir/pf.log" >&2; die "selftest: port-forward 응답이 다릅니다 (got: $body)"; }
  log "selftest 통과 (passed in $((SECONDS - t))s)"
}

case "${1:-}" in
  build) with_lock build_all ;;
  start) with_lock start ;;
  stop) with_lock stop_all ;;
  status) status ;;
  env) echo "KUBECONFIG=$KUBECONFIG_OUT" ;;
  selftest) selftest ;;
  *) die "사용법 (usage): scripts/k8s.sh build|start|stop|status|env|selftest" ;;
esac

#!/usr/bin/env bash
# test.sh: runs every test of dockerlab (`npm test`, and so `.ci/run`, call this).
#
# Two real engines: Debian's dockerd 20.10 (API 1.41, BuildKit 0.8; the default socket) and Docker
# Engine 29.8 (API 1.56, containerd image store) built from Go modules by engine29.sh and run beside
# it. Every step that talks to an engine runs on both, each as its own step; either failing fails
# the run.
#
#   setup     tools (apt, Node 24, code-server, npm ci), both engines (required: a missing engine
#             fails the run), the offline node:lts-alpine lab image on each
#   lab       the lab builds offline on that image and serves the todo page (each engine)
#   go        go mod tidy -diff (must print nothing), gofmt -l (must print nothing), go vet ./...,
#             go test ./... (engine 20.10), the engine, lab and LSP packages again on engine 29,
#             every fuzz target for 5 s, `dockerlab check` on the corpus with no network (unshare -n;
#             in CI a machine without network namespaces fails this step)
#   k8s       Kubernetes v1.37.2 built from Go modules once per machine (cached outside the clone),
#             a host cluster (scripts/k8s.sh): the k8sproc and lsp cluster tests and the k8s E2E
#             deploy to it through a registry on 127.0.0.1
#   kind      an offline kind node image and Traefik (scripts/kind-image.sh, cached beside it): the
#             lsp kind test and the kind E2E create a kind cluster on Engine 29 from the editor, deploy
#             the lab, reach it through port-forward and the Ingress, delete the cluster
#   package   npm run package (Go server + helper for 5 platforms, dist/dockerlab-<platform>.vsix),
#             then verify-platforms.mjs: each .vsix's binaries have the platform's format and
#             machine; the Linux ones answer `version` and an LSP hover (arm64 under qemu-user-static)
#   unit      npm run test:unit (the extension's TypeScript tests)
#   e2e       editor-ext/test/e2e/lab.e2e.mjs: code-server + headless Chromium + the real engine
#             (each engine); editor-ext/test/e2e/navigation.e2e.mjs: navigation and editing
#
# Everything it started (both engines) is stopped on exit. Prints a summary; exits non-zero on any
# failure.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers
cd "$ROOT"

ENGINE29_STARTED=0
K8S_STARTED=0
cleanup() {
  local rc=$?
  if [[ "$K8S_STARTED" == 1 ]]; then bash scripts/k8s.sh stop || true; fi
  if [[ "$DOCKERLAB_STARTED_DOCKERD" == 1 ]]; then dockerd_stop; fi
  if [[ "$ENGINE29_STARTED" == 1 ]]; then bash scripts/engine29.sh stop || true; fi
  steps_summary "dockerlab 테스트 요약 (test summary)"
  if ((STEPS_FAILED > 0 && rc == 0)); then rc=1; fi
  exit "$rc"
}
trap cleanup EXIT

gofmt_clean() {
  local dirs out
  dirs="$(go list -f '{{.Dir}}' ./...)"
  # shellcheck disable=SC2086
  out="$(gofmt -l $dirs)"
  if [[ -n "$out" ]]; then
    printf 'gofmt -l: these files need gofmt -w:\n%s\n' "$out" >&2
    return 1
  fi
}

offline_check() {
  go build -o "$TOOLS/dockerlab-offline" ./server/cmd/dockerlab
  # Exit 1 means findings (the corpus has broken files on purpose); 2 would be a failure.
  local rc=0 isolate=(unshare -n)
  if ! unshare -n true 2>/dev/null; then
    if [[ "${CI:-}" == true ]]; then
      warn "CI 에서는 네트워크를 끊고 검사해야 하는데 unshare -n 을 쓸 수 없습니다 (CI must check without network, and unshare -n fails here)"
      return 1
    fi
    warn "unshare -n 을 쓸 수 없어 네트워크를 끊지 않고 검사합니다 (no network namespace here; checking without isolation)"
    isolate=()
  fi
  "${isolate[@]}" "$TOOLS/dockerlab-offline" check --format json testdata/corpus >/dev/null || rc=$?
  ((rc <= 1))
}

# cross_vet runs go vet for Windows and macOS (arm64): their files (e.g. the named pipe) and every
# test compile there.
cross_vet() {
  GOOS=windows GOARCH=amd64 go vet ./server/... && GOOS=darwin GOARCH=arm64 go vet ./server/...
}

# tidy_clean fails when `go mod tidy` would change go.mod or go.sum.
tidy_clean() {
  local diff
  diff="$(go mod tidy -diff 2>&1)" || {
    printf 'go mod tidy would change go.mod/go.sum; run go mod tidy:\n%s\n' "$diff" >&2
    return 1
  }
}

# up SCRIPT FLAG: starts scripts/SCRIPT unless its `status` already answers; when this run started
# it, sets FLAG=1 so that cleanup stops it again.
up() {
  if bash "scripts/$1" status >/dev/null 2>&1; then
    log "$1: 이미 응답합니다 (already answers)"
  else
    bash "scripts/$1" start || return 1
    printf -v "$2" 1
  fi
}

# engine29_required builds (once) and starts Docker Engine 29 beside the default engine.
engine29_required() {
  up engine29.sh ENGINE29_STARTED || return 1
  ENGINE29_HOST="$(bash scripts/engine29.sh env)"
  ENGINE29_HOST="${ENGINE29_HOST#DOCKER_HOST=}"
}

# on29 COMMAND...: runs COMMAND against Docker Engine 29.
on29() { DOCKER_HOST="$ENGINE29_HOST" "$@"; }

# k8s_required builds (once per machine, cached outside the clone) and starts the host Kubernetes
# cluster the cluster tests deploy to.
K8S_KUBECONFIG=""
k8s_required() {
  bash scripts/k8s.sh build || return 1
  up k8s.sh K8S_STARTED || return 1
  K8S_KUBECONFIG="$(bash scripts/k8s.sh env)"
  K8S_KUBECONFIG="${K8S_KUBECONFIG#KUBECONFIG=}"
}

# with_kind COMMAND...: runs COMMAND on Engine 29 with the offline kind node image, the test kind
# config and the Traefik image named in its environment (scripts/kind-image.sh env). The kubelet
# inside kind's node sets the same host sysctls as any kubelet; they are put back as they were.
HOST_SYSCTLS=(kernel.panic kernel.panic_on_oops vm.overcommit_memory)
with_kind() {
  local saved rc=0 i kenv=()
  on29 bash scripts/kind-image.sh image >/dev/null || return 1
  mapfile -t kenv < <(bash scripts/kind-image.sh env)
  mapfile -t saved < <(sysctl -n "${HOST_SYSCTLS[@]}")
  on29 env "${kenv[@]}" "$@" || rc=$?
  for i in "${!HOST_SYSCTLS[@]}"; do sysctl -qw "${HOST_SYSCTLS[$i]}=${saved[$i]}" || rc=1; done
  return "$rc"
}

# on_cluster COMMAND...: runs COMMAND with the host cluster's kubeconfig for the cluster tests.
on_cluster() {
  [[ -n "$K8S_KUBECONFIG" ]] || { warn "Kubernetes 클러스터가 없습니다 (no cluster)"; return 1; }
  DOCKERLAB_TEST_KUBECONFIG="$K8S_KUBECONFIG" "$@"
}

# tagged_vet: the tests that need a cluster (-tags cluster) or a kind node image (-tags kind)
# compile and pass go vet even where they do not run.
tagged_vet() { go vet -tags cluster ./server/... && go vet -tags kind ./server/...; }

engine_required() {
  dockerd_start || {
    warn "Docker 엔진이 필요합니다: 엔진 테스트와 E2E 는 건너뛸 수 없습니다 (the engine is required; engine tests and the E2E cannot be skipped)"
    return 1
  }
}

# Setup: without these nothing else means anything, so a failure stops the run.
step "setup-tools" bash scripts/setup-tools.sh test || exit 1
step "docker engine 20.10" engine_required || exit 1
step "lab image (20.10)" bash scripts/make-lab-image.sh || exit 1
step "docker engine 29 (build, start)" engine29_required || exit 1
step "lab image (29)" on29 bash scripts/make-lab-image.sh || exit 1

step "lab image check (20.10)" bash scripts/check-lab-image.sh || true
step "lab image check (29)" on29 bash scripts/check-lab-image.sh || true
step "go mod tidy -diff" tidy_clean || true
step "gofmt -l" gofmt_clean || true
step "go vet ./..." go vet ./... || true
# The server, its helper and their tests type-check for the other systems dockerlab ships for.
step "go vet (windows, darwin)" cross_vet || true
# The packages whose tests build, run and remove on an engine run one after another (-p 1): the
# classic builder lists a parent image's children and fails the step when one of them is removed
# meanwhile ("unable to find image"), so one package's cleanup must not meet another's build.
ENGINE_PKGS=(./server/engine ./server/lab ./server/lsp ./server/composeproc)
go_test_all() {
  local rc=0 others
  others="$(go list ./... | grep -v -x -F "$(go list "${ENGINE_PKGS[@]}")")" || return 1
  go test -count=1 $others || rc=1
  go test -count=1 -p 1 "${ENGINE_PKGS[@]}" || rc=1
  return $rc
}
step "go test ./... (20.10)" go_test_all || true
# The packages that talk to an engine, again on Docker Engine 29 (BuildKit by default, the
# containerd image store, its own error messages).
step "go test engine/lab/lsp/composeproc (29)" on29 go test -count=1 -p 1 "${ENGINE_PKGS[@]}" || true
# Kubernetes (issue 19): a real v1.37 cluster on this host (scripts/k8s.sh), deploys through a
# 127.0.0.1 registry (the cluster is not kind, so it pulls as any cluster but kind would).
if step "kubernetes (build, host cluster)" k8s_required; then
  step "go test -tags cluster (host cluster)" on_cluster go test -count=1 -tags cluster -timeout 20m ./server/k8sproc || true
  step "go test -tags cluster lsp (host cluster)" on_cluster go test -count=1 -tags cluster -timeout 20m -run TestK8sLabOnCluster ./server/lsp || true
else
  skip "go test -tags cluster (host cluster)" "no cluster"
  skip "go test -tags cluster lsp (host cluster)" "no cluster"
fi
# kind's path on Engine 29, from a node image built offline (cached beside the Kubernetes build),
# through the language server: createCluster with its Ingress controller, kind load, deploy, the app
# through port-forward and Ingress, deleteCluster. (Its code-server E2E runs with the others below.)
KIND_OK=0
if step "kind node image (build, Engine 29)" bash scripts/kind-image.sh build; then
  KIND_OK=1
  step "go test -tags kind (kind cluster, Engine 29)" \
    with_kind go test -count=1 -tags kind -timeout 15m -run TestKindClusterFromTheEditor ./server/lsp || true
else
  skip "go test -tags kind (kind cluster, Engine 29)" "no node image"
fi
step "go vet -tags cluster,kind" tagged_vet || true
# Every fuzz target, briefly (crashers become regression tests in testdata/fuzz/).
step "fuzz (5s each)" env FUZZTIME=5s bash scripts/fuzz.sh || true
# Language features need no network: check the corpus with the network namespace cut off.
step "offline check (unshare -n)" offline_check || true
# Neovim from Debian, configured as docs/editors.md says: hover, diagnostics, completion, a lab build.
step "Neovim (docs/editors.md)" bash scripts/test-nvim.sh || true
# The pre-commit hook (.pre-commit-hooks.yaml) installed by Debian's pre-commit from this clone.
step "pre-commit hook" bash scripts/test-precommit.sh || true
step "npm run test:unit" npm run test:unit || true
# test:unit rebuilds editor-ext/out for its tests, so the package comes after it.
if step "npm run package (5 platforms)" npm run package; then
  step "platform .vsix (formats; linux-arm64 under qemu)" node editor-ext/build/verify-platforms.mjs || true
  step "e2e lab (code-server, 20.10)" "$NODE24_BIN/node" editor-ext/test/e2e/lab.e2e.mjs || true
  step "e2e lab (code-server, 29)" on29 env DOCKERLAB_E2E_ENGINE=engine29 "$NODE24_BIN/node" editor-ext/test/e2e/lab.e2e.mjs || true
  step "e2e navigation (code-server)" "$NODE24_BIN/node" editor-ext/test/e2e/navigation.e2e.mjs || true
  step "e2e kubernetes (code-server, host cluster)" on_cluster "$NODE24_BIN/node" editor-ext/test/e2e/k8s.e2e.mjs || true
  if [[ "$KIND_OK" == 1 ]]; then
    step "e2e kind + Ingress (code-server, Engine 29)" with_kind "$NODE24_BIN/node" editor-ext/test/e2e/kind.e2e.mjs || true
  else
    skip "e2e kind + Ingress (code-server, Engine 29)" "no node image"
  fi
else
  skip "platform .vsix (formats; linux-arm64 under qemu)" "no .vsix"
  skip "e2e lab (code-server, 20.10)" "no .vsix"
  skip "e2e lab (code-server, 29)" "no .vsix"
  skip "e2e navigation (code-server)" "no .vsix"
  skip "e2e kubernetes (code-server, host cluster)" "no .vsix"
fi

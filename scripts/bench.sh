#!/usr/bin/env bash
# bench.sh: measures dockerlab (`npm run bench`).
#
#   go        go test -bench over every package with benchmarks (parse, model, completion, checks,
#             formatting, semantic tokens, highlights, the LSP handlers, `dockerlab check`; small
#             files and the 5,000-line testdata/bench/big.Dockerfile), with allocations. Benchmarks
#             in *_engine_test.go files need a Docker engine and the docker CLI and are run by hand
#             (README: go test ./server/lab -run '^$' -bench LabVsCLI -benchtime 5x)
#   lsp       the shared LSP harness (../shared/bench/lspbench.py) running `dockerlab lsp` beside
#             rcjsuen's dockerfile-language-server-nodejs in one interleaved run, extended by
#             scripts/lspbench_more.py with the protocol floor, the real-world corpus
#             (.tools/realworld-corpus or $DOCKERLAB_REALWORLD) and 1,000 open/close cycles;
#             prints one table with dockerlab/node ratios and issue 14's goals (JSON in
#             .tools/bench/out/)
#
# BENCH_ONLY=go|lsp runs one part; extra arguments go to lspbench.py (e.g. --rounds 3).
# Every part runs even when an earlier one failed; prints a summary and exits non-zero when any
# benchmark failed (a failed benchmark does not stop the others in its package either).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers
cd "$ROOT"

SHARED_BENCH="${DOCKERLAB_SHARED_BENCH:-$ROOT/../shared/bench}"
BENCH_DIR="$TOOLS/bench"

# go_bench runs the Go benchmarks; fails when go test does (a failed or panicking benchmark, a
# package that does not build). go test's headers are dropped, everything else is shown.
go_bench() {
  local pkgs skip
  # The packages with a `func BenchmarkX(` outside *_engine_test.go, and the engine ones to skip.
  mapfile -t pkgs < <(grep -rlE --include='*_test.go' '^func Benchmark' server | grep -v '_engine_test\.go$' | xargs -r dirname | sort -u | sed 's|^|./|')
  ((${#pkgs[@]} > 0)) || { warn "벤치마크가 없습니다 (no Go benchmarks found)"; return 1; }
  skip="$(grep -rhoE --include='*_engine_test.go' '^func Benchmark[A-Za-z0-9_]+' server | sed 's/^func //' | paste -sd'|')"
  go test -run='^$' -bench=. ${skip:+"-skip=^($skip)\$"} -benchmem -count=1 "${pkgs[@]}" 2>&1 |
    grep -vE '^(goos|goarch|pkg|cpu): |^PASS$'
}

# lsp_bench runs the shared LSP harness; a step's function runs without set -e, so every command
# that can fail says so.
lsp_bench() {
  [[ -f "$SHARED_BENCH/lspbench.py" ]] || { warn "LSP 벤치마크 도구가 없습니다: $SHARED_BENCH/lspbench.py (set DOCKERLAB_SHARED_BENCH)"; return 1; }
  mkdir -p "$BENCH_DIR/out" || return 1
  # The shared folder is read-only: work on a copy (peers/ and out/ are written next to it).
  cp -r "$SHARED_BENCH/." "$BENCH_DIR/" && chmod -R u+w "$BENCH_DIR" || return 1
  if [[ ! -x "$BENCH_DIR/peers/node/node_modules/.bin/docker-langserver" ]]; then
    log "비교 대상 설치 (installing the Node peer)"
    bash "$BENCH_DIR/setup-peers.sh" >/dev/null || return 1
  fi
  log "dockerlab 빌드"
  go build -trimpath -ldflags='-s -w' -o "$BENCH_DIR/dockerlab" ./server/cmd/dockerlab || return 1
  local real="${DOCKERLAB_REALWORLD:-$ROOT/.tools/realworld-corpus}" more=()
  if [[ -d "$real" ]]; then
    more=(--realworld "$real")
  else
    warn "실제 Dockerfile 모음이 없어 그 측정은 건너뜁니다: $real (no real-world corpus; see testdata/realworld/README.md)"
  fi
  log "LSP 벤치마크: dockerlab 대 node (같은 실행, 번갈아 측정)"
  (cd "$BENCH_DIR" && python3 "$ROOT/scripts/lspbench_more.py" --harness . "${more[@]}" \
    --json out/results.jsonl "$@" "dockerlab=$BENCH_DIR/dockerlab lsp" node)
}

case "${BENCH_ONLY:-}" in "" | go | lsp) ;; *) die "BENCH_ONLY=$BENCH_ONLY: go 또는 lsp 만 됩니다 (go or lsp)" ;; esac
trap 'steps_summary "dockerlab 측정 요약 (benchmark summary)"' EXIT

if [[ "${BENCH_ONLY:-go}" == go ]]; then
  step "go test -bench" go_bench || true
fi
if [[ "${BENCH_ONLY:-lsp}" == lsp ]]; then
  step "lsp bench (node vs dockerlab)" lsp_bench "$@" || true
fi
((STEPS_FAILED == 0))

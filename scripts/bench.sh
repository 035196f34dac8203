#!/usr/bin/env bash
# bench.sh: measures dockerlab (`npm run bench`).
#
#   go        go test -bench over parse, model, hover, completion, checks, formatting (small files
#             and the 5,000-line testdata/bench/big.Dockerfile), with allocations
#   lsp       the shared LSP harness (../shared/bench/lspbench.py) running `dockerlab lsp` beside
#             rcjsuen's dockerfile-language-server-nodejs in one interleaved run; prints the
#             table with dockerlab/node ratios (JSON in .tools/bench/out/)
#
# BENCH_ONLY=go|lsp runs one part; extra arguments go to lspbench.py (e.g. --rounds 3).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

SHARED_BENCH="${DOCKERLAB_SHARED_BENCH:-$ROOT/../shared/bench}"
BENCH_DIR="$TOOLS/bench"

if [[ "${BENCH_ONLY:-go}" == go || -z "${BENCH_ONLY:-}" ]]; then
  log "Go 벤치마크 (go test -bench)"
  go test -run='^$' -bench=. -benchmem -count=1 \
    ./server/dockerfile ./server/hover ./server/completion ./server/lint ./server/format ./server/semantic 2>/dev/null |
    grep -E '^(Benchmark|ok|FAIL)' || true
fi

if [[ "${BENCH_ONLY:-lsp}" == lsp || -z "${BENCH_ONLY:-}" ]]; then
  [[ -f "$SHARED_BENCH/lspbench.py" ]] || die "LSP 벤치마크 도구가 없습니다: $SHARED_BENCH/lspbench.py (set DOCKERLAB_SHARED_BENCH)"
  mkdir -p "$BENCH_DIR"
  # The shared folder is read-only: work on a copy (peers/ and out/ are written next to it).
  cp -r "$SHARED_BENCH/." "$BENCH_DIR/"
  chmod -R u+w "$BENCH_DIR"
  if [[ ! -x "$BENCH_DIR/peers/node/node_modules/.bin/docker-langserver" ]]; then
    log "비교 대상 설치 (installing the Node peer)"
    bash "$BENCH_DIR/setup-peers.sh" >/dev/null
  fi
  log "dockerlab 빌드"
  go build -trimpath -ldflags='-s -w' -o "$BENCH_DIR/dockerlab" ./server/cmd/dockerlab
  mkdir -p "$BENCH_DIR/out"
  log "LSP 벤치마크: node 대 dockerlab (같은 실행, 번갈아 측정)"
  (cd "$BENCH_DIR" && python3 lspbench.py --json out/results.jsonl "$@" node "dockerlab=$BENCH_DIR/dockerlab lsp")
fi

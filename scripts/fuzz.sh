#!/usr/bin/env bash
# fuzz.sh: runs every Go fuzz target for FUZZTIME each (default 10s; `npm run fuzz`, and test.sh
# runs it briefly). A crasher is written to the package's testdata/fuzz/ and fails the run; commit
# it with the fix so it stays a regression test.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers
cd "$ROOT"

FUZZTIME="${FUZZTIME:-10s}"

# inputs counts the saved inputs of a fuzz target (0 when it has none).
inputs() {
  if [[ -d "$1" ]]; then find "$1" -type f | wc -l; else echo 0; fi
}
failed=0
# Every `func FuzzX(` in a _test.go file, as "package-dir target".
while read -r file target; do
  dir="./$(dirname "$file")"
  log "fuzz $dir $target ($FUZZTIME)"
  logf="$TOOLS/fuzz-$target.log"
  crashers_before=$(inputs "$dir/testdata/fuzz/$target")
  if ! go test -run='^$' -fuzz="^${target}\$" -fuzztime="$FUZZTIME" "$dir" >"$logf" 2>&1; then
    grep -v '^fuzz: elapsed' "$logf" | tail -25 >&2
    crashers_after=$(inputs "$dir/testdata/fuzz/$target")
    # A new input in testdata/fuzz is a real failure. Without one, the fuzzing
    # engine itself gave up (a worker starved on a loaded machine): run again
    # once and fail only if that fails too.
    if ((crashers_after > crashers_before)) ||
      ! go test -run='^$' -fuzz="^${target}\$" -fuzztime="$FUZZTIME" "$dir" >"$logf" 2>&1; then
      grep -v '^fuzz: elapsed' "$logf" | tail -25 >&2
      warn "$target 실패 (failed): see $dir/testdata/fuzz/$target and $logf"
      failed=$((failed + 1))
    else
      warn "$target: 퍼징 엔진이 재현 입력 없이 멈춰 한 번 더 돌렸고 통과했습니다 (the fuzzing engine stopped without a reproducer; the second run passed)"
    fi
  fi
done < <(grep -rhoE --include='*_test.go' -H '^func Fuzz[A-Za-z0-9_]+' server | sed -E 's/:func / /')
((failed == 0)) || die "퍼징 $failed개 실패 (fuzz targets failed: $failed)"
log "퍼징 통과 (all fuzz targets ran clean)"

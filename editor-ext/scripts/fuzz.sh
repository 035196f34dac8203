#!/usr/bin/env bash
# fuzz.sh: runs every Go fuzz target for FUZZTIME each (default 10s; `npm run fuzz`, and test.sh
# runs it briefly). A crasher is written to the package's testdata/fuzz/ and fails the run; commit
# it with the fix so it stays a regression test.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

FUZZTIME="${FUZZTIME:-10s}"
failed=0
# Every `func FuzzX(` in a _test.go file, as "package-dir target".
while read -r file target; do
  dir="./$(dirname "$file")"
  log "fuzz $dir $target ($FUZZTIME)"
  if ! go test -run='^$' -fuzz="^${target}\$" -fuzztime="$FUZZTIME" "$dir" >/dev/null 2>"$TOOLS/fuzz-$target.log"; then
    go test -run='^$' -fuzz="^${target}\$" -fuzztime="$FUZZTIME" "$dir" 2>&1 | tail -20 >&2 || true
    warn "$target 실패 (failed): see $dir/testdata/fuzz/$target"
    failed=$((failed + 1))
  fi
done < <(grep -rhoE --include='*_test.go' -H '^func Fuzz[A-Za-z0-9_]+' server | sed -E 's/:func / /')
((failed == 0)) || die "퍼징 $failed개 실패 (fuzz targets failed: $failed)"
log "퍼징 통과 (all fuzz targets ran clean)"

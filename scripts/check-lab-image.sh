#!/usr/bin/env bash
# check-lab-image.sh: proves that the offline `node:lts-alpine` image can build and run the lab.
#
# Builds testdata/lab with the seed Dockerfile through the Engine API with the network turned off
# (so `yarn install --production` must stay offline), runs it on a free 127.0.0.1 port, fetches
# the todo page and the JSON API, then removes everything it made (all labelled
# dev.dockerlab.check=lab-image). It never touches port 3000, which belongs to the lab itself.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers

LABEL_KEY="dev.dockerlab.check"
LABEL_VALUE="lab-image"
TAG="dockerlab-check-lab:$$"
CID=""

engine_ping || die "Docker 엔진이 응답하지 않습니다 (no engine answers on $DOCKER_SOCK)"

cleanup() {
  if [[ -n "$CID" ]]; then engine_api DELETE "/containers/$CID?force=1" -o /dev/null || true; fi
  engine_api DELETE "/images/$TAG?force=1" -o /dev/null || true
}
trap cleanup EXIT

labels="$(printf '{"%s":"%s"}' "$LABEL_KEY" "$LABEL_VALUE" | "$NODE24_BIN/node" -e 'process.stdin.on("data",d=>process.stdout.write(encodeURIComponent(String(d))))')"
log "lab 빌드 (building testdata/lab offline, networkmode=none)"
out="$(tar -C "$ROOT/testdata/lab" -cf - . |
  engine_api POST "/build?t=$TAG&networkmode=none&rm=1&forcerm=1&labels=$labels" \
    -H 'Content-Type: application/x-tar' --data-binary @-)"
if ! grep -q 'Successfully tagged' <<<"$out" || grep -q '"error' <<<"$out"; then
  printf '%s\n' "$out" >&2
  die "lab 이미지 빌드 실패 (the lab did not build on node:lts-alpine)"
fi
grep -q 'yarn install v' <<<"$out" || die "the build did not run yarn: $out"

create="$(printf '{"Image":"%s","Labels":{"%s":"%s"},"HostConfig":{"PortBindings":{"3000/tcp":[{"HostIp":"127.0.0.1","HostPort":""}]}}}' "$TAG" "$LABEL_KEY" "$LABEL_VALUE")"
CID="$(engine_api POST /containers/create -H 'Content-Type: application/json' -d "$create" | json_field 'd.Id')"
[[ -n "$CID" ]] || die "could not create a container from $TAG"
start="$(engine_api POST "/containers/$CID/start" -w '\n%{http_code}')"
[[ "${start##*$'\n'}" == 204 ]] || die "could not start the lab container: ${start%$'\n'*}"
port="$(engine_api GET "/containers/$CID/json" | json_field 'd.NetworkSettings.Ports["3000/tcp"][0].HostPort')"
[[ -n "$port" ]] || die "the container publishes no port"

page_up() { curl -sf "http://127.0.0.1:$port/" -o /dev/null; }
wait_for "todo app on 127.0.0.1:$port" 30 page_up || {
  engine_api GET "/containers/$CID/logs?stdout=1&stderr=1" >&2 || true
  die "the lab app did not answer"
}
curl -sf "http://127.0.0.1:$port/" | grep -q '<title>Todo App</title>' || die "the page is not the todo page"
curl -sf -X POST -H 'Content-Type: application/json' -d '{"name":"check"}' "http://127.0.0.1:$port/items" >/dev/null
[[ "$(curl -sf "http://127.0.0.1:$port/items" | json_field 'd.length')" == 1 ]] || die "the JSON API did not keep the item"
engine_api POST "/containers/$CID/stop?t=10" -o /dev/null
log "lab 이미지 확인 완료 (the lab builds offline and serves the todo page on 127.0.0.1:$port)"

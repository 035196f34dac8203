#!/usr/bin/env bash
# make-lab-image.sh: makes the lab's base image `node:lts-alpine` without a registry.
#
# No registry is reachable, so the image is assembled here (shared/recipes/lab-base-image.md):
# busybox-static for the shell and tools, Node 24 from .tools/node24 with the libraries ldd lists,
# and yarn 1 from `npm pack` (cached in .tools/cache). The rootfs is imported through the Engine
# API over the unix socket (no docker CLI). Skips when the tag already exists; --force rebuilds.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # strict mode, ROOT, TOOLS and the helpers

IMAGE_REPO="node"
IMAGE_TAG="lts-alpine"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

engine_ping || die "Docker 엔진이 응답하지 않습니다: 먼저 start-dockerd.sh 를 실행하세요 (no engine answers on $DOCKER_SOCK)"

status="$(engine_api GET "/images/$IMAGE_REPO:$IMAGE_TAG/json" -o /dev/null -w '%{http_code}')"
if [[ "$status" == 200 && "$FORCE" == 0 ]]; then
  log "이미지 $IMAGE_REPO:$IMAGE_TAG 있음 (image present)"
  exit 0
fi
old_id=""
if [[ "$status" == 200 ]]; then
  old_id="$(engine_api GET "/images/$IMAGE_REPO:$IMAGE_TAG/json" | "$NODE24_BIN/node" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).Id))')"
fi

[[ -x "$NODE24_BIN/node" ]] || die "Node 24 가 없습니다: 먼저 setup-tools.sh 를 실행하세요 (run setup-tools.sh first)"
BUSYBOX="$(command -v busybox || true)"
if [[ -z "$BUSYBOX" ]] || ldd "$BUSYBOX" >/dev/null 2>&1; then
  die "정적 busybox 가 필요합니다: apt-get install busybox-static (a static busybox is needed)"
fi

# yarn: one tarball from the npm registry, kept in .tools/cache so later runs stay offline.
mkdir -p "$TOOLS/cache"
YARN_TGZ="$TOOLS/cache/yarn-$YARN_VERSION.tgz"
if [[ ! -f "$YARN_TGZ" ]]; then
  log "yarn $YARN_VERSION 받기 (npm pack)"
  (cd "$TOOLS/cache" && npm pack --silent "yarn@$YARN_VERSION" >/dev/null)
fi
[[ -f "$YARN_TGZ" ]] || die "npm pack yarn@$YARN_VERSION did not produce $YARN_TGZ"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/dockerlab-rootfs.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
R="$WORK/rootfs"
mkdir -p "$R"/{bin,sbin,etc,root,tmp,usr/bin,usr/sbin,usr/local/bin,usr/local/lib/yarn,var/tmp,home/node}
chmod 1777 "$R/tmp" "$R/var/tmp"

log "rootfs 만들기 (assembling the rootfs in $R)"
# busybox and one link per applet; /usr/bin/env matters: yarn.js starts with #!/usr/bin/env node.
cp "$BUSYBOX" "$R/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [[ "$applet" == busybox || -e "$R/bin/$applet" ]] && continue
  ln -s busybox "$R/bin/$applet"
done
ln -sf ../../bin/busybox "$R/usr/bin/env"

# node and the shared libraries it needs, at the same paths as on this machine.
cp "$NODE24_BIN/node" "$R/usr/local/bin/node"
for lib in $(ldd "$NODE24_BIN/node" | grep -o '/[^ ]*'); do
  mkdir -p "$R$(dirname "$lib")"
  cp -L "$lib" "$R$lib"
done

# yarn 1, linked the way the official image links it.
tar -xzf "$YARN_TGZ" -C "$R/usr/local/lib/yarn" --strip-components=1
ln -s ../lib/yarn/bin/yarn.js "$R/usr/local/bin/yarn"
ln -s ../lib/yarn/bin/yarn.js "$R/usr/local/bin/yarnpkg"
chmod +x "$R/usr/local/lib/yarn/bin/yarn.js"

cat >"$R/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/:/sbin/nologin
node:x:1000:1000:Linux User,,,:/home/node:/bin/sh
PASSWD
cat >"$R/etc/group" <<'GROUP'
root:x:0:root
nogroup:x:65534:
node:x:1000:node
GROUP
chown 1000:1000 "$R/home/node"
cat >"$R/etc/os-release" <<OSREL
NAME="dockerlab offline node"
ID=dockerlab
PRETTY_NAME="dockerlab offline stand-in for node:lts-alpine (busybox + Node $NODE24_VERSION + yarn $YARN_VERSION)"
OSREL

# Smoke test the rootfs before importing it: node and yarn must start inside it.
if command -v chroot >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
  chroot "$R" /usr/local/bin/node -e 'process.exit(0)' || die "node does not run in the rootfs"
  chroot "$R" /bin/sh -c 'PATH=/usr/local/bin:/usr/bin:/bin yarn --version' >/dev/null || die "yarn does not run in the rootfs"
fi

# docker import through the Engine API; `changes` are Dockerfile lines, URL-encoded.
urlencode() { "$NODE24_BIN/node" -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$1"; }
query="fromSrc=-&repo=$IMAGE_REPO&tag=$IMAGE_TAG"
for change in \
  'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  "ENV NODE_VERSION=$NODE24_VERSION" \
  "ENV YARN_VERSION=$YARN_VERSION" \
  'CMD ["node"]'; do
  query+="&changes=$(urlencode "$change")"
done

log "이미지 가져오기 (importing $IMAGE_REPO:$IMAGE_TAG through the Engine API)"
response="$(tar -C "$R" --numeric-owner -cf - . |
  engine_api POST "/images/create?$query" -H 'Content-Type: application/x-tar' --data-binary @- -w '\n%{http_code}')"
code="${response##*$'\n'}"
if [[ "$code" != 200 ]] || grep -q '"error' <<<"$response"; then
  die "이미지를 가져오지 못했습니다 (image import failed): $response"
fi
status="$(engine_api GET "/images/$IMAGE_REPO:$IMAGE_TAG/json" -o /dev/null -w '%{http_code}')"
[[ "$status" == 200 ]] || die "import finished but $IMAGE_REPO:$IMAGE_TAG is missing"
if [[ -n "$old_id" ]]; then
  # The replaced image is now untagged; drop it unless a container or image still uses it.
  engine_api DELETE "/images/$old_id" -o /dev/null || true
fi
log "이미지 $IMAGE_REPO:$IMAGE_TAG 준비됨 (image ready)"

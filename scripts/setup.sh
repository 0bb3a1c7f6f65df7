#!/usr/bin/env bash
# Installs (from Debian packages) and starts everything multiarch needs on a build machine:
# Docker engine, buildx, qemu user emulation (registered with argv[0]-preserving flags),
# the registry, skopeo, htpasswd, and static busybox binaries for test base images.
# Idempotent: a second run with everything in place takes a few seconds.
# Usage: scripts/setup.sh            (needs root)
set -euo pipefail

LAB_DIR=${MULTIARCH_LAB_DIR:-/var/lib/multiarch-lab}
BUSYBOX_ARCHES=(amd64 arm64 s390x ppc64el armhf)
QEMU_ARCHES=(aarch64 s390x ppc64le arm)
BUILDX_PLUGIN=/usr/libexec/docker/cli-plugins/docker-buildx

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (it installs Debian packages and starts dockerd)"

mkdir -p "$LAB_DIR"
apt_updated=0
apt_update() {
  if [[ $apt_updated -eq 0 ]]; then
    log "apt-get update"
    # A mirror mid-sync can fail one index (seen here); retry, then go on with what was fetched.
    local try
    for try in 1 2 3; do
      apt-get update -qq >/dev/null 2>"$LAB_DIR/apt-update.err" && break
      log "apt-get update attempt $try failed: $(grep -m1 '^E:' "$LAB_DIR/apt-update.err" || true)"
      sleep $((try * 2))
    done
    apt_updated=1
  fi
}

# apt_download DIR PACKAGE...: apt-get download into DIR, three tries (a mirror mid-sync fails a file now
# and then; seen here), refreshing the indexes before a retry.
apt_download() {
  local dir=$1 try
  shift
  for try in 1 2 3; do
    (cd "$dir" && apt-get download -qq -o APT::Sandbox::User=root "$@" >/dev/null 2>"$LAB_DIR/apt-download.err") && return 0
    log "apt-get download $* attempt $try failed: $(grep -m1 '^E:' "$LAB_DIR/apt-download.err" || true)"
    sleep $((try * 2))
    apt_updated=0
    apt_update
  done
  return 1
}

# 1. Debian packages
need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v skopeo >/dev/null || need+=(skopeo)
command -v htpasswd >/dev/null || need+=(apache2-utils)
[[ -e /usr/bin/qemu-s390x-static ]] || need+=(qemu-user-static)
command -v ip >/dev/null || need+=(iproute2)
command -v curl >/dev/null || need+=(curl)
command -v openssl >/dev/null || need+=(openssl)
if ((${#need[@]})); then
  apt_update
  log "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || die "apt-get install ${need[*]} failed"
fi

# Debian trixie as a source with low priority: nothing is installed from it unless asked by name.
# Nothing to add on a trixie host, or where a trixie source exists already (a second entry for the same
# suite makes apt warn, or fail when their Signed-By differ).
trixie_source() {
  local own=/etc/apt/sources.list.d/multiarch-trixie.sources codename=
  codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
  [[ $codename == trixie ]] && return 0
  if [[ ! -f $own ]] && grep -rqsE '^[^#]*(^deb(-src)? .*[[:space:]]trixie([[:space:]]|$)|^Suites:.*\btrixie\b)' \
      /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return 0
  fi
  if [[ ! -f $own ]]; then
    cat > "$own" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt_updated=0
  fi
  if [[ ! -f /etc/apt/preferences.d/multiarch-trixie ]]; then
    cat > /etc/apt/preferences.d/multiarch-trixie <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  fi
}

# 2. buildx: not packaged for bookworm; trixie's docker-buildx (static Go binary) runs here.
if [[ ! -x $BUILDX_PLUGIN ]]; then
  trixie_source
  apt_update
  tmp=$(mktemp -d); chmod 0755 "$tmp"
  apt_download "$tmp" docker-buildx/trixie || die "apt-get download docker-buildx/trixie failed (see $LAB_DIR/apt-download.err)"
  dpkg-deb -x "$tmp"/docker-buildx_*.deb "$tmp/x"
  install -D -m 0755 "$tmp/x/usr/libexec/docker/cli-plugins/docker-buildx" "$BUILDX_PLUGIN"
  rm -rf "$tmp"
  log "installed buildx $("$BUILDX_PLUGIN" version 2>/dev/null | awk '{print $2}')"
fi

# 2b. A current engine for the tests beside the default one: trixie's dockerd and containerd (with the
#     containerd image store), extracted into $LAB_DIR/modern-engine, not installed; the tests start
#     and stop it (ModernEngine). It uses this machine's runc (trixie's needs a newer glibc).
MODERN_ROOT=$LAB_DIR/modern-engine/root
if [[ ! -x $MODERN_ROOT/usr/sbin/dockerd || ! -x $MODERN_ROOT/usr/bin/containerd ]]; then
  # Only two tests need it: a failed download is a warning (those tests then fail and say to run this
  # script again), not a reason to leave the rest of the lab unset.
  trixie_source
  apt_update
  tmp=$(mktemp -d); chmod 0755 "$tmp"
  if apt_download "$tmp" docker.io/trixie containerd/trixie \
      && compgen -G "$tmp/docker.io_*.deb" >/dev/null && compgen -G "$tmp/containerd_*.deb" >/dev/null; then
    rm -rf "$MODERN_ROOT.new"; mkdir -p "$MODERN_ROOT.new"
    for deb in "$tmp"/docker.io_*.deb "$tmp"/containerd_*.deb; do dpkg-deb -x "$deb" "$MODERN_ROOT.new"; done
    rm -rf "$MODERN_ROOT"; mv "$MODERN_ROOT.new" "$MODERN_ROOT"
    log "modern engine for the tests: $("$MODERN_ROOT/usr/sbin/dockerd" --version 2>/dev/null) in $MODERN_ROOT"
  else
    log "WARNING: could not download docker.io and containerd from trixie; the tests on a current engine will fail"
  fi
  rm -rf "$tmp"
fi

# 3. Static busybox per architecture (base images for tests and the example: FROM scratch).
missing_bb=()
for a in "${BUSYBOX_ARCHES[@]}"; do
  [[ -x $LAB_DIR/busybox/$a/busybox ]] || missing_bb+=("$a")
done
if ((${#missing_bb[@]})); then
  for a in "${missing_bb[@]}"; do
    if [[ $a != "$(dpkg --print-architecture)" ]] && ! dpkg --print-foreign-architectures | grep -qx "$a"; then
      dpkg --add-architecture "$a"; apt_updated=0
    fi
  done
  apt_update
  tmp=$(mktemp -d); chmod 0755 "$tmp"
  for a in "${missing_bb[@]}"; do
    apt_download "$tmp" "busybox-static:$a" || die "apt-get download busybox-static:$a failed (see $LAB_DIR/apt-download.err)"
    mkdir -p "$tmp/$a" "$LAB_DIR/busybox/$a"
    dpkg-deb -x "$tmp"/busybox-static_*_"$a".deb "$tmp/$a"
    install -m 0755 "$tmp/$a/bin/busybox" "$LAB_DIR/busybox/$a/busybox"
  done
  rm -rf "$tmp"
  log "static busybox ready for ${missing_bb[*]} in $LAB_DIR/busybox"
fi

# 4. qemu user emulation: binfmt_misc handlers with the -binfmt-P interpreter and flags POCF
#    (P keeps argv[0], so busybox applets work; F keeps the interpreter usable in containers).
[[ -e /proc/sys/fs/binfmt_misc/register ]] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
for q in "${QEMU_ARCHES[@]}"; do
  entry=/proc/sys/fs/binfmt_misc/qemu-$q
  def=/usr/share/binfmts/qemu-$q
  [[ -f $def ]] || die "$def missing (is qemu-user-static installed?)"
  magic=$(awk '$1=="magic"{print $2}' "$def")
  mask=$(awk '$1=="mask"{print $2}' "$def")
  interp=/usr/libexec/qemu-binfmt/$q-binfmt-P
  [[ -x $interp ]] || die "$interp missing (is qemu-user-static installed?)"
  if [[ -e $entry ]]; then
    if grep -qx "interpreter $interp" "$entry" && grep -qx 'flags: POCF' "$entry"; then continue; fi
    log "re-registering qemu-$q (wrong interpreter or flags)"
    echo -1 > "$entry"
  fi
  echo ":qemu-$q:M:0:$magic:$mask:$interp:POCF" > /proc/sys/fs/binfmt_misc/register
  log "registered qemu-$q"
done

# 5. The Docker engine (no systemd here: start dockerd directly).
# A pid file left by a dockerd that was killed (e.g. when a CI job's processes are ended) makes the
# next dockerd refuse to start: remove pid files whose process is gone or is something else now.
clear_stale_pid() {
  local file=$1 name=$2 pid
  [[ -f $file ]] || return 0
  pid=$(cat "$file" 2>/dev/null || true)
  if [[ -z $pid || ! -r /proc/$pid/comm || $(cat "/proc/$pid/comm" 2>/dev/null) != "$name" ]]; then
    log "removing stale $file (pid ${pid:-?} is not a running $name)"
    rm -f "$file"
  fi
}
# An engine that answers but has lost its default bridge (docker0 deleted under it) cannot run a
# container: "could not find bridge docker0". Restarting dockerd makes the bridge again. (Only when its
# bridge network is meant to be docker0: an engine set up with another bridge, or none, is left alone.)
if docker info >/dev/null 2>&1 && [[ ! -e /sys/class/net/docker0 ]] \
    && [[ $(docker network inspect bridge --format '{{index .Options "com.docker.network.bridge.name"}}' 2>/dev/null) == docker0 ]]; then
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  if [[ -n $pid && $(cat "/proc/$pid/comm" 2>/dev/null) == dockerd ]]; then
    log "the engine's bridge docker0 is gone: restarting dockerd (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do [[ -e /proc/$pid ]] || break; sleep 0.5; done
    [[ -e /proc/$pid ]] && die "dockerd (pid $pid) did not stop; stop it and run this script again"
  fi
fi
if ! docker info >/dev/null 2>&1; then
  clear_stale_pid /var/run/docker.pid dockerd
  clear_stale_pid /var/run/docker/containerd/containerd.pid containerd
  mkdir -p "$LAB_DIR"
  log "starting dockerd (log: $LAB_DIR/dockerd.log)"
  nohup dockerd >"$LAB_DIR/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || die "dockerd did not come up; see $LAB_DIR/dockerd.log"
fi
docker buildx version >/dev/null 2>&1 || die "docker buildx does not answer"

log "ready: docker $(docker version --format '{{.Server.Version}}' 2>/dev/null), buildx, qemu (${QEMU_ARCHES[*]}), docker-registry, skopeo"

#!/usr/bin/env bash
# Shared helpers for the project's scripts: a persistent local registry and the example's rootfs.
LAB_DIR=${MULTIARCH_LAB_DIR:-/var/lib/multiarch-lab}
REGISTRY_PORT=${MULTIARCH_REGISTRY_PORT:-5000}
LAB_REGISTRY=127.0.0.1:$REGISTRY_PORT

# Starts (once) a plain-HTTP registry on 127.0.0.1:$REGISTRY_PORT with storage in $LAB_DIR/registry.
lab_registry_start() {
  if curl -fsS "http://$LAB_REGISTRY/v2/" >/dev/null 2>&1; then return 0; fi
  mkdir -p "$LAB_DIR/registry"
  cat > "$LAB_DIR/registry/config.yml" <<CFG
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $LAB_DIR/registry/data}
  delete: {enabled: true}
http: {addr: $LAB_REGISTRY}
CFG
  nohup docker-registry serve "$LAB_DIR/registry/config.yml" >"$LAB_DIR/registry/registry.log" 2>&1 &
  for _ in $(seq 1 50); do curl -fsS "http://$LAB_REGISTRY/v2/" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "registry on $LAB_REGISTRY did not start; see $LAB_DIR/registry/registry.log" >&2
  return 1
}

# Copies the static busybox of each architecture into examples/hello/.rootfs/<arch><variant>/.
lab_example_rootfs() {
  local dir=$1 deb
  declare -A debian=([amd64]=amd64 [arm64]=arm64 [s390x]=s390x [ppc64le]=ppc64el [armv7]=armhf)
  for arch in "${!debian[@]}"; do
    deb=${debian[$arch]}
    install -D -m 0755 "$LAB_DIR/busybox/$deb/busybox" "$dir/.rootfs/$arch/busybox"
  done
}

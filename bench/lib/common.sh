# Shared shell half of the bench/ scripts (sourced by publish-bench.sh and build-bench.sh; bash only):
# logging, machine set-up + CLI build, a snapshot of the CLI, an isolated DOCKER_CONFIG, a private registry.
# Every function sets plain global variables (documented per function) so the scripts' clean-up traps can use them.

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

# bench_prepare_cli ROOT TMP
# Runs scripts/setup.sh (engine, buildx, qemu, registry, busybox), builds the CLI unless BENCH_SKIP_BUILD=1, then
# (unless BENCH_IN_PLACE=1) copies bin/multiarch, cli/target/multiarch-cli-*.jar and cli/target/lib/ into
# TMP/cli-snapshot: the same launcher and jars, with its own CDS archive (dumped by the first CLI run of the
# bench), so another build or CLI run on this machine cannot rebuild the jars or re-dump the archive halfway
# through the measurement.
# Sets: cli_home (the directory whose bin/multiarch is measured), cli_jar (its CLI jar).
bench_prepare_cli() {
  local root=$1 tmp=$2
  log "scripts/setup.sh"
  "$root/scripts/setup.sh"
  if [[ ${BENCH_SKIP_BUILD:-} != 1 ]]; then
    log "building the CLI (./mvnw -q -DskipTests install)"
    (cd "$root" && ./mvnw -q -DskipTests install)
  fi
  cli_jar=$(ls "$root"/cli/target/multiarch-cli-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n1 || true)
  [[ -n $cli_jar && -d $root/cli/target/lib ]] || die "no CLI jar in cli/target (build failed?)"
  cli_home=$root
  if [[ ${BENCH_IN_PLACE:-} != 1 ]]; then
    cli_home=$tmp/cli-snapshot
    mkdir -p "$cli_home/bin" "$cli_home/cli/target"
    cp "$root/bin/multiarch" "$cli_home/bin/"
    cp "$cli_jar" "$cli_home/cli/target/"
    cp -r "$root/cli/target/lib" "$cli_home/cli/target/"
    cli_jar=$cli_home/cli/target/$(basename "$cli_jar")
    log "measuring a snapshot of the CLI in $cli_home (BENCH_IN_PLACE=1 to use the working tree's)"
  fi
}

# bench_docker_config TMP
# Isolated docker config: no credentials needed (registry without auth), and `docker manifest` keeps its
# local manifest store here instead of ~/.docker. buildx is installed system-wide, so it stays visible.
# Exports: DOCKER_CONFIG, DOCKER_CLI_EXPERIMENTAL.
bench_docker_config() {
  export DOCKER_CONFIG=$1/docker-config
  mkdir -p "$DOCKER_CONFIG"
  printf '{"auths":{}}\n' > "$DOCKER_CONFIG/config.json"
  export DOCKER_CLI_EXPERIMENTAL=enabled # only needed for `docker manifest` on old clients; harmless on 28
}

# bench_registry_start TMP SERVICE
# Starts docker-registry (distribution 2.8.2, no auth, delete enabled, access log on) on a free loopback port,
# storage in TMP/data, config TMP/config.yml, log TMP/registry.log; waits until /v2/ answers.
# Sets: reg (127.0.0.1:PORT), registry_pid.
bench_registry_start() {
  local tmp=$1 service=$2 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  reg=127.0.0.1:$port
  cat > "$tmp/config.yml" <<EOF
version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: false
  fields:
    service: $service
storage:
  filesystem:
    rootdirectory: "$tmp/data"
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: $reg
  secret: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  headers:
    X-Content-Type-Options: [nosniff]
EOF
  log "starting docker-registry on $reg (log $tmp/registry.log)"
  # the packaged registry honours REGISTRY_* variables, which would override the config
  (
    for v in $(compgen -e | grep '^REGISTRY_' || true); do unset "$v"; done
    cd "$tmp" && exec docker-registry serve "$tmp/config.yml" </dev/null >"$tmp/registry.log" 2>&1
  ) &
  registry_pid=$!
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "http://$reg/v2/" 2>/dev/null && break
    kill -0 "$registry_pid" 2>/dev/null || { tail -n 20 "$tmp/registry.log" >&2; die "docker-registry exited"; }
    sleep 0.1
  done
  curl -fsS -o /dev/null "http://$reg/v2/" || { tail -n 20 "$tmp/registry.log" >&2; die "registry did not answer"; }
}

# bench_registry_stop: stops the registry bench_registry_start started (by its pid), if it still runs.
bench_registry_stop() {
  if [[ -n ${registry_pid:-} ]] && kill -0 "$registry_pid" 2>/dev/null; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
  fi
}

# bench_prune_build_cache TEXT
# Removes the engine's BuildKit cache records whose description contains TEXT (e.g. the file name only a bench's
# measured RUN step writes), so a bench that defeats the cache on purpose does not leave gigabytes of one-off
# layers behind on a shared machine; other records are left alone. The 20.10 engine takes one value per prune
# filter but matches `id` as a regular expression: the IDs go in batches as ^(a|b|...)$.
bench_prune_build_cache() {
  local text=$1 batches batch n=0
  # one line per batch of up to 100 IDs, joined with |
  batches=$(docker buildx du --verbose 2>/dev/null | TEXT=$text python3 -c '
import os, re, sys
ids = []
for rec in sys.stdin.read().split("\n\n"):
    i = re.search(r"^ID:\s*(\S+)", rec, re.M)
    d = re.search(r"^Description:\s*(.*)$", rec, re.M)
    if i and d and os.environ["TEXT"] in d.group(1):
        ids.append(i.group(1))
for k in range(0, len(ids), 100):
    print("|".join(ids[k:k + 100]))') || return 0
  while read -r batch; do
    [[ -n $batch ]] || continue
    if docker builder prune -f --filter "id=\"^($batch)\$\"" >/dev/null 2>&1; then
      n=$((n + $(tr '|' '\n' <<<"$batch" | wc -l)))
    fi
  done <<<"$batches"
  ((n == 0)) || log "pruned $n build-cache record(s) whose description contains '$text'"
}

# bench_remove_or_keep TMP WHAT
# Removes the bench's temp dir, or with BENCH_KEEP=1 keeps it and says what it holds (WHAT).
bench_remove_or_keep() {
  if [[ ${BENCH_KEEP:-} == 1 ]]; then
    log "kept $1 ($2)"
  else
    rm -rf "$1"
  fi
}

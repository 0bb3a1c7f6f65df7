#!/usr/bin/env bash
# Benchmark (not a test) of `multiarch push-manifest` against its peers: publishes the same 3-platform list
# (linux/amd64, linux/arm64, linux/s390x; FROM scratch + static busybox) with
#   (a) bin/multiarch push-manifest --platforms ... --template REG/bench/app-ARCH:1.0
#   (b) docker buildx imagetools create -t ...
#   (c) docker manifest create --insecure ... --amend  +  docker manifest push --insecure --purge ...
# interleaved run by run (a b c a b c ...), each as a fresh process; then the engine's publish warm inside
# one JVM (bench/java/WarmPublish.java, driven over stdin), interleaved again with (b) and (c) so the warm
# ratio compares runs made under the same machine load; counts blob uploads vs cross-repository mounts
# from the registry's access log. Prints a table with the ratios and PASS/MISS per target; writes
# bench/out/publish-bench.json. Needs python3 (timing with time.perf_counter, a monotonic clock).
#
# Usage (as root: it runs scripts/setup.sh, which installs and starts the Docker engine):
#   bench/publish-bench.sh
# Environment:
#   BENCH_RUNS=15          timed runs per tool (and per warm-JVM phase)
#   BENCH_WARMUPS=2        untimed CLI runs per tool before the timed ones
#   BENCH_JVM_WARMUPS=5    untimed publishes inside the JVM before its timed ones
#   BENCH_TARGET_MODE=repo where each run publishes (the same scheme for every tool):
#                          repo = a fresh repository per run (bench/list-mt-rN:1.0): every run does the whole
#                                 job (mount config+layers, push 3 image manifests, push the list) - default;
#                          tag  = one repository per tool, a fresh tag per run (bench/list-mt:rN): after the
#                                 first run the images are present, later runs push just the list;
#                          same = one repository and tag per tool for every run (re-publishing).
#   BENCH_PROBE=auto       start-up probe (bench/java/StartupProbe.java: picocli, Jackson, publish,
#                          exit, each alone in a fresh JVM with the CLI's options and CDS archive) and class-source
#                          counts: auto = only when the cold-CLI target is missed, 1 = always, 0 = never
#   BENCH_PROBE_RUNS=5     fresh JVMs per probe mode
#   BENCH_SKIP_BUILD=1     do not run ./mvnw install (use the CLI as built)
#   BENCH_IN_PLACE=1       run bin/multiarch of the working tree itself. Default: a snapshot of bin/multiarch,
#                          cli/target/multiarch-cli-*.jar and cli/target/lib/ taken right after the build, in the
#                          temp dir (same launcher, same jars, its own CDS archive dumped by the first warm-up
#                          push-manifest), so another build or CLI run on this machine cannot rebuild the jars or
#                          re-dump the archive halfway through the measurement, and the bench leaves
#                          cli/target/multiarch-NN.aot (or .jsa) alone
#   BENCH_KEEP=1           keep the registry's temp dir (config, storage, log) and print where it is
#   JAVA                   java for the warm JVM and the CLI (default: java on PATH)
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/.." && pwd)
RUNS=${BENCH_RUNS:-15}
WARMUPS=${BENCH_WARMUPS:-2}
JVM_WARMUPS=${BENCH_JVM_WARMUPS:-5}
MODE=${BENCH_TARGET_MODE:-repo}
PROBE=${BENCH_PROBE:-auto}
PROBE_RUNS=${BENCH_PROBE_RUNS:-5}
JAVA=${JAVA:-java}
LAB_DIR=${MULTIARCH_LAB_DIR:-/var/lib/multiarch-lab}
ARCHES=(amd64 arm64 s390x)

# shellcheck source=lib/common.sh
. "$here/lib/common.sh" # log, die, bench_prepare_cli, bench_docker_config, bench_registry_start/stop

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive number: $RUNS"
[[ $WARMUPS =~ ^[0-9]+$ ]] || die "BENCH_WARMUPS must be a number: $WARMUPS"
[[ $JVM_WARMUPS =~ ^[0-9]+$ ]] || die "BENCH_JVM_WARMUPS must be a number: $JVM_WARMUPS"
[[ $MODE == repo || $MODE == tag || $MODE == same ]] || die "BENCH_TARGET_MODE must be repo, tag or same: $MODE"
[[ $PROBE == auto || $PROBE == 1 || $PROBE == 0 ]] || die "BENCH_PROBE must be auto, 1 or 0: $PROBE"
[[ $PROBE_RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_PROBE_RUNS must be a positive number: $PROBE_RUNS"

# ---------------------------------------------------------------- clean-up (registry, temp dir, local tags)
tmp=$(mktemp -d /tmp/publish-bench.XXXXXX)
chmod 0700 "$tmp"
registry_pid=
reg=
cleanup() {
  local rc=$?
  bench_registry_stop
  if [[ -n $reg ]]; then
    for a in "${ARCHES[@]}"; do docker rmi "$reg/bench/app-$a:1.0" >/dev/null 2>&1 || true; done
  fi
  bench_remove_or_keep "$tmp" "registry.log, config.yml, data/"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- machine + CLI
bench_prepare_cli "$root" "$tmp"  # sets cli_home, cli_jar
bench_docker_config "$tmp"

# ---------------------------------------------------------------- registry (distribution 2.8.2, no auth)
bench_registry_start "$tmp" publish-bench  # sets reg, registry_pid

# ---------------------------------------------------------------- the three per-arch source images
for a in "${ARCHES[@]}"; do
  bb=$LAB_DIR/busybox/$a/busybox # Debian arch names: amd64, arm64, s390x
  [[ -x $bb ]] || die "static busybox for $a missing at $bb (scripts/setup.sh installs it)"
  ctx=$tmp/ctx-$a
  mkdir -p "$ctx"
  cp "$bb" "$ctx/busybox"
  cat > "$ctx/Dockerfile" <<EOF
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox --install -s /bin && mkdir -p /etc && echo linux/$a > /etc/multiarch-platform"]
LABEL io.multiarch.bench.platform="linux/$a"
EOF
  log "building and pushing $reg/bench/app-$a:1.0"
  if ! docker buildx build --platform "linux/$a" --push --progress plain -t "$reg/bench/app-$a:1.0" "$ctx" \
      >"$tmp/build-$a.log" 2>&1; then
    tail -n 30 "$tmp/build-$a.log" >&2
    die "building linux/$a failed (qemu binfmt registered? scripts/setup.sh)"
  fi
done

# ---------------------------------------------------------------- warm-JVM program and start-up probe
log "compiling bench/java/WarmPublish.java and StartupProbe.java"
cp_cli="$cli_jar:$cli_home/cli/target/lib/*"
mkdir -p "$tmp/classes"
javac -d "$tmp/classes" -cp "$cp_cli" "$here/java/WarmPublish.java" "$here/java/StartupProbe.java"

# ---------------------------------------------------------------- measure + report
python3 "$here/lib/publish_bench.py" --root "$cli_home" --registry "$reg" --log "$tmp/registry.log" \
  --runs "$RUNS" --warmups "$WARMUPS" --jvm-warmups "$JVM_WARMUPS" --mode "$MODE" \
  --arches "$(IFS=,; echo "${ARCHES[*]}")" --jvm-cp "$tmp/classes:$cp_cli" --java "$JAVA" \
  --out "$here/out/publish-bench.json" \
  --probe "$PROBE" --probe-classes "$tmp/classes" --probe-runs "$PROBE_RUNS" --tmp "$tmp"

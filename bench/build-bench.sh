#!/usr/bin/env bash
# Benchmark (not a test) of `multiarch build` against the tutorial's flow, 4 platforms (linux/amd64 native;
# linux/arm64, linux/s390x, linux/ppc64le under qemu), FROM scratch + static busybox, registry on loopback.
#
# Workload "compute": a RUN that really computes (BENCH_COMPUTE_MIB MiB of /dev/urandom through gzip), timed
#   (a) the tutorial's flow (bench/lib/tutorial_flow.sh: its Build_And_Push_Images.sh, adapted to buildx since the
#       engine's classic builder has no --platform): for each platform in turn `docker buildx build --platform P -t REG/bench/tut-ARCH:TAG --push`,
#       then `docker manifest create --insecure`, `docker manifest annotate --os linux --arch ARCH` per platform,
#       `docker manifest push --insecure --purge` - sequential, like the tutorial;
#   (b) `multiarch build --image REG/bench/ma-compute --tag TAG --platforms ... --context CTX` (probes emulation,
#       builds the platforms in parallel, pushes, publishes the verified list);
#   interleaved run by run (a b e a b e ...). Target: median (b) <= 0.7 x median (a).
# Workload "sleep": a RUN that sleeps BENCH_SLEEP_SECONDS (waits, does not compute: isolates multiarch's own overhead
#   from the 2 cores' contention), timed
#   (c) `multiarch build` of the 4 platforms, and
#   (d) each platform built alone with exactly the single-platform command multiarch runs (taken from its log:
#       `docker buildx build --progress plain --platform P --tag ... --provenance=false --push --metadata-file F CTX`),
#   interleaved (c d d d d e c d d d d e ...). Target: median (c) <= median(slowest (d) of each run) x 1.10 + 1.5 s.
# (e), for information in both workloads: the same 4 single-platform commands started together, bare (no JVM, no
#   probe, no read-back, no list): what the engine itself gives 4 concurrent builds here - the floor for any tool.
# Every run builds for real: a --build-arg BENCH_RUN=<nonce>-<flow>-<run>, consumed by an ARG right before the RUN,
# busts the build cache at that step (same mechanism for every flow; the COPY/--install steps above stay cached for
# all; each build's output is checked for the step having run, not come from the cache), and every run pushes to a
# fresh tag; each published list is read back and checked for its 4 platforms. After the timed runs, BENCH_PROFILE_RUNS more multiarch runs per workload go
# through a `docker` shim on PATH that logs each docker call it makes (start, end), which splits multiarch's time
# into JVM start, engine capabilities, emulation probe, builds, read-back + publish, exit.
# Prints a table with the ratios and PASS/MISS per target; writes bench/out/build-bench.json. At exit it stops its
# registry, removes its temp dir, the local tags its builds left in the engine and the build-cache records of its
# measured RUN steps.
# Timing: python3 time.perf_counter (monotonic).
#
# Usage (as root: it runs scripts/setup.sh, which installs and starts the Docker engine):
#   bench/build-bench.sh
# Environment:
#   BENCH_RUNS=3               timed runs per flow
#   BENCH_WARMUPS=1            untimed runs per flow first (the snapshot's first CLI run also trains its class-data
#                              archive: bin/multiarch does that whenever the archive is missing or older than a jar)
#   BENCH_WORKLOADS=compute,sleep   which workloads to run
#   BENCH_COMPUTE_MIB=16       MiB of random data gzipped by the compute RUN (environment.md's measurement size)
#   BENCH_SLEEP_SECONDS=4      seconds the sleep RUN waits
#   BENCH_PROFILE_RUNS=2       multiarch runs per workload through the docker shim (0: none)
#   BENCH_QUIET_CPU=0.25       before each timed command, wait until the machine's CPU is at most this busy (fraction
#                              of all cores, 0.5 s samples) - this machine is shared; 1 turns the wait off
#   BENCH_QUIET_WAIT=90        ... but at most this many seconds (then measure anyway and count it in the report)
#   BENCH_SKIP_BUILD=1         do not run ./mvnw install (use the CLI as built)
#   BENCH_IN_PLACE=1           run bin/multiarch of the working tree itself. Default: a snapshot of bin/multiarch,
#                              cli/target/multiarch-cli-*.jar and cli/target/lib/ in the temp dir (own class archive),
#                              so a concurrent rebuild of the CLI cannot disturb the measurement
#   BENCH_OUT=FILE             where the JSON goes (default bench/out/build-bench.json)
#   BENCH_KEEP=1               keep the temp dir (registry config/storage/log, contexts, multiarch logs, shim log)
#   JAVA                       java for the CLI (bin/multiarch's own default: an installed Java 25+, else java on PATH)
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=lib/common.sh
. "$here/lib/common.sh" # log, die, bench_prepare_cli, bench_docker_config, bench_registry_start/stop
RUNS=${BENCH_RUNS:-3}
WARMUPS=${BENCH_WARMUPS:-1}
WORKLOADS=${BENCH_WORKLOADS:-compute,sleep}
COMPUTE_MIB=${BENCH_COMPUTE_MIB:-16}
SLEEP_SECONDS=${BENCH_SLEEP_SECONDS:-4}
PROFILE_RUNS=${BENCH_PROFILE_RUNS:-2}
QUIET_CPU=${BENCH_QUIET_CPU:-0.25}
QUIET_WAIT=${BENCH_QUIET_WAIT:-90}
OUT=${BENCH_OUT:-$here/out/build-bench.json}
LAB_DIR=${MULTIARCH_LAB_DIR:-/var/lib/multiarch-lab}
PLATFORMS=(linux/amd64 linux/arm64 linux/s390x linux/ppc64le)

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive number: $RUNS"
[[ $WARMUPS =~ ^[0-9]+$ ]] || die "BENCH_WARMUPS must be a number: $WARMUPS"
[[ $COMPUTE_MIB =~ ^[1-9][0-9]*$ ]] || die "BENCH_COMPUTE_MIB must be a positive number: $COMPUTE_MIB"
[[ $SLEEP_SECONDS =~ ^[0-9]+([.][0-9]+)?$ ]] || die "BENCH_SLEEP_SECONDS must be a number: $SLEEP_SECONDS"
[[ $PROFILE_RUNS =~ ^[0-9]+$ ]] || die "BENCH_PROFILE_RUNS must be a number: $PROFILE_RUNS"
[[ $QUIET_CPU =~ ^[01]([.][0-9]+)?$ ]] || die "BENCH_QUIET_CPU must be a fraction between 0 and 1: $QUIET_CPU"
[[ $QUIET_WAIT =~ ^[0-9]+$ ]] || die "BENCH_QUIET_WAIT must be a number of seconds: $QUIET_WAIT"
[[ $WORKLOADS =~ ^(compute|sleep)(,(compute|sleep))?$ ]] || die "BENCH_WORKLOADS must be compute, sleep or both: $WORKLOADS"

# ---------------------------------------------------------------- clean-up (registry, temp dir, local tags, cache)
tmp=$(mktemp -d /tmp/build-bench.XXXXXX)
chmod 0700 "$tmp"
registry_pid=
reg=
cleanup() {
  local rc=$?
  bench_registry_stop
  if [[ -n $reg ]]; then
    # the docker driver loads every image it builds into the engine: drop the tags this run made (its registry's
    # port is unique to this run, so nothing else carries these names)
    docker images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -F "$reg/" | grep -v ':<none>$' \
      | xargs -r docker rmi >/dev/null 2>&1 || true
  fi
  # every run defeats the cache on purpose: drop the one-off layers of the measured RUN steps (only this bench's
  # Dockerfiles write /bench-run), not the rest of the engine's cache
  bench_prune_build_cache /bench-run || true
  bench_remove_or_keep "$tmp" "registry.log, config.yml, data/, ctx-*/, jtmp/ (multiarch logs), docker-shim.log"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- machine + CLI + registry
bench_prepare_cli "$root" "$tmp"  # sets cli_home, cli_jar
bench_docker_config "$tmp"
bench_registry_start "$tmp" build-bench  # sets reg, registry_pid

# ---------------------------------------------------------------- build contexts (like examples/hello)
# .rootfs/<TARGETARCH>/busybox per platform; an ARG BENCH_RUN right before the measured RUN busts the cache there.
declare -A debian=([amd64]=amd64 [arm64]=arm64 [s390x]=s390x [ppc64le]=ppc64el)
for w in compute sleep; do
  ctx=$tmp/ctx-$w
  for p in "${PLATFORMS[@]}"; do
    a=${p#linux/}
    bb=$LAB_DIR/busybox/${debian[$a]}/busybox
    [[ -x $bb ]] || die "static busybox for $a missing at $bb (scripts/setup.sh installs it)"
    install -D -m 0755 "$bb" "$ctx/.rootfs/$a/busybox"
  done
  if [[ $w == compute ]]; then
    work="dd if=/dev/urandom bs=1M count=$COMPUTE_MIB 2>/dev/null | gzip > /data.gz"
  else
    work="sleep $SLEEP_SECONDS"
  fi
  cat > "$ctx/Dockerfile" <<EOF
FROM scratch
ARG TARGETARCH
COPY .rootfs/\${TARGETARCH}/busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ARG BENCH_RUN=0
RUN echo "\$BENCH_RUN" > /bench-run && $work
EOF
done

# ---------------------------------------------------------------- docker shim for the profile runs
# Logs "start end exit-code argv" of every docker call (bash's EPOCHREALTIME: wall clock, microseconds) and passes
# everything through; only on PATH for the profile runs.
real_docker=$(command -v docker)
mkdir -p "$tmp/shim" "$tmp/jtmp"
cat > "$tmp/shim/docker" <<EOF
#!/usr/bin/env bash
s=\$EPOCHREALTIME
"$real_docker" "\$@"
rc=\$?
printf '%s %s %s %s\n' "\$s" "\$EPOCHREALTIME" "\$rc" "\$*" >> "\${BENCH_SHIM_LOG:?}"
exit \$rc
EOF
chmod 0755 "$tmp/shim/docker"

# ---------------------------------------------------------------- measure + report
mkdir -p "$(dirname "$OUT")"
python3 "$here/lib/build_bench.py" --root "$cli_home" --registry "$reg" --tmp "$tmp" \
  --runs "$RUNS" --warmups "$WARMUPS" --workloads "$WORKLOADS" --profile-runs "$PROFILE_RUNS" \
  --platforms "$(IFS=,; echo "${PLATFORMS[*]}")" --compute-mib "$COMPUTE_MIB" --sleep-seconds "$SLEEP_SECONDS" \
  --shim-dir "$tmp/shim" --quiet-cpu "$QUIET_CPU" --quiet-wait "$QUIET_WAIT" --out "$OUT"

#!/usr/bin/env bash
# The tutorial's flow (seed: "Building your multi-arch images", its Build_And_Push_Images.sh), for one image:
# build and push each platform in turn, then create the list, annotate every entry, push the list with purge.
# Adapted to this machine: the 20.10 engine's classic builder has no --platform, so each per-arch build is
# `docker buildx build --platform P ... --push` (build, then push of that image, in one command); the registry is
# plain HTTP on loopback (--insecure); no --pull (FROM scratch, no Docker Hub); one version tag (LATEST=false).
# Used by bench/build-bench.sh (bench/lib/build_bench.py times the whole command).
#
# Usage: tutorial_flow.sh REGISTRY CONTEXT TAG BENCH_RUN PLATFORM... 
# Output: one line per step on stdout, "step NAME SECONDS" (bash EPOCHREALTIME); build output goes to stderr.
set -euo pipefail

tutorial_flow() {
  local reg=$1 ctx=$2 tag=$3 run=$4
  shift 4
  local p arch t0 images=() list=$reg/bench/tut:$tag
  for p in "$@"; do
    arch=${p#linux/}
    t0=$EPOCHREALTIME
    docker buildx build --platform "$p" -t "$reg/bench/tut-$arch:$tag" --build-arg "BENCH_RUN=$run" --push "$ctx" >&2
    step "build+push $p" "$t0"
    images+=("$reg/bench/tut-$arch:$tag")
  done
  t0=$EPOCHREALTIME
  docker manifest create --insecure "$list" "${images[@]}" >&2
  for p in "$@"; do
    arch=${p#linux/}
    docker manifest annotate "$list" "$reg/bench/tut-$arch:$tag" --os linux --arch "$arch" >&2
  done
  docker manifest push --insecure --purge "$list" >&2
  step "manifest create+annotate+push" "$t0"
}

step() {
  # microseconds as integers: bash has no floating point
  local now=${EPOCHREALTIME/./} start=${2/./}
  printf 'step %s %d.%06d\n' "${1// /_}" $(((now - start) / 1000000)) $(((now - start) % 1000000))
}

tutorial_flow "$@"

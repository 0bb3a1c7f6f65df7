#!/usr/bin/env bash
# The main job on local defaults: sets up the lab, starts a local registry on 127.0.0.1:5000,
# builds the example app (examples/hello) for linux/amd64, arm64, s390x and ppc64le with
# 'multiarch build' (amd64 native, the others under qemu), publishes
# the manifest list as 127.0.0.1:5000/demo/hello:1.0 and :latest, shows it, and runs it per platform.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
scripts/setup.sh
# shellcheck source=scripts/lab.sh
source scripts/lab.sh
lab_registry_start
lab_example_rootfs "$here/examples/hello"

platforms=linux/amd64,linux/arm64,linux/s390x,linux/ppc64le
image=$LAB_REGISTRY/demo/hello
report=${MULTIARCH_DEMO_REPORT:-$here/.multiarch/demo-report}
echo "== building and publishing $image:1.0 for $platforms"
bin/multiarch build --image "$image" --tag 1.0 --tag latest --platforms "$platforms" \
  --context examples/hello --report "$report"

echo "== what the registry holds"
bin/multiarch inspect "$image:1.0"
echo "== running it on each platform"
for p in ${platforms//,/ }; do
  docker run --rm --pull always --quiet --platform "$p" "$image:1.0"
done
echo "== report: $report/report.html (JSON: report.json, JUnit: junit.xml, logs: logs/)"

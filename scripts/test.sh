#!/usr/bin/env bash
# Runs every test: sets up the lab (Docker engine, buildx, qemu, registry, skopeo), then the
# Maven build with unit tests (surefire) and integration tests against the real things (failsafe).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec ./mvnw -B -ntp verify "$@"

#!/usr/bin/env bash
# Runs the fault-injection suite (bench/chaos.ts) on a local cluster of its own, then stops it.
# Flags pass through, e.g.: bash scripts/chaos.sh --rounds 3   (or --short for the CI subset)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
export NEXT_TELEMETRY_DISABLED=1 PODSCOPE_CLUSTER_DIR="$PWD/.local-cluster-chaos"
bash local-cluster/scripts/build.sh
trap 'node local-cluster/cli.ts down >/dev/null 2>&1 || true' EXIT
node bench/chaos.ts "$@"

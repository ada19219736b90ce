#!/usr/bin/env bash
# Runs the benchmark (bench/run.ts) on a local cluster of its own in scale mode, then stops it.
# Flags pass through, e.g.: bash scripts/bench.sh --pods 2000 --namespaces 50 --nodes 20
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
export NEXT_TELEMETRY_DISABLED=1 PODSCOPE_CLUSTER_DIR="$PWD/.local-cluster-bench"
bash local-cluster/scripts/build.sh
trap 'node local-cluster/cli.ts down >/dev/null 2>&1 || true' EXIT
node bench/run.ts "$@"

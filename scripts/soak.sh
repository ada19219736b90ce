#!/usr/bin/env bash
# Runs the soak (bench/soak.ts) on a local cluster of its own, then stops it.
# Flags pass through, e.g.: bash scripts/soak.sh --minutes 5 --clients 20
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
export NEXT_TELEMETRY_DISABLED=1 PODSCOPE_CLUSTER_DIR="$PWD/.local-cluster-soak"
bash local-cluster/scripts/build.sh
trap 'node local-cluster/cli.ts down >/dev/null 2>&1 || true' EXIT
node bench/soak.ts "$@"

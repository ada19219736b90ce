#!/usr/bin/env bash
# Runs one of the measuring scripts on a local cluster of its own (state in .local-cluster-<name>),
# then stops that cluster however the script ended. Flags after the script pass through.
#   bash scripts/own-cluster.sh bench bench/run.ts --pods 2000 --namespaces 50 --nodes 20
#   bash scripts/own-cluster.sh chaos bench/chaos.ts --rounds 3
#   bash scripts/own-cluster.sh soak  bench/soak.ts --minutes 5 --clients 20
set -euo pipefail
name=$1 script=$2
shift 2
cd "$(dirname "$0")/.."
. scripts/setup.sh
export NEXT_TELEMETRY_DISABLED=1 PODSCOPE_CLUSTER_DIR="$PWD/.local-cluster-$name"
bash local-cluster/scripts/build.sh
trap 'node local-cluster/cli.ts down >/dev/null 2>&1 || true' EXIT
node "$script" "$@"

#!/usr/bin/env bash
# Installs what Podscope needs and runs the dashboard on http://127.0.0.1:${PORT:-3000}.
# With no kubeconfig (or PODSCOPE_DEMO=1) it first builds and starts the built-in local demo
# cluster (real kube-apiserver, scheduler, controller-manager; simulated nodes) with every
# failure scenario applied.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
export NEXT_TELEMETRY_DISABLED=1

have_kubeconfig=0
if [ -n "${KUBECONFIG:-}" ]; then
  IFS=: read -ra files <<<"$KUBECONFIG"
  for f in "${files[@]}"; do [ -f "$f" ] && have_kubeconfig=1; done
elif [ -f "$HOME/.kube/config" ]; then
  have_kubeconfig=1
fi

if [ "${PODSCOPE_DEMO:-0}" = 1 ] || [ "$have_kubeconfig" = 0 ]; then
  echo "podscope: no kubeconfig found; starting the built-in local demo cluster (first run builds it: several minutes)"
  node local-cluster/cli.ts up --scenarios
  export KUBECONFIG="$PWD/.local-cluster/kubeconfig"
fi

if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib server -newer .next/BUILD_ID -type f -print -quit)" ]; then
  npx next build
fi
echo "podscope: open http://127.0.0.1:${PORT:-3000}  (Ctrl-C stops the dashboard; 'npm run cluster:down' stops the demo cluster)"
# the first readiness probe starts the flight recorder (it records every pod and event from then on)
(for _ in $(seq 120); do node -e "fetch('http://127.0.0.1:${PORT:-3000}/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" && break; sleep 1; done) &
# (a young generation of 16 MB, not 64: see "Memory" in the README)
exec node --max-semi-space-size=8 server/main.ts --hostname 127.0.0.1 --port "${PORT:-3000}"

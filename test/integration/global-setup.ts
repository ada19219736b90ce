// Brings the real local control plane up (building binaries on first use), applies every
// scenario, and takes it down afterwards if this run started it.
import { down, readState, up } from '../../local-cluster/lib/cluster.ts';
import { execFileSync } from 'node:child_process';
import { CLUSTER_DIR } from '../../local-cluster/lib/paths.ts';
import { applyScenarios } from '../../local-cluster/sim/scenarios.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const wasUp = readState() !== undefined;
  execFileSync('bash', [`${CLUSTER_DIR}/scripts/build.sh`], { stdio: 'inherit' });
  await up({ log: (l) => console.log(l) });
  await applyScenarios([]);
  return async () => {
    if (!wasUp && process.env.PODSCOPE_KEEP_CLUSTER !== '1') await down({ log: (l) => console.log(l) });
  };
}

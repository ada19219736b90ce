import { mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { up } from '../local-cluster/lib/cluster.ts';
import { CLUSTER_DIR } from '../local-cluster/lib/paths.ts';
import { applyScenarios } from '../local-cluster/sim/scenarios.ts';
import { startAppServer } from './app-server.ts';
import { controlPlaneSettled } from '../test/support/local-cluster.ts';

export default async function globalSetup(): Promise<void> {
  mkdirSync('test-results', { recursive: true });
  execFileSync('bash', [`${CLUSTER_DIR}/scripts/build.sh`], { stdio: 'inherit' });
  await up({ log: (l) => console.log(l) });
  await applyScenarios([]);
  // (the integration tests before this restart the API server; start from a settled cluster)
  await controlPlaneSettled();
  const { url } = await startAppServer();
  process.env.PODSCOPE_E2E_URL = url;
  console.log(`e2e: Podscope at ${url}`);
}

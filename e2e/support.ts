// Helpers for browser tests: kubectl and the API server's own view of pods, for comparison.
export { kubectl } from '../local-cluster/lib/kubectl.ts';
export { podTable } from '../test/support/local-cluster.ts';
import { kubectl } from '../local-cluster/lib/kubectl.ts';

export async function podNames(namespace: string, selector?: string): Promise<string[]> {
  const r = await kubectl([
    '-n',
    namespace,
    'get',
    'pods',
    '-o',
    'jsonpath={.items[*].metadata.name}',
    ...(selector ? ['-l', selector] : []),
  ]);
  return r.stdout.split(' ').filter(Boolean);
}

export const uniq = (p: string) => `${p}-${Date.now().toString(36)}`;

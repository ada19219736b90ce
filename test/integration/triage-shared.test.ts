// The triage board is computed once per (cluster, identity, scope) and shared: a second tab gets
// the current incidents at once, the very same computation, not a second pass over every pod.
import { describe, expect, it } from 'vitest';
import type { Incident } from '@/lib/triage/incidents';
import { paths } from '../../local-cluster/lib/paths.ts';
import { eventually } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const { startTriage } = await import('@/server/triage/board');
const { LOCAL } = await import('@/server/auth/identity');

describe('shared triage board', () => {
  it("a second subscriber gets the first one's incidents immediately", async () => {
    let first: Incident[] | undefined;
    const a = startTriage(
      'podscope-local',
      LOCAL,
      undefined,
      (i) => {
        first = i;
      },
      () => {},
    );
    try {
      const incidents = await eventually('the first board', async () => (first?.length ? first : undefined), 60_000, 200);
      expect(incidents.some((i) => i.findingId.startsWith('crash.'))).toBe(true);
      let second: Incident[] | undefined;
      const b = startTriage(
        'podscope-local',
        LOCAL,
        undefined,
        (i) => {
          second = i;
        },
        () => {},
      );
      expect(second).toBe(first); // delivered during subscribe, the same computed array
      b.stop();
    } finally {
      a.stop();
    }
  });
});

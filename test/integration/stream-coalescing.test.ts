// A stream coalesces each subscription's changes on its own: a burst on one subscription (the
// badges of a diagnosis pass) must not hold back another's first change (the row on screen).
// With PODSCOPE_FLUSH_MS at 3 s, a change in namespace B right after one in namespace A goes out
// at once, not when A's coalescing window ends; a second change in A inside the window waits.
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@/lib/api/stream';
import { paths } from '../../local-cluster/lib/paths.ts';
import { createNamespace, eventually, kubectl } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
process.env.PODSCOPE_FLUSH_MS = '3000';
const { LOCAL, principalOf } = await import('@/server/auth/identity');
const { Session } = await import('@/server/stream/session');
const CTX = 'podscope-local';
const A = 'coalesce-a';
const B = 'coalesce-b';

afterAll(async () => {
  await kubectl(['delete', 'namespace', A, B, '--wait=false', '--ignore-not-found']);
});

describe('stream coalescing', () => {
  it("is per subscription: one subscription's window does not delay another's first change", async () => {
    for (const ns of [A, B]) {
      await kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=true']);
      await createNamespace(ns);
    }
    const got: { at: number; m: ServerMessage }[] = [];
    const s = new Session(
      `coalesce-${Math.random()}`,
      principalOf(LOCAL),
      (m) => {
        // (a snapshot may come as pre-encoded frame chunks)
        const msg = Array.isArray(m)
          ? (JSON.parse(
              Buffer.concat(m)
                .toString()
                .replace(/^data: /, ''),
            ) as ServerMessage)
          : m;
        got.push({ at: Date.now(), m: msg });
        return true;
      },
      () => {},
    );
    try {
      s.subscribe('a', { context: CTX, resource: 'pods', namespace: A, view: 'rows' });
      s.subscribe('b', { context: CTX, resource: 'pods', namespace: B, view: 'rows' });
      await eventually('both snapshots', async () => got.filter((g) => g.m.type === 'snapshot').length === 2 || undefined, 30_000, 50);
      const deltasOf = (sub: string) => got.filter((g) => g.m.type === 'deltas' && g.m.sub === sub);

      // a change in A goes out at once (leading edge) and opens A's 3 s window
      await kubectl(['-n', A, 'run', 'one', '--image=registry.local/app:1.0']);
      await eventually("A's first delta", async () => deltasOf('a').length > 0 || undefined, 10_000, 20);
      const aFirst = deltasOf('a')[0].at;

      // a change in B inside A's window: out at once too
      const bSent = Date.now();
      await kubectl(['-n', B, 'run', 'two', '--image=registry.local/app:1.0']);
      await eventually("B's first delta", async () => deltasOf('b').length > 0 || undefined, 10_000, 20);
      const bFirst = deltasOf('b')[0].at;
      expect(bFirst - aFirst).toBeLessThan(3000);
      expect(bFirst - bSent).toBeLessThan(1500);

      // and A still coalesces: a second pod in A inside its window goes out when the window ends
      const aCount = deltasOf('a').length;
      await kubectl(['-n', A, 'run', 'three', '--image=registry.local/app:1.0']);
      const later = await eventually(
        "A's next delta",
        async () =>
          deltasOf('a')
            .slice(aCount)
            .find((d) => JSON.stringify(d.m).includes('"three"')),
        15_000,
        20,
      );
      expect(later.at - aFirst).toBeGreaterThanOrEqual(2900);
    } finally {
      s.close();
    }
  });
});

describe('a shared snapshot encoding', () => {
  it('a later subscriber gets the shared encoding plus what changed since, and ends with the truth', async () => {
    const C = 'coalesce-c';
    await kubectl(['delete', 'namespace', C, '--ignore-not-found', '--wait=true']);
    await createNamespace(C);
    for (const n of ['p1', 'p2']) await kubectl(['-n', C, 'run', n, '--image=registry.local/app:1.0']);
    const open = (name: string) => {
      const got: ServerMessage[] = [];
      const s = new Session(
        `${name}-${Math.random()}`,
        principalOf(LOCAL),
        (m) => {
          got.push(
            Array.isArray(m)
              ? (JSON.parse(
                  Buffer.concat(m)
                    .toString()
                    .replace(/^data: /, ''),
                ) as ServerMessage)
              : m,
          );
          return true;
        },
        () => {},
      );
      s.subscribe('c', { context: CTX, resource: 'pods', namespace: C, view: 'rows' });
      return { s, got };
    };
    /** the keys a browser would hold after these messages */
    const view = (got: ServerMessage[]) => {
      const keys = new Set<string>();
      for (const m of got) {
        if (m.type === 'snapshot') {
          keys.clear();
          for (const i of m.items as { key: string }[]) keys.add(i.key);
        } else if (m.type === 'deltas') {
          for (const k of m.deletes) keys.delete(k);
          for (const i of m.upserts as { key: string }[]) keys.add(i.key);
        }
      }
      return [...keys].sort();
    };
    const first = open('first');
    const second = { s: undefined as InstanceType<typeof Session> | undefined, got: [] as ServerMessage[] };
    try {
      await eventually('the first snapshot with both pods', async () => view(first.got).length === 2 || undefined, 30_000, 50);
      await kubectl(['-n', C, 'delete', 'pod', 'p1', '--grace-period=0', '--force']);
      await kubectl(['-n', C, 'run', 'p3', '--image=registry.local/app:1.0']);
      const truth = [`${C}/p2`, `${C}/p3`];
      await eventually(
        'the first stream following',
        async () => JSON.stringify(view(first.got)) === JSON.stringify(truth) || undefined,
        20_000,
        50,
      );
      Object.assign(second, open('second'));
      await eventually(
        'the second stream right',
        async () => JSON.stringify(view(second.got)) === JSON.stringify(truth) || undefined,
        10_000,
        50,
      );
      // (it came from the shared encoding made before the changes: the path under test)
      const snap = second.got.find((m) => m.type === 'snapshot') as { items: { key: string }[] } | undefined;
      expect(snap?.items.map((i) => i.key).sort()).toEqual([`${C}/p1`, `${C}/p2`]);
    } finally {
      first.s.close();
      second.s?.close();
      await kubectl(['delete', 'namespace', C, '--wait=false']);
    }
  });
});

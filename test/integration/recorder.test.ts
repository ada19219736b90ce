// The flight recorder: transitions observed on the real cluster are stored, survive a restart of
// Podscope (a fresh store over the same file), age out by retention, and a read-only data
// directory pauses recording without breaking anything. Usage samples too.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { paths } from '../../local-cluster/lib/paths.ts';
import { applyScenarioCopy } from '../../local-cluster/sim/scenarios.ts';
import { eventually, kubectl, podTable } from '../support/local-cluster.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'podscope-data-'));
process.env.PODSCOPE_DATA_DIR = dataDir;
process.env.KUBECONFIG = paths.kubeconfig;
const { RESOURCES } = await import('@/lib/k8s/resources');
const { Reflector } = await import('@/server/watch/reflector');
const { recordPodTransitions, transitionsOf } = await import('@/server/recorder/transitions');
const store = await import('@/server/recorder/store');

// a crash loop of its own: the shared scenario's may have backed off to 5 minutes by now
const NS = `rec-crash-${Date.now().toString(36)}`;
afterAll(async () => {
  await store.resetStore();
  rmSync(dataDir, { recursive: true, force: true });
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

describe('flight recorder', () => {
  it('records the crash loop as it happens; the record survives a restart', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(paths.kubeconfig);
    await applyScenarioCopy('crash-error', NS);
    const r = new Reflector(kc, RESOURCES.pods, NS, { backoffMinMs: 100, backoffMaxMs: 1000 });
    recordPodTransitions(r, 'podscope-local');
    r.start();
    try {
      await r.waitForSync();
      const [pod] = await eventually('the pod', async () => {
        const rows = await podTable(NS);
        return rows.length ? rows.map((x) => `${NS}/${x.name}`) : undefined;
      });
      // wait for at least one exit and one restart observed live
      const seen = await eventually(
        'an exit and a restart recorded',
        async () => {
          const t = (await transitionsOf('podscope-local', pod)).filter((x) => x.kind === 'container');
          return t.some((x) => x.to.startsWith('terminated')) &&
            t.some((x) => x.detail?.startsWith('restart #') || x.to.startsWith('running'))
            ? t
            : undefined;
        },
        90_000,
        500,
      );
      expect(store.recorderStatus().recording).toBe(true);
      await store.resetStore(); // as if Podscope restarted: a new store over the same file
      const after = await store.storedTransitions('podscope-local', pod);
      expect(after.length).toBeGreaterThanOrEqual(seen.length);
      expect(after.some((x) => x.to.startsWith('terminated: Error (exit 1)'))).toBe(true);
    } finally {
      r.stop();
    }
  });

  it('usage samples the poller reads (the real Metrics API) are recorded once each, survive a restart, and age out', async () => {
    const { UsagePoller, onUsageSampled } = await import('@/server/usage/poller');
    const { LOCAL } = await import('@/server/auth/identity');
    onUsageSampled((ctx, samples) => store.recordUsage(ctx, samples));
    const [pod] = (await podTable('demo-cpu-throttled')).map((r) => r.name);
    const key = `demo-cpu-throttled/${pod}`;
    const poller = new UsagePoller('podscope-local', LOCAL, 'demo-cpu-throttled', 2000);
    poller.start();
    let recorded: Awaited<ReturnType<typeof store.storedUsage>>;
    try {
      recorded = await eventually(
        'two recorded samples',
        async () => {
          const u = await store.storedUsage('podscope-local', key, 0);
          return (u.thumbnails?.length ?? 0) >= 2 ? u : undefined;
        },
        60_000,
        1000,
      );
      // it says when it polls next (within its 2 s interval), so a browser asks just after that
      const { phase, nextPollInMs } = poller.currentState();
      expect(phase).toBe('live');
      expect(nextPollInMs).toBeGreaterThanOrEqual(0);
      expect(nextPollInMs).toBeLessThanOrEqual(2000);
    } finally {
      poller.stop();
    }
    const n = recorded.thumbnails.length;
    expect(recorded.thumbnails[n - 1].cpu).toBeGreaterThan(0.45); // at its 500m limit
    // (polled every 2 s against a 10 s scrape: each sample is kept once)
    expect(new Set(recorded.thumbnails.map((p) => p.at)).size).toBe(n);
    store.recordUsage('podscope-local', [{ podKey: key, container: 'thumbnails', point: recorded.thumbnails[0] }]);
    await store.resetStore(); // as if Podscope restarted
    expect((await store.storedUsage('podscope-local', key, 0)).thumbnails).toEqual(recorded.thumbnails);
    // (the first batch after opening prunes; one written after it waits for the next prune)
    store.recordUsage('ctx', [{ podKey: 'ns/new', container: 'c', point: { at: Date.now(), cpu: 1, memory: 1 } }]);
    await store.flush();
    store.recordUsage('ctx', [{ podKey: 'ns/old', container: 'c', point: { at: Date.now() - 100 * 3600_000, cpu: 1, memory: 1 } }]);
    expect((await store.storedUsage('ctx', 'ns/old', 0)).c).toHaveLength(1);
    expect(await store.prune()).toBeGreaterThanOrEqual(1);
    expect(await store.storedUsage('ctx', 'ns/old', 0)).toEqual({});
  });

  it('retention removes rows older than the limit', async () => {
    // (the first batch written after opening prunes; the next, within a minute, does not)
    store.recordTransitions('ctx', 'ns/new', [{ at: Date.now(), kind: 'phase', to: 'Running' }]);
    await store.flush(); // writes are batched: this first batch is followed by the periodic prune
    store.recordTransitions('ctx', 'ns/old', [{ at: Date.now() - 100 * 3600_000, kind: 'phase', to: 'Running' }]);
    expect(await store.storedTransitions('ctx', 'ns/old')).toHaveLength(1);
    expect(await store.prune()).toBeGreaterThanOrEqual(1);
    expect(await store.storedTransitions('ctx', 'ns/old')).toHaveLength(0);
    expect(await store.storedTransitions('ctx', 'ns/new')).toHaveLength(1);
  });

  it('a read-only data directory pauses recording and says why; nothing throws', async () => {
    await store.resetStore();
    const ro = mkdtempSync(join(tmpdir(), 'podscope-ro-'));
    chmodSync(ro, 0o555);
    const before = process.env.PODSCOPE_DATA_DIR;
    try {
      // config is read once per process: point the store at the read-only directory directly
      process.env.PODSCOPE_DATA_DIR = join(ro, 'data');
      return import('@/server/config').then(async ({ config }) => {
        (config() as { PODSCOPE_DATA_DIR: string }).PODSCOPE_DATA_DIR = join(ro, 'data');
        const st = store.recorderStatus();
        if (process.getuid?.() === 0) {
          // root ignores directory permissions; a path under a regular file can never be created
          (config() as { PODSCOPE_DATA_DIR: string }).PODSCOPE_DATA_DIR = '/dev/null/podscope';
          await store.resetStore();
        }
        const status = store.recorderStatus();
        expect(status.recording).toBe(false);
        expect(status.reason).toMatch(/cannot open/);
        expect(() => store.recordTransitions('ctx', 'ns/p', [{ at: Date.now(), kind: 'phase', to: 'Running' }])).not.toThrow();
        expect(await store.storedTransitions('ctx', 'ns/p')).toEqual([]);
        void st;
      });
    } finally {
      process.env.PODSCOPE_DATA_DIR = before;
    }
  });
});

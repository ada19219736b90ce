// The watch cache against the real kube-apiserver: shared upstream watches, relist after
// 410 Gone, and recovery after the API server process is stopped and started again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { RESOURCES } from '@/lib/k8s/resources';
import { Reflector } from '@/server/watch/reflector';
import { acquire } from '@/server/watch/cache';
import { metrics, metricValue } from '@/server/metrics';
import { LOCAL, tokenIdentity } from '@/server/auth/identity';
import { paths } from '../../local-cluster/lib/paths.ts';
import { up } from '../../local-cluster/lib/cluster.ts';
import { stopProcess } from '../../local-cluster/lib/processes.ts';
import { createNamespace, eventually, kubectl, pausePod } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const kc = new KubeConfig();
kc.loadFromFile(paths.kubeconfig);
const NS = `podscope-watch-${Date.now().toString(36)}`;

const podManifest = (name: string) => pausePod(NS, name);

beforeAll(async () => {
  await createNamespace(NS);
});
afterAll(async () => {
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

describe('reflector', () => {
  it('lists, then follows adds and deletes', async () => {
    const r = new Reflector(kc, RESOURCES.pods, NS, { backoffMinMs: 100, backoffMaxMs: 1000 });
    r.start();
    try {
      await r.waitForSync();
      await eventually('live', async () => r.state.phase === 'live');
      await kubectl(['apply', '-f', '-'], { input: podManifest('w1') });
      await eventually('w1 in the store', async () => r.store.has(`${NS}/w1`), 10_000, 50);
      await kubectl(['-n', NS, 'delete', 'pod', 'w1', '--grace-period=0', '--force']);
      await eventually('w1 gone from the store', async () => !r.store.has(`${NS}/w1`), 15_000, 50);
    } finally {
      r.stop();
    }
  });

  it('relists on 410 Gone and the store ends up right', async () => {
    const r = new Reflector(kc, RESOURCES.pods, NS, { backoffMinMs: 100, backoffMaxMs: 1000 });
    const deltas: string[] = [];
    r.addListener({ deltas: (ds) => ds.forEach((d) => deltas.push(`${d.type}:${d.key}`)), state: () => {} });
    r.start();
    try {
      await kubectl(['apply', '-f', '-'], { input: podManifest('g1') });
      await eventually('g1 seen', async () => r.store.has(`${NS}/g1`), 10_000, 50);
      const before = await metricValue(metrics.relists, { resource: 'pods' });
      // A long outage: the API server goes away, and when it comes back its watch cache starts
      // after the resourceVersion we hold (here, a very old one), so resuming gets 410 Gone.
      await stopProcess(paths.pids, 'kube-apiserver');
      await eventually('reconnecting', async () => r.state.phase === 'reconnecting', 20_000, 100);
      (r as unknown as { rv: string }).rv = '1';
      await up({ log: () => {} });
      await kubectl(['-n', NS, 'delete', 'pod', 'g1', '--grace-period=0', '--force']);
      await eventually('a relist', async () => (await metricValue(metrics.relists, { resource: 'pods' })) > before, 30_000, 50);
      await eventually('g1 removed by the relist diff', async () => !r.store.has(`${NS}/g1`), 15_000, 50);
      expect(deltas).toContain(`delete:${NS}/g1`);
    } finally {
      r.stop();
    }
  });

  it('many subscribers share one upstream watch', async () => {
    const before = await metricValue(metrics.upstreamWatches);
    const handles = Array.from({ length: 10 }, () =>
      acquire({ context: 'podscope-local', identity: LOCAL, resource: 'pods', namespace: NS }),
    );
    expect(new Set(handles.map((h) => h.reflector)).size).toBe(1);
    expect(await metricValue(metrics.upstreamWatches)).toBe(before + 1);
    const other = acquire({
      context: 'podscope-local',
      identity: tokenIdentity('someone-else', 'podscope-local'),
      resource: 'pods',
      namespace: NS,
    });
    expect(other.reflector).not.toBe(handles[0].reflector);
    for (const h of handles) h.release();
    other.release();
  });

  it('survives the API server being stopped and started: reconnecting, then correct data', async () => {
    const r = new Reflector(kc, RESOURCES.pods, NS, { backoffMinMs: 200, backoffMaxMs: 2000 });
    const phases: string[] = [];
    r.addListener({ deltas: () => {}, state: (s) => phases.push(s.phase) });
    r.start();
    try {
      await kubectl(['apply', '-f', '-'], { input: podManifest('keep') });
      await kubectl(['apply', '-f', '-'], { input: podManifest('doomed') });
      await eventually('both pods seen', async () => r.store.has(`${NS}/keep`) && r.store.has(`${NS}/doomed`), 10_000, 50);
      await stopProcess(paths.pids, 'kube-apiserver');
      await eventually('reconnecting', async () => r.state.phase === 'reconnecting', 20_000, 100);
      await up({ log: () => {} });
      await kubectl(['-n', NS, 'delete', 'pod', 'doomed', '--grace-period=0', '--force']);
      await kubectl(['apply', '-f', '-'], { input: podManifest('born-after') });
      await eventually(
        'live again with the right pods',
        async () =>
          r.state.phase === 'live' && r.store.has(`${NS}/keep`) && !r.store.has(`${NS}/doomed`) && r.store.has(`${NS}/born-after`),
        60_000,
        200,
      );
      expect(phases).toContain('reconnecting');
      expect(phases.at(-1)).toBe('live');
    } finally {
      r.stop();
    }
  });
});

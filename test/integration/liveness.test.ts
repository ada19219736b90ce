// Upstream liveness against the real kube-apiserver: frozen with SIGSTOP it keeps every
// connection open and answers nothing (a hung process, a partition, a stuck load balancer
// look the same), so a watch alone would stay "live" for minutes. The probe must turn the
// reflector stale within 10 s, saying why and since when; thawed, it must be live again
// within 5 s and follow changes; stopped, the reason must say the connection is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { RESOURCES } from '@/lib/k8s/resources';
import { paths } from '../../local-cluster/lib/paths.ts';
import { up } from '../../local-cluster/lib/cluster.ts';
import { isAlive, readPid, stopProcess } from '../../local-cluster/lib/processes.ts';
import { createNamespace, eventually, kubectl, pausePod } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
process.env.PODSCOPE_LIVENESS_INTERVAL_MS = '1000';
process.env.PODSCOPE_LIVENESS_TIMEOUT_MS = '1500';
const { Reflector } = await import('@/server/watch/reflector');
const { Liveness } = await import('@/server/watch/liveness');
const kc = new KubeConfig();
kc.loadFromFile(paths.kubeconfig);
const NS = `podscope-liveness-${Date.now().toString(36)}`;

const pod = (name: string) => pausePod(NS, name);

function apiserver() {
  const rec = readPid(paths.pids, 'kube-apiserver');
  if (!rec || !isAlive(rec)) throw new Error('kube-apiserver is not running');
  return rec.pid;
}

beforeAll(async () => {
  await createNamespace(NS);
});
afterAll(async () => {
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

describe('upstream liveness', () => {
  it('a frozen API server turns the watch stale within 10 s, with the reason; thawed, live within 5 s', async () => {
    const liveness = new Liveness(kc, 'test');
    liveness.start();
    const r = new Reflector(kc, RESOURCES.pods, NS, { backoffMinMs: 200, backoffMaxMs: 2000, liveness });
    r.start();
    const pid = apiserver();
    try {
      await kubectl(['apply', '-f', '-'], { input: pod('before') });
      await eventually('live with the pod', async () => r.state.phase === 'live' && r.store.has(`${NS}/before`), 20_000, 50);

      const frozenAt = Date.now();
      process.kill(pid, 'SIGSTOP');
      const stale = await eventually('stale', async () => (r.state.phase === 'reconnecting' ? r.state : undefined), 10_000, 50);
      expect(Date.now() - frozenAt).toBeLessThan(10_000);
      expect(stale.message).toMatch(/did not answer within 1\.5 s/);
      expect(stale.since).toBeLessThanOrEqual(frozenAt); // stale since it last answered, not since we noticed

      const thawedAt = Date.now();
      process.kill(pid, 'SIGCONT');
      await eventually('live again', async () => r.state.phase === 'live', 5_000, 50);
      expect(Date.now() - thawedAt).toBeLessThan(5_000);
      await kubectl(['apply', '-f', '-'], { input: pod('after') });
      await eventually('a pod created after the thaw', async () => r.store.has(`${NS}/after`), 10_000, 50);
    } finally {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* gone */
      }
      r.stop();
      liveness.stop();
    }
  });

  it('a stopped API server: the reason says the connection is refused; restarted, live again', async () => {
    const liveness = new Liveness(kc, 'test');
    liveness.start();
    const r = new Reflector(kc, RESOURCES.pods, NS, { backoffMinMs: 200, backoffMaxMs: 2000, liveness });
    r.start();
    try {
      await eventually('live', async () => r.state.phase === 'live', 20_000, 50);
      await stopProcess(paths.pids, 'kube-apiserver');
      await eventually('refused', async () => /refused/.test(liveness.state.reason ?? '') || undefined, 10_000, 50);
      await eventually('stale', async () => r.state.phase === 'reconnecting' || undefined, 10_000, 50);
      await up({ log: () => {} });
      await eventually('live again', async () => r.state.phase === 'live', 20_000, 50);
    } finally {
      r.stop();
      liveness.stop();
    }
  });
});

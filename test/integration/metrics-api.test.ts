// The local cluster serves the Metrics API as a real one does: metrics-server scrapes each
// simulated kubelet's /metrics/resource endpoint (kwok, sim/usage.ts) and the API server serves
// metrics.k8s.io through its aggregation layer. kubectl top works, and the scenarios' usage has
// the shapes Podscope's usage views and diagnosis are built for.
import { describe, expect, it } from 'vitest';
import { SIM } from '../../local-cluster/sim/convention.ts';
import { apiGet, applySimPod, createNamespace, eventually, kubectl } from '../support/local-cluster.ts';

interface PodMetrics {
  metadata: { name: string; namespace: string };
  timestamp: string;
  window: string;
  containers: { name: string; usage: { cpu: string; memory: string } }[];
}
interface NodeMetrics {
  metadata: { name: string };
  usage: { cpu: string; memory: string };
}

const MI = 1024 * 1024;
function quantity(q: string): number {
  const m = /^([0-9.]+)(n|u|m|Ki|Mi|Gi)?$/.exec(q);
  if (!m) throw new Error(`not a quantity: ${q}`);
  const f = { n: 1e-9, u: 1e-6, m: 1e-3, Ki: 1024, Mi: MI, Gi: 1024 * MI }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * f;
}

async function podMetrics(ns: string): Promise<PodMetrics[]> {
  return (await apiGet<{ items: PodMetrics[] }>(`/apis/metrics.k8s.io/v1beta1/namespaces/${ns}/pods`)).items;
}

describe('the Metrics API on the local cluster', () => {
  it('is registered and available through the aggregation layer', async () => {
    const svc = await eventually(
      'v1beta1.metrics.k8s.io Available',
      async () => {
        const a = await apiGet<{ status?: { conditions?: { type: string; status: string }[] } }>(
          '/apis/apiregistration.k8s.io/v1/apiservices/v1beta1.metrics.k8s.io',
        );
        return a.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ? a : undefined;
      },
      60_000,
    );
    expect(svc).toBeDefined();
  });

  it('kubectl top nodes and pods print usage for every node and for running pods', async () => {
    const nodes = await eventually(
      'kubectl top nodes',
      async () => {
        const r = await kubectl(['top', 'nodes', '--no-headers'], { allowFail: true });
        return r.code === 0 && r.stdout.trim() ? r.stdout.trim().split('\n') : undefined;
      },
      90_000,
    );
    expect(nodes.map((l) => l.split(/\s+/)[0])).toEqual(expect.arrayContaining(['worker-a1', 'worker-a2', 'worker-b1']));
    const pods = await eventually(
      'kubectl top pods in demo-healthy',
      async () => {
        const r = await kubectl(['top', 'pods', '-n', 'demo-healthy', '--no-headers'], { allowFail: true });
        const lines = r.code === 0 ? r.stdout.trim().split('\n').filter(Boolean) : [];
        return lines.length === 3 ? lines : undefined;
      },
      90_000,
    );
    for (const l of pods) expect(l.trim()).toMatch(/^web-\S+\s+\d+m\s+\d+Mi$/);
  });

  it('the scenarios use what they are meant to: at the CPU limit, a tenth of the requests, memory climbing, a node near full', async () => {
    const throttled = await eventually('cpu-throttled metrics', async () => (await podMetrics('demo-cpu-throttled'))[0], 90_000);
    expect(quantity(throttled.containers[0].usage.cpu)).toBeGreaterThan(0.45); // limit 500m
    const over = await eventually(
      'over-provisioned metrics',
      async () => {
        const m = await podMetrics('demo-over-provisioned');
        return m.length === 2 ? m : undefined;
      },
      90_000,
    );
    for (const p of over) {
      expect(quantity(p.containers[0].usage.cpu)).toBeLessThan(0.2); // request 1
      expect(quantity(p.containers[0].usage.memory)).toBeLessThan(200 * MI); // request 1Gi
    }
    // memory grows between two scrapes of the same run (a leaking pod of this test's own: the
    // scenario's may be waiting out a long back-off)
    const ns = `metrics-leak-${Date.now().toString(36)}`;
    await createNamespace(ns);
    try {
      await applySimPod(
        ns,
        'leaky',
        { [SIM.fail]: 'oom', [SIM.runSeconds]: '90', [SIM.runClock]: 'on' },
        { resources: { limits: { memory: '128Mi' } } },
      );
      const first = await eventually('leak metrics', async () => (await podMetrics(ns))[0], 90_000);
      const second = await eventually(
        'a later leak sample',
        async () => {
          const m = (await podMetrics(ns))[0];
          return m && m.timestamp !== first.timestamp ? m : undefined;
        },
        60_000,
      );
      const [a, b] = [first, second].map((m) => quantity(m.containers[0].usage.memory));
      // 0.58 × 128Mi over 90 s: about 0.8Mi/s, 10 s or more between scrapes
      expect(b - a).toBeGreaterThan(5 * MI);
      expect(b).toBeLessThan(128 * MI);
    } finally {
      await kubectl(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
    }
    const node = await apiGet<NodeMetrics>('/apis/metrics.k8s.io/v1beta1/nodes/worker-a1');
    expect(quantity(node.usage.memory) / (4 * 1024 * MI)).toBeGreaterThan(0.8);
  });
});

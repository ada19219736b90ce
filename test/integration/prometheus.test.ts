// The optional Prometheus history source against a real Prometheus (built from source like the
// control plane) scraping the simulated kubelets' endpoints that kwok serves: a pod's usage
// history then comes from Prometheus (the same numbers the Metrics API gives, and CFS
// throttling), and a Prometheus that cannot be reached falls back to the recorder and says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../local-cluster/lib/paths.ts';
import { stopProcess } from '../../local-cluster/lib/processes.ts';
import { startPrometheus } from '../../local-cluster/lib/prometheus.ts';
import { eventually, kubectl } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const { config } = await import('@/server/config');
const { GET: usage } = await import('@/app/api/c/[context]/pods/[namespace]/[name]/usage/route');

const NS = 'demo-cpu-throttled';
let prom = '';
let pod = '';
let startedAt = 0;

async function instant(query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const r = (await (await fetch(`${prom}/api/v1/query?${new URLSearchParams({ query })}`)).json()) as {
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  return r.data.result;
}
const history = async () =>
  (await (
    await usage(new Request('http://127.0.0.1:3000/x', { headers: { host: '127.0.0.1:3000' } }), {
      params: Promise.resolve({ context: 'podscope-local', namespace: NS, name: pod }),
    })
  ).json()) as {
    history: string;
    containers: Record<string, { at: number; cpu: number; memory: number }[]>;
    throttled?: Record<string, [number, number][]>;
    historyProblem?: string;
  };

beforeAll(async () => {
  startedAt = Date.now();
  prom = (await startPrometheus()).url;
  pod = (await kubectl(['-n', NS, 'get', 'pods', '--field-selector=status.phase=Running', '-o', 'jsonpath={.items[0].metadata.name}']))
    .stdout;
  expect(pod).not.toBe('');
  // a rate needs two scrapes in its window, and the throttling counters too
  await eventually(
    "Prometheus has the pod's CPU rate and throttling",
    async () =>
      (await instant(`rate(container_cpu_usage_seconds_total{namespace="${NS}",pod="${pod}"}[1m])`)).length > 0 &&
      (await instant(`rate(container_cpu_cfs_throttled_periods_total{namespace="${NS}",pod="${pod}"}[1m])`)).length > 0
        ? true
        : undefined,
    90_000,
  );
}, 150_000);

afterAll(async () => {
  (config() as { PODSCOPE_PROMETHEUS_URL?: string }).PODSCOPE_PROMETHEUS_URL = undefined;
  await stopProcess(paths.pids, 'prometheus');
});

describe('usage history from Prometheus', () => {
  it("a pod's history comes from Prometheus: its working set and CPU rate per container, and CFS throttling", async () => {
    (config() as { PODSCOPE_PROMETHEUS_URL?: string }).PODSCOPE_PROMETHEUS_URL = prom;
    // a rate over a window the series does not fill yet reads low (Prometheus divides by the whole
    // window): wait until the store holds more than the 60 s window and a step
    const wait = startedAt + 90_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const h = await history();
    expect(h.history).toBe('prometheus');
    const [container, points] = Object.entries(h.containers)[0];
    // every point Prometheus answers for the same range is in the answer, with the same values
    const end = Date.now() / 1000;
    const range = async (query: string) => {
      const q = new URLSearchParams({ query, start: String(Math.floor((end - 3600) / 15) * 15), end: String(end), step: '15s' });
      const r = (await (await fetch(`${prom}/api/v1/query_range?${q}`)).json()) as { data: { result: { values: [number, string][] }[] } };
      return r.data.result[0].values;
    };
    const sel = `namespace="${NS}",pod="${pod}",container="${container}"`;
    const memory = await range(`max by (container) (container_memory_working_set_bytes{${sel}})`);
    expect(memory.length).toBeGreaterThanOrEqual(4);
    const byTime = new Map(points.map((p) => [p.at, p]));
    const matched = memory.filter(([t, v]) => byTime.get(Math.round(t * 1000))?.memory === Number(v));
    // (the newest step may not be in both: the two ranges end a moment apart)
    expect(matched.length).toBeGreaterThanOrEqual(memory.length - 1);
    // the scenario pins the container at its 500m limit and ~180–188 Mi (sim/usage.ts)
    const lastProm = byTime.get(Math.round(matched.at(-1)![0] * 1000))!;
    expect(lastProm.cpu).toBeGreaterThan(0.45);
    expect(lastProm.cpu).toBeLessThan(0.55);
    expect(lastProm.memory / 2 ** 20).toBeGreaterThan(170);
    expect(lastProm.memory / 2 ** 20).toBeLessThan(200);
    const throttled = h.throttled?.[container];
    expect(throttled?.length).toBeGreaterThan(0);
    expect(throttled!.at(-1)![1]).toBeCloseTo(0.6, 1);
  }, 120_000);

  it("a Prometheus that cannot be reached: the recorder's samples, and why", async () => {
    (config() as { PODSCOPE_PROMETHEUS_URL?: string }).PODSCOPE_PROMETHEUS_URL = 'http://127.0.0.1:9/';
    const h = await history();
    expect(h.history).not.toBe('prometheus');
    expect(h.historyProblem).toMatch(/Prometheus at http:\/\/127\.0\.0\.1:9 cannot be reached/);
  });
});

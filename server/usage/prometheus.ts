import 'server-only';
// A pod's usage history from Prometheus instead of the flight recorder's samples, when
// PODSCOPE_PROMETHEUS_URL is set: the working set and CPU rate per container from the series a
// kubelet exports (its /metrics/resource and cAdvisor endpoints use the same names and labels:
// container_memory_working_set_bytes, container_cpu_usage_seconds_total) and, where cAdvisor is
// scraped, the share of CFS periods throttled. Names in the queries are validated DNS labels
// (namespace, pod), so they cannot break out of their quotes.
import type { UsagePoint } from '@/lib/usage/usage';
import { AppError } from '../errors';

interface RangeAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] };
}

export interface PrometheusHistory {
  containers: Record<string, UsagePoint[]>;
  /** container → [ms, share of CFS periods throttled (0..1)], only where Prometheus has cAdvisor's counters */
  throttled: Record<string, [number, number][]>;
}

async function rangeQuery(base: string, query: string, start: number, end: number, step: number, signal: AbortSignal) {
  const url = new URL('api/v1/query_range', base.endsWith('/') ? base : `${base}/`);
  url.search = new URLSearchParams({ query, start: String(start / 1000), end: String(end / 1000), step: `${step}s` }).toString();
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (err) {
    throw new AppError('unavailable', `Prometheus at ${url.origin} cannot be reached: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => ({ status: 'error', error: `HTTP ${res.status}` }))) as RangeAnswer;
  if (body.status !== 'success' || !body.data)
    throw new AppError('unavailable', `Prometheus refused the query: ${body.error ?? `HTTP ${res.status}`}`);
  const out: Record<string, [number, number][]> = {};
  for (const r of body.data.result) {
    const c = r.metric.container;
    if (c) out[c] = r.values.map(([t, v]) => [Math.round(t * 1000), Number(v)]);
  }
  return out;
}

export async function prometheusHistory(
  base: string,
  namespace: string,
  pod: string,
  since: number,
  now = Date.now(),
): Promise<PrometheusHistory> {
  // about 240 points over the window, never finer than 15 s (a usual scrape interval)
  const step = Math.max(15, Math.ceil(Math.round((now - since) / 1000) / 240));
  const window = `${Math.max(60, 4 * step)}s`;
  // steps on multiples of the step: the same points on every refresh (no jitter in the chart)
  const start = Math.floor(since / 1000 / step) * step * 1000;
  const sel = `namespace="${namespace}",pod="${pod}",container!="",container!="POD"`;
  const signal = AbortSignal.timeout(5000);
  const [memory, cpu, throttled] = await Promise.all([
    rangeQuery(base, `max by (container) (container_memory_working_set_bytes{${sel}})`, start, now, step, signal),
    rangeQuery(base, `max by (container) (rate(container_cpu_usage_seconds_total{${sel}}[${window}]))`, start, now, step, signal),
    rangeQuery(
      base,
      `max by (container) (rate(container_cpu_cfs_throttled_periods_total{${sel}}[${window}]) / rate(container_cpu_cfs_periods_total{${sel}}[${window}]))`,
      start,
      now,
      step,
      signal,
    ),
  ]);
  const containers: Record<string, UsagePoint[]> = {};
  for (const c of new Set([...Object.keys(memory), ...Object.keys(cpu)])) {
    const cpuAt = new Map(cpu[c] ?? []);
    // a point where both are known (a rate needs two samples: the first scrape has memory only)
    containers[c] = (memory[c] ?? []).filter(([t]) => cpuAt.has(t)).map(([t, m]) => ({ at: t, memory: m, cpu: cpuAt.get(t)! }));
  }
  for (const [c, v] of Object.entries(throttled)) throttled[c] = v.filter(([, x]) => Number.isFinite(x));
  return { containers, throttled };
}

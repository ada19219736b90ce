// Resource usage (the Metrics API's samples) against what a pod's containers request and are
// limited to, and what the samples say: how close memory is to its limit and how fast it grows,
// whether CPU sits at its limit, how far the requests are from real use. Pure: the server's
// poller (server/usage/) gathers the samples; the diagnosis, the list and the pod page read them.
import type { V1Pod } from '@kubernetes/client-node';
import { podContainers } from '../k8s/containers';
import { quantity } from '../k8s/quantity';

/** One sample of one container: CPU in cores (averaged over the Metrics API's window), memory working set in bytes. */
export interface UsagePoint {
  at: number;
  cpu: number;
  memory: number;
}

/** A container's requests and limits (0: not set). */
export interface ContainerResources {
  cpuRequest: number;
  cpuLimit: number;
  memoryRequest: number;
  memoryLimit: number;
}

/** The containers that use resources while the pod runs: regular ones and sidecars (the Metrics API reports these). */
export function containerResources(pod: V1Pod): Record<string, ContainerResources> {
  const out: Record<string, ContainerResources> = {};
  for (const c of podContainers(pod)) {
    if (c.kind === 'init' || c.kind === 'ephemeral') continue;
    const r = c.spec.resources;
    out[c.name] = {
      cpuRequest: quantity(r?.requests?.cpu ?? r?.limits?.cpu),
      cpuLimit: quantity(r?.limits?.cpu),
      // (a limit without a request: the API server defaults the request to the limit)
      memoryRequest: quantity(r?.requests?.memory ?? r?.limits?.memory),
      memoryLimit: quantity(r?.limits?.memory),
    };
  }
  return out;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Least-squares slope (units per second) of memory over time; undefined under 3 points or 20 s. */
export function memorySlope(points: UsagePoint[]): number | undefined {
  if (points.length < 3) return undefined;
  const t0 = points[0].at;
  const span = (points[points.length - 1].at - t0) / 1000;
  if (span < 20) return undefined;
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  for (const p of points) {
    const x = (p.at - t0) / 1000;
    sx += x;
    sy += p.memory;
    sxx += x * x;
    sxy += x * p.memory;
  }
  const n = points.length;
  const d = n * sxx - sx * sx;
  return d === 0 ? undefined : (n * sxy - sx * sy) / d;
}

/** The points of the container's current run: those after it last started (a restart resets memory). */
export function currentRun(points: UsagePoint[], startedAt: number | undefined): UsagePoint[] {
  return startedAt === undefined ? points : points.filter((p) => p.at >= startedAt);
}

export interface MemoryOutlook {
  latest: number;
  limit: number;
  /** latest / limit */
  fraction: number;
  /** bytes per second over the current run, when it can be told */
  slope?: number;
  /** seconds until the limit at that rate */
  secondsToLimit?: number;
}

export function memoryOutlook(run: UsagePoint[], limit: number): MemoryOutlook | undefined {
  if (!limit || !run.length) return undefined;
  const latest = run[run.length - 1].memory;
  const slope = memorySlope(run.slice(-20));
  const out: MemoryOutlook = { latest, limit, fraction: latest / limit };
  if (slope !== undefined) {
    out.slope = slope;
    if (slope > 0 && latest < limit) out.secondsToLimit = (limit - latest) / slope;
  }
  return out;
}

/** Near the memory limit: at 90 % or more, or at 70 % and growing toward it within 15 minutes. */
export function memoryAtRisk(o: MemoryOutlook | undefined): boolean {
  if (!o) return false;
  if (o.fraction >= 0.9) return true;
  // growing by at least 1 % of the limit a minute (not a flat line with noise)
  const growing = (o.slope ?? 0) * 60 >= 0.01 * o.limit;
  return o.fraction >= 0.7 && growing && o.secondsToLimit !== undefined && o.secondsToLimit <= 15 * 60;
}

/** At the CPU limit: the last two samples at 90 % of it or more (the kernel throttles it there). */
export function cpuAtLimit(points: UsagePoint[], limit: number): boolean {
  if (!limit || points.length < 2) return false;
  return points.slice(-2).every((p) => p.cpu >= 0.9 * limit);
}

export interface Sizing {
  resource: 'cpu' | 'memory';
  request: number;
  p95: number;
  peak: number;
  /** what to request instead */
  suggested: number;
  /** 'over': asks for far more than it uses; 'under': uses far more than it asks for */
  direction: 'over' | 'under';
  spanSeconds: number;
  samples: number;
}

const MIN_SIZING_SPAN_S = 5 * 60;
const MIN_SIZING_SAMPLES = 10;

/** Requests far from real use, from the recorded samples: a suggestion from the peak and the 95th percentile. */
export function sizing(points: UsagePoint[], res: ContainerResources): Sizing[] {
  if (points.length < MIN_SIZING_SAMPLES) return [];
  const spanSeconds = (points[points.length - 1].at - points[0].at) / 1000;
  if (spanSeconds < MIN_SIZING_SPAN_S) return [];
  const out: Sizing[] = [];
  const check = (resource: 'cpu' | 'memory', request: number, values: number[], round: (n: number) => number) => {
    if (!request) return;
    const p95 = percentile(values, 95);
    const peak = Math.max(...values);
    if (p95 < 0.3 * request) {
      out.push({
        resource,
        request,
        p95,
        peak,
        suggested: round(Math.max(p95 * 1.2, peak)),
        direction: 'over',
        spanSeconds,
        samples: values.length,
      });
    } else if (p95 > 1.5 * request) {
      out.push({
        resource,
        request,
        p95,
        peak,
        suggested: round(Math.max(p95 * 1.1, peak)),
        direction: 'under',
        spanSeconds,
        samples: values.length,
      });
    }
  };
  // CPU to 10m, memory to 16Mi, never below those
  check(
    'cpu',
    res.cpuRequest,
    points.map((p) => p.cpu),
    (n) => Math.max(0.01, Math.ceil(n * 100) / 100),
  );
  check(
    'memory',
    res.memoryRequest,
    points.map((p) => p.memory),
    (n) => Math.max(16, Math.ceil(n / 2 ** 24) * 16) * 2 ** 20,
  );
  return out;
}

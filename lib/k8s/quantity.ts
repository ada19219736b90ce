// Kubernetes resource quantities ("500m", "2", "512Mi", "1.5Gi", "1e3") as numbers, and a pod's
// effective requests the way the scheduler counts them.
import type { V1Pod } from '@kubernetes/client-node';
import { podContainers } from './containers';

const UNITS: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The quantity's value (CPU in cores, memory in bytes); 0 when absent or unreadable. */
export function quantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(q.trim());
  if (!m || !(m[2] in UNITS)) return 0;
  return Number(m[1]) * UNITS[m[2]];
}

export const fmtCpu = (n: number): string => (n < 1 ? `${Math.round(n * 1000)}m` : `${+n.toFixed(2)}`);
export const fmtMem = (n: number): string => (n >= 2 ** 30 ? `${+(n / 2 ** 30).toFixed(1)}Gi` : `${Math.round(n / 2 ** 20)}Mi`);

/**
 * What the scheduler reserves for a pod, per resource: the regular containers and every sidecar
 * together, or an init container with the sidecars started before it, whichever is more; plus
 * the pod's overhead (as in k8s.io/component-helpers resource.PodRequests).
 */
export function podRequests(pod: V1Pod, resource: string): number {
  let sidecars = 0;
  let initPeak = 0;
  let main = 0;
  for (const c of podContainers(pod)) {
    const r = quantity(c.spec.resources?.requests?.[resource]);
    if (c.kind === 'sidecar') {
      sidecars += r;
      initPeak = Math.max(initPeak, sidecars);
    } else if (c.kind === 'init') initPeak = Math.max(initPeak, sidecars + r);
    else main += r;
  }
  return Math.max(main + sidecars, initPeak) + quantity(pod.spec?.overhead?.[resource]);
}

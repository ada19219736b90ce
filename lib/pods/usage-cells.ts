// The pod list's CPU and MEMORY cells: what a pod uses (the Metrics API's newest sample, summed
// over its containers) against its limit, or its request where it has no limit.
import type { UsageSnapshot } from '../api/usage';
import { fmtCpu, fmtMem } from '../k8s/quantity';
import type { PodRow } from './row';

type PodUsageEntry = UsageSnapshot['pods'][string];

/**
 * Merges each row with its newest usage (rows without a sample are kept as they are). A merger
 * remembers what it made: a row and a usage entry it has seen give the same object back, so on a
 * delta frame of 10,000 rows nothing is allocated and the memoised rows do not render again.
 */
export function usageMerger(): (rows: Iterable<PodRow>, usage: UsageSnapshot | undefined) => PodRow[] {
  let made = new WeakMap<PodRow, { u: PodUsageEntry; merged: PodRow }>();
  let lastUsage: UsageSnapshot | undefined;
  return (rows, usage) => {
    if (usage !== lastUsage) {
      lastUsage = usage;
      made = new WeakMap();
    }
    const out: PodRow[] = [];
    for (const r of rows) {
      const u = usage?.pods[r.key];
      if (!u) {
        out.push(r);
        continue;
      }
      const hit = made.get(r);
      if (hit && hit.u === u) {
        out.push(hit.merged);
        continue;
      }
      let cpu = 0,
        memory = 0;
      for (const c of Object.values(u.containers)) {
        cpu += c.cpu;
        memory += c.memory;
      }
      const merged = { ...r, usage: { cpu, memory } };
      made.set(r, { u, merged });
      out.push(merged);
    }
    return out;
  };
}

export interface UsageCell {
  text: string;
  title: string;
  /** memory at 90 % of its limit or more, CPU at its limit: the row is marked */
  hot: boolean;
}

export function usageCell(r: PodRow, resource: 'cpu' | 'memory'): UsageCell | undefined {
  if (!r.usage) return undefined;
  const cpu = resource === 'cpu';
  const used = cpu ? r.usage.cpu : r.usage.memory;
  const [request, limit] = cpu ? [r.res?.[0] ?? 0, r.res?.[1] ?? 0] : [r.res?.[2] ?? 0, r.res?.[3] ?? 0];
  const f = cpu ? fmtCpu : fmtMem;
  const base = limit || request;
  const pct = base ? Math.round((used / base) * 100) : undefined;
  const of = limit ? 'of its limit' : 'of its request';
  const title = `${cpu ? 'CPU' : 'memory'} ${f(used)} used${request ? `; request ${f(request)}` : '; no request'}${limit ? `, limit ${f(limit)}` : ', no limit'}${pct !== undefined ? ` (${pct} % ${of})` : ''}`;
  return { text: `${f(used)}${pct !== undefined ? ` ${pct}%` : ''}`, title, hot: !!limit && used >= 0.9 * limit };
}

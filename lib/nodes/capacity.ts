// A node's capacity as the scheduler sees it (allocatable against the requests of the pods bound
// to it that still hold resources) and as it is used. Pure: the nodes API feeds it the caches.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { NodeRow } from '../api/nodes';
import { podColumns } from '../k8s/pod-status';
import { podRequests, quantity } from '../k8s/quantity';

/** Pods that hold a node's resources: bound to it and not finished (Succeeded and Failed pods free theirs). */
export const holdsResources = (p: V1Pod) => !!p.spec?.nodeName && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

export function nodeRows(
  nodes: V1Node[],
  podsIn: Iterable<V1Pod>,
  used: Map<string, { at: number; cpu: number; memory: number }>,
): NodeRow[] {
  const pods = [...podsIn];
  const requested = requestsByNode(pods);
  const byNode = new Map<string, V1Pod[]>();
  for (const p of pods) {
    if (!holdsResources(p)) continue;
    const n = p.spec!.nodeName!;
    let list = byNode.get(n);
    if (!list) byNode.set(n, (list = []));
    list.push(p);
  }
  return nodes
    .map((n): NodeRow => {
      const name = n.metadata?.name ?? '';
      const mine = byNode.get(name) ?? [];
      const a = n.status?.allocatable ?? {};
      const conds = n.status?.conditions ?? [];
      const troubled = mine
        .filter((p) => {
          const c = podColumns(p);
          return c.status !== 'Running' || c.ready < c.total;
        })
        .map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
      const u = used.get(name);
      return {
        name,
        ready: (conds.find((c) => c.type === 'Ready')?.status as NodeRow['ready']) ?? 'Unknown',
        pressure: conds.filter((c) => c.type !== 'Ready' && c.status === 'True').map((c) => ({ type: c.type, message: c.message })),
        unschedulable: !!n.spec?.unschedulable,
        taints: (n.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
        zone: n.metadata?.labels?.['topology.kubernetes.io/zone'],
        allocatable: { cpu: quantity(a.cpu), memory: quantity(a.memory), pods: quantity(a.pods) },
        requested: { cpu: requested[name]?.cpu ?? 0, memory: requested[name]?.memory ?? 0 },
        ...(u ? { used: u } : {}),
        pods: mine.length,
        troubled: troubled.slice(0, 20),
      };
    })
    .sort((x, y) => x.name.localeCompare(y.name));
}

/** Per node, what the pods holding its resources request: cpu and memory (cores, bytes) and ephemeral-storage. */
export function requestsByNode(pods: Iterable<V1Pod>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const p of pods) {
    if (!holdsResources(p)) continue;
    const n = (out[p.spec!.nodeName!] ??= { cpu: 0, memory: 0, 'ephemeral-storage': 0 });
    for (const r of ['cpu', 'memory', 'ephemeral-storage']) n[r] += podRequests(p, r);
  }
  return out;
}

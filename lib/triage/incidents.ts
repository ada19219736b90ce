// The on-call triage board's model: unhealthy pods grouped into incidents by (owning workload,
// cause), worst first by severity, then blast radius (pods affected against desired replicas).
import type { V1Pod } from '@kubernetes/client-node';
import type { PodEvent } from '../events/normalize';
import { diagnose, primary } from '../diagnosis/engine';
import type { DiagnosisInput, Severity } from '../diagnosis/types';
import { SEVERITY_RANK } from '../diagnosis/types';
import { podColumns } from '../k8s/pod-status';
import { CRASHLOOP_RESET_MS } from '../k8s/kubelet';
import { topOwner } from '../k8s/owners';
import { timeMs } from '../k8s/time';
import { diagnoseReplicaSet } from '../diagnosis/rules/controller';
import type { V1ReplicaSet } from '@kubernetes/client-node';

export interface Incident {
  id: string;
  severity: Severity;
  findingId: string;
  category: string;
  title: string;
  workload: { kind: string; namespace: string; name: string };
  affected: number;
  desired: number;
  pods: { name: string; status: string }[];
  /** the pod to open; absent when no pod exists (e.g. the controller cannot create any) */
  representative?: string;
  firstSeen?: string;
}

export interface TriageSources {
  pods: Iterable<V1Pod>;
  /** events about this pod (uid: this instance, not an earlier pod of the same name) */
  eventsFor: (namespace: string, pod: string, uid?: string) => PodEvent[];
  /** desired replicas of a workload, when known */
  desiredOf: (kind: string, namespace: string, name: string) => number | undefined;
  ownersOf?: (pod: V1Pod) => Promise<DiagnosisInput['owners']> | DiagnosisInput['owners'];
  /** ReplicaSets and their events, for pods that were never created */
  replicaSets?: Iterable<V1ReplicaSet>;
  eventsForObject?: (kind: string, namespace: string, name: string) => PodEvent[];
  now: number;
}

/** Cheap pre-filter: pods that are obviously fine are not diagnosed at all. */
export function looksHealthy(pod: V1Pod, now: number, c = podColumns(pod)): boolean {
  if (c.status === 'Completed') return true;
  if (c.status !== 'Running' || c.ready !== c.total) return false;
  const at = timeMs(c.lastRestartAt);
  const recent = at !== undefined && now - at < CRASHLOOP_RESET_MS;
  return !recent;
}

export async function buildIncidents(src: TriageSources): Promise<Incident[]> {
  const groups = new Map<string, Incident & { rank: number; firstMs: number }>();
  for (const pod of src.pods) {
    const cols = podColumns(pod);
    if (looksHealthy(pod, src.now, cols)) continue;
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const events = src.eventsFor(ns, name, pod.metadata?.uid);
    const owners = await src.ownersOf?.(pod);
    const findings = diagnose({ pod, events, now: src.now, owners });
    const p = primary(findings);
    if (!p) continue;
    const wl = topOwner(pod, owners);
    const workload = { kind: wl.kind, namespace: ns, name: wl.name };
    const id = `${wl.kind}/${ns}/${wl.name}|${p.id}`;
    const first = Math.min(...events.filter((e) => e.type === 'Warning').map((e) => timeMs(e.firstSeen) ?? Infinity), Infinity);
    const firstMs = Number.isFinite(first) ? first : (timeMs(pod.metadata?.creationTimestamp) ?? src.now);
    let g = groups.get(id);
    if (!g) {
      g = {
        id,
        severity: p.severity,
        findingId: p.id,
        category: p.category,
        title: p.title,
        workload,
        affected: 0,
        desired: 0,
        pods: [],
        representative: name,
        rank: SEVERITY_RANK[p.severity],
        firstMs,
      };
      groups.set(id, g);
    }
    g.affected++;
    g.pods.push({ name, status: cols.status });
    if (firstMs < g.firstMs) {
      g.firstMs = firstMs;
      g.representative = name;
      g.title = p.title;
    }
  }
  const out: Incident[] = [];
  for (const rs of src.replicaSets ?? []) {
    if (!rs.status?.conditions?.some((c) => c.type === 'ReplicaFailure' && c.status === 'True')) continue;
    const ns = rs.metadata?.namespace ?? '';
    const f = diagnoseReplicaSet(rs, src.eventsForObject?.('ReplicaSet', ns, rs.metadata?.name ?? '') ?? []);
    if (!f) continue;
    const dep = rs.metadata?.ownerReferences?.find((o) => o.kind === 'Deployment');
    const desired = rs.spec?.replicas ?? 0;
    out.push({
      id: `ReplicaSet/${ns}/${rs.metadata?.name}|${f.id}`,
      severity: f.severity,
      findingId: f.id,
      category: 'controller',
      title: f.title,
      workload: dep
        ? { kind: 'Deployment', namespace: ns, name: dep.name }
        : { kind: 'ReplicaSet', namespace: ns, name: rs.metadata?.name ?? '' },
      affected: Math.max(0, desired - (rs.status?.replicas ?? 0)),
      desired: Math.max(1, desired),
      pods: [],
      firstSeen: f.evidence.find((e) => e.at)?.at,
    });
  }
  for (const g of groups.values()) {
    g.desired = Math.max(g.affected, src.desiredOf(g.workload.kind, g.workload.namespace, g.workload.name) ?? g.affected);
    g.pods.sort((a, b) => a.name.localeCompare(b.name));
    const { rank: _r, firstMs, ...inc } = g;
    out.push({ ...inc, firstSeen: new Date(firstMs).toISOString() });
  }
  return out.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      b.affected / b.desired - a.affected / a.desired ||
      b.affected - a.affected ||
      a.id.localeCompare(b.id),
  );
}

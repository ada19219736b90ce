// Workload links: "the failing pods of deployment X", "the newest pod of job Y". The link names
// the workload, not a pod, and is resolved against the pods that exist when it is opened, via
// ownerReferences (Deployment → ReplicaSets → pods, CronJob → Jobs → pods), so it keeps working
// as pods are replaced.
import { type DiagnosisSummary, SEVERITY_RANK } from '../diagnosis/types';
import type { PodRow } from './row';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
export const WORKLOAD_SHOW = ['failing', 'newest', 'all'] as const;
export type WorkloadShow = (typeof WORKLOAD_SHOW)[number];

/** Deployments and CronJobs own pods through an intermediate kind. */
export const INTERMEDIATE: Partial<Record<WorkloadKind, { kind: 'ReplicaSet' | 'Job'; resource: 'replicasets' | 'jobs' }>> = {
  Deployment: { kind: 'ReplicaSet', resource: 'replicasets' },
  CronJob: { kind: 'Job', resource: 'jobs' },
};

interface Owned {
  metadata?: { name?: string; ownerReferences?: { kind: string; name: string; controller?: boolean }[] };
}

/** Names of the intermediate objects (ReplicaSets, Jobs) controlled by the workload. */
export function intermediatesOf(kind: WorkloadKind, name: string, objects: Iterable<Owned>): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.metadata?.name && o.metadata.ownerReferences?.some((r) => r.kind === kind && r.name === name && r.controller !== false))
      out.add(o.metadata.name);
  }
  return out;
}

/** Whether a pod controlled by `owner` belongs to the workload: directly, or through one of its intermediates. */
export function ownedByWorkload(
  owner: { kind: string; name: string } | undefined,
  kind: WorkloadKind,
  name: string,
  intermediates: Set<string>,
): boolean {
  const via = INTERMEDIATE[kind];
  return !!owner && (via ? owner.kind === via.kind && intermediates.has(owner.name) : owner.kind === kind && owner.name === name);
}

export function podsOfWorkload(rows: Iterable<PodRow>, kind: WorkloadKind, name: string, intermediates: Set<string>): PodRow[] {
  const out: PodRow[] = [];
  for (const r of rows) if (ownedByWorkload(r.owner, kind, name, intermediates)) out.push(r);
  return out;
}

/** Failing: what the list badges (their shared diagnosis), worst first; newest: the last created. */
export function pickPods(pods: PodRow[], show: WorkloadShow, diagnosisOf: (key: string) => DiagnosisSummary | undefined): PodRow[] {
  const byNewest = [...pods].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || a.name.localeCompare(b.name));
  if (show === 'newest') return byNewest.slice(0, 1);
  if (show === 'all') return byNewest;
  return byNewest
    .filter((p) => diagnosisOf(p.key) && diagnosisOf(p.key)!.severity !== 'info')
    .sort((a, b) => SEVERITY_RANK[diagnosisOf(a.key)!.severity] - SEVERITY_RANK[diagnosisOf(b.key)!.severity]);
}

export function workloadHref(context: string, namespace: string, kind: WorkloadKind, name: string, show: WorkloadShow): string {
  return `/c/${encodeURIComponent(context)}/w/${namespace}/${kind.toLowerCase()}/${name}${show === 'failing' ? '' : `?show=${show}`}`;
}

export function workloadKindFromSegment(s: string): WorkloadKind | undefined {
  return WORKLOAD_KINDS.find((k) => k.toLowerCase() === s.toLowerCase());
}

// A workload's revisions, for reading a bad rollout: a Deployment's ReplicaSets (numbered by the
// deployment controller's `deployment.kubernetes.io/revision` annotation), each with its images,
// replica counts and pods; StatefulSets and DaemonSets by the `controller-revision-hash` label the
// controller puts on every pod; and what changed in the pod template between two revisions.
import type { PodRow } from './row';

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { containers?: { name: string; image?: string }[]; initContainers?: { name: string; image?: string }[] };
}
export interface ReplicaSetLike {
  metadata?: {
    name?: string;
    creationTimestamp?: string | Date;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; controller?: boolean }[];
  };
  spec?: { replicas?: number; template?: PodTemplate };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}

export interface Revision {
  /** the ReplicaSet's name, or the revision hash */
  name: string;
  revision?: number;
  images: string[];
  desired?: number;
  ready?: number;
  pods: PodRow[];
  template?: PodTemplate;
}

const REVISION = 'deployment.kubernetes.io/revision';
const HASH_LABEL = 'controller-revision-hash';

const imagesOf = (t?: PodTemplate) =>
  [...(t?.spec?.initContainers ?? []), ...(t?.spec?.containers ?? [])].map((c) => `${c.name}=${c.image ?? ''}`);

/** A Deployment's ReplicaSets (those it controls), newest revision first, each with its pods. */
export function deploymentRevisions(deployment: string, replicaSets: Iterable<ReplicaSetLike>, pods: PodRow[]): Revision[] {
  const out: Revision[] = [];
  for (const rs of replicaSets) {
    const name = rs.metadata?.name;
    if (!name || !rs.metadata?.ownerReferences?.some((r) => r.kind === 'Deployment' && r.name === deployment && r.controller !== false))
      continue;
    const n = Number(rs.metadata.annotations?.[REVISION]);
    out.push({
      name,
      revision: Number.isFinite(n) ? n : undefined,
      images: imagesOf(rs.spec?.template),
      desired: rs.spec?.replicas,
      ready: rs.status?.readyReplicas ?? 0,
      pods: pods.filter((p) => p.owner?.kind === 'ReplicaSet' && p.owner.name === name),
      template: rs.spec?.template,
    });
  }
  return out.sort((a, b) => (b.revision ?? -1) - (a.revision ?? -1) || (a.name < b.name ? -1 : 1));
}

/** StatefulSet and DaemonSet pods by the revision hash their controller labelled them with. */
export function hashRevisions(pods: PodRow[], current?: string, update?: string): Revision[] {
  const by = new Map<string, PodRow[]>();
  for (const p of pods) {
    const h = p.labels[HASH_LABEL] ?? '(no revision label)';
    by.set(h, [...(by.get(h) ?? []), p]);
  }
  const rank = (h: string) => (h === update ? 0 : h === current ? 1 : 2);
  return [...by.entries()]
    .map(([name, ps]) => ({ name, images: [], pods: ps, ready: ps.filter((p) => p.ready === p.total && p.total > 0).length }))
    .sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : 1));
}

/** The pod template as lines to compare (the hash label differs in every revision: left out). */
export function templateLines(t: PodTemplate | undefined): string[] {
  if (!t) return [];
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return JSON.stringify({ ...t, metadata: { ...t.metadata, labels } }, null, 2).split('\n');
}

export type DiffLine = { op: ' ' | '+' | '-'; text: string };

/** A line diff (longest common subsequence), from `a` to `b`. Templates are small: O(n·m) is fine. */
export function lineDiff(a: string[], b: string[]): DiffLine[] {
  const n = a.length,
    m = b.length;
  if (n * m > 4_000_000) return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: DiffLine[] = [];
  let i = 0,
    j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ op: '-', text: a[i++] });
    else out.push({ op: '+', text: b[j++] });
  }
  while (i < n) out.push({ op: '-', text: a[i++] });
  while (j < m) out.push({ op: '+', text: b[j++] });
  return out;
}

/** Only the changed lines and `context` lines around them (like `diff -U`). */
export function changedHunks(d: DiffLine[], context = 2): (DiffLine | { op: '…'; text: '' })[] {
  const keep = new Set<number>();
  d.forEach((l, i) => {
    if (l.op !== ' ') for (let k = Math.max(0, i - context); k <= Math.min(d.length - 1, i + context); k++) keep.add(k);
  });
  const out: (DiffLine | { op: '…'; text: '' })[] = [];
  let last = -1;
  for (const i of [...keep].sort((x, y) => x - y)) {
    if (last >= 0 && i > last + 1) out.push({ op: '…', text: '' });
    out.push(d[i]);
    last = i;
  }
  return out;
}

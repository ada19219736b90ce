// The on-call triage board's model: unhealthy pods (their shared diagnoses) grouped into incidents
// by (the object a person edits, root cause), ranked by what an on-call engineer looks at first,
// each with the reasons for its rank: whether the workload is below what it should serve (and how
// many pods that is), whether it is user-facing or batch, what changed just before (a rollout),
// how recent it is, whether it is getting worse, and the severity of its cause.
import type { V1ReplicaSet } from '@kubernetes/client-node';
import { diagnoseReplicaSet } from '../diagnosis/rules/controller';
import { type Confidence, type DiagnosisSummary, SEVERITY_RANK, type Severity } from '../diagnosis/types';
import type { PodEvent } from '../events/normalize';
import { fmtDuration } from '../k8s/duration';
import { timeMs } from '../k8s/time';

/** One unhealthy pod as the shared diagnosis sees it. */
export interface DiagnosedPod {
  namespace: string;
  name: string;
  summary: DiagnosisSummary;
  /** the object a person edits (Deployment, StatefulSet, CronJob, …, or the pod itself) */
  owner: { kind: string; name: string };
  status: string;
  restarts: number;
  /** when it started failing this way (ms since epoch) */
  since: number;
}

/** What the board knows of a workload. */
export interface WorkloadInfo {
  /** the replicas it should have (a Job: its parallelism; a DaemonSet: nodes it should run on) */
  desired?: number;
  /** how many are available now */
  available?: number;
  /** when its newest revision was made (a new ReplicaSet, a StatefulSet update) */
  changedAt?: number;
  /** a rollout that has not finished */
  rolling?: boolean;
  /** false when it has never been available (a new workload that has not worked yet) */
  wasAvailable?: boolean;
}

const BATCH = new Set(['Job', 'CronJob']);

export interface Incident {
  id: string;
  severity: Severity;
  confidence: Confidence;
  findingId: string;
  category: string;
  title: string;
  /** what the root cause explains, for the card ("because of it: …") */
  consequences?: string[];
  workload: { kind: string; namespace: string; name: string };
  affected: number;
  desired: number;
  available?: number;
  pods: { name: string; status: string }[];
  /** the pod to open; absent when no pod exists (e.g. the controller cannot create any) */
  representative?: string;
  firstSeen?: string;
  /** higher first; and why, in the words the card shows */
  rank: { score: number; reasons: string[] };
}

export interface TriageInput {
  pods: Iterable<DiagnosedPod>;
  workload: (kind: string, namespace: string, name: string) => WorkloadInfo | undefined;
  /** ReplicaSets and their events, for pods that were never created */
  replicaSets?: Iterable<V1ReplicaSet>;
  eventsForObject?: (kind: string, namespace: string, name: string) => PodEvent[];
  /** the same incidents' affected pods and restarts a while ago, to tell one getting worse */
  before?: (id: string) => { affected: number; restarts: number } | undefined;
  now: number;
}

const NEW_MS = 15 * 60_000;
const CHANGE_WINDOW_MS = 60 * 60_000;

/**
 * The rank, a score with its reasons: an outage of something users reach (the more of it is down
 * and the bigger it is, the higher; 0 of 3 available outranks 0 of 1), a failure a change just
 * caused (a rollout: undoing it is the likeliest fix, and it spreads as the rollout goes on), the
 * severity of the cause, the share of pods affected; new and worsening incidents move up, batch
 * work (Jobs, CronJobs) moves down. Worked examples are in the README's triage section.
 */
export function rankIncident(i: Omit<Incident, 'rank'>, w: WorkloadInfo | undefined, now: number, worse: boolean): Incident['rank'] {
  const reasons: string[] = [];
  let score = 0;
  const batch = BATCH.has(i.workload.kind);
  const desired = Math.max(1, i.desired);
  const available = i.available;
  if (!batch && available !== undefined && available < desired && w?.wasAvailable === false) {
    // never available: a new workload that has not worked yet; nobody lost a service
    score += 5;
    reasons.push(`never available yet (0 of ${desired})`);
  } else if (!batch && available !== undefined && available < desired) {
    const down = (desired - available) / desired;
    score += 15 + 20 * down + 10 * Math.log2(desired);
    reasons.push(available === 0 ? `down: 0 of ${desired} available` : `degraded: ${available} of ${desired} available`);
  } else if (i.workload.kind === 'Pod') {
    reasons.push('a bare pod (no controller recreates it)');
  } else if (!batch) {
    reasons.push(available !== undefined ? `${available} of ${desired} still available` : 'availability unknown');
  }
  const first = timeMs(i.firstSeen) ?? now;
  if (
    i.findingId === 'rollout.regression' ||
    (w?.changedAt !== undefined && w.changedAt <= first + 60_000 && first - w.changedAt < CHANGE_WINDOW_MS)
  ) {
    // undoing the change is the likeliest fix, and a rollout spreads its failure as it goes on
    score += 50;
    reasons.push(
      i.findingId === 'rollout.regression'
        ? 'began with a rollout (the new revision fails, the old one ran)'
        : `began ${fmtDuration(Math.max(0, first - (w?.changedAt ?? first)))} after a change to ${i.workload.kind} ${i.workload.name}`,
    );
  }
  score += { critical: 30, error: 20, warning: 8, info: 0 }[i.severity];
  score += 10 * (i.affected / desired) + 3 * Math.log2(1 + i.affected);
  reasons.push(`${i.affected} of ${desired} pod${desired === 1 ? '' : 's'} affected`);
  if (now - first < NEW_MS) {
    score += 8;
    reasons.push(`new: since ${fmtDuration(now - first)} ago`);
  } else reasons.push(`for ${fmtDuration(now - first)}`);
  if (worse) {
    score += 8;
    reasons.push('getting worse');
  }
  if (batch) {
    score -= 25;
    reasons.push('batch work');
  }
  if (i.confidence !== 'high') reasons.push(`confidence ${i.confidence}`);
  return { score: Math.round(score), reasons };
}

/** The incident a pod belongs to: the object a person edits, and the root cause. */
export function incidentOf(p: Pick<DiagnosedPod, 'namespace' | 'name' | 'owner' | 'summary'>): {
  id: string;
  workload: Incident['workload'];
} {
  const workload = { kind: p.owner.kind, namespace: p.namespace, name: p.owner.kind === 'Pod' ? p.name : p.owner.name };
  return { id: `${workload.kind}/${workload.namespace}/${workload.name}|${p.summary.id}`, workload };
}

export function buildIncidents(src: TriageInput): Incident[] {
  const groups = new Map<string, Omit<Incident, 'rank'> & { firstMs: number; restarts: number }>();
  for (const p of src.pods) {
    const { id, workload } = incidentOf(p);
    let g = groups.get(id);
    if (!g) {
      g = {
        id,
        severity: p.summary.severity,
        confidence: p.summary.confidence,
        findingId: p.summary.id,
        category: p.summary.category,
        title: p.summary.title,
        consequences: p.summary.consequences,
        workload,
        affected: 0,
        desired: 0,
        pods: [],
        representative: p.name,
        firstMs: p.since,
        restarts: 0,
      };
      groups.set(id, g);
    }
    g.affected++;
    g.restarts += p.restarts;
    g.pods.push({ name: p.name, status: p.status });
    if (p.since < g.firstMs) {
      g.firstMs = p.since;
      g.representative = p.name;
      g.title = p.summary.title;
      g.consequences = p.summary.consequences;
    }
    if (SEVERITY_RANK[p.summary.severity] < SEVERITY_RANK[g.severity]) g.severity = p.summary.severity;
  }
  const out: Incident[] = [];
  for (const g of groups.values()) {
    const w = src.workload(g.workload.kind, g.workload.namespace, g.workload.name);
    const { firstMs, restarts, ...inc } = g;
    inc.desired = Math.max(g.affected, w?.desired ?? g.affected);
    inc.available = w?.available;
    inc.pods.sort((a, b) => a.name.localeCompare(b.name));
    const base = { ...inc, firstSeen: new Date(firstMs).toISOString() };
    const prev = src.before?.(g.id);
    const worse = !!prev && (g.affected > prev.affected || restarts > prev.restarts);
    out.push({ ...base, rank: rankIncident(base, w, src.now, worse) });
  }
  for (const rs of src.replicaSets ?? []) {
    if (!rs.status?.conditions?.some((c) => c.type === 'ReplicaFailure' && c.status === 'True')) continue;
    const ns = rs.metadata?.namespace ?? '';
    const f = diagnoseReplicaSet(rs, src.eventsForObject?.('ReplicaSet', ns, rs.metadata?.name ?? '') ?? []);
    if (!f) continue;
    const dep = rs.metadata?.ownerReferences?.find((o) => o.kind === 'Deployment');
    const desired = rs.spec?.replicas ?? 0;
    const workload = dep
      ? { kind: 'Deployment', namespace: ns, name: dep.name }
      : { kind: 'ReplicaSet', namespace: ns, name: rs.metadata?.name ?? '' };
    const w = src.workload(workload.kind, ns, workload.name);
    const base = {
      id: `ReplicaSet/${ns}/${rs.metadata?.name}|${f.id}`,
      severity: f.severity,
      confidence: f.confidence,
      findingId: f.id,
      category: 'controller',
      title: f.title,
      workload,
      affected: Math.max(0, desired - (rs.status?.replicas ?? 0)),
      desired: Math.max(1, desired),
      available: w?.available ?? rs.status?.availableReplicas ?? 0,
      pods: [],
      firstSeen: f.evidence.find((e) => e.at)?.at,
    };
    out.push({ ...base, rank: rankIncident(base, w, src.now, false) });
  }
  return out.sort((a, b) => b.rank.score - a.rank.score || b.affected - a.affected || a.id.localeCompare(b.id));
}

import 'server-only';
// "Share snapshot": freezes a pod's debug page into an immutable bundle in the flight recorder's
// store — the pod, its events (live and recorded), owner chain, node summary, diagnosis, timeline
// transitions and the tail of every container's logs (current and previous) — with anything that
// looks like a credential redacted. /s/{id} shows it to anyone who may read pods in that
// namespace, even after the pod is gone.
import { randomBytes } from 'node:crypto';
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { diagnosisReport } from '@/lib/diagnosis/engine';
import type { DiagnosisInput } from '@/lib/diagnosis/types';
import { mergeEvents } from '@/lib/events/normalize';
import type { ContainerLogs, NodeSummary, OwnerSummary, SnapshotBundle } from '@/lib/snapshot/types';
import { allowed, assertCanReadPods } from '../auth/access';
import { type Identity, identityKey } from '../auth/identity';
import { gatherDiagnosisInput } from '../diagnosis/gather';
import { AppError } from '../errors';
import { withRecordedEvents } from '../recorder/events';
import { transitionsOf } from '../recorder/transitions';
import { loadSnapshot, saveSnapshot } from './store';
import { kubeConfigFor } from '../kube/clusters';
import { logTail } from '../logs/tail';
import { log } from '../log';
import { redactDeep } from './redact';
import { containerSpecs, statusesByName } from '@/lib/k8s/containers';

export const SNAPSHOT_LOG_LINES = 200;

function ownersOf(input: DiagnosisInput): OwnerSummary[] {
  const o = input.owners ?? {};
  const out: OwnerSummary[] = [];
  if (o.replicaSet)
    out.push({
      kind: 'ReplicaSet',
      name: o.replicaSet.metadata?.name ?? '',
      status: `${o.replicaSet.status?.readyReplicas ?? 0}/${o.replicaSet.spec?.replicas ?? 0} ready`,
    });
  if (o.deployment)
    out.push({
      kind: 'Deployment',
      name: o.deployment.metadata?.name ?? '',
      status: `${o.deployment.status?.readyReplicas ?? 0}/${o.deployment.spec?.replicas ?? 0} ready, ${o.deployment.status?.updatedReplicas ?? 0} up to date`,
    });
  if (o.job)
    out.push({
      kind: 'Job',
      name: o.job.metadata?.name ?? '',
      status: `${o.job.status?.succeeded ?? 0} succeeded, ${o.job.status?.failed ?? 0} failed`,
    });
  if (!out.length) {
    // owners Podscope does not read for diagnosis (StatefulSet, DaemonSet, ...): name them
    for (const r of input.pod.metadata?.ownerReferences ?? []) out.push({ kind: r.kind, name: r.name });
  }
  return out;
}

function nodeSummary(n: V1Node | undefined): NodeSummary | undefined {
  if (!n) return undefined;
  const conditions = (n.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message }));
  return {
    name: n.metadata?.name ?? '',
    ready: conditions.find((c) => c.type === 'Ready')?.status,
    unschedulable: n.spec?.unschedulable ?? false,
    conditions,
    taints: (n.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
    allocatable: n.status?.allocatable ?? {},
    kubeletVersion: n.status?.nodeInfo?.kubeletVersion,
  };
}

type Tail = { lines?: string[]; note?: string };

const tail = (identity: Identity, context: string, ns: string, pod: string, container: string, previous: boolean): Promise<Tail> =>
  logTail(kubeConfigFor(context, identity), ns, pod, container, {
    previous,
    lines: SNAPSHOT_LOG_LINES,
    bytes: 128 * 1024,
    timeoutMs: 10_000,
  });

async function logsOf(identity: Identity, context: string, pod: V1Pod, deleted: boolean): Promise<ContainerLogs[]> {
  const ns = pod.metadata?.namespace ?? '',
    name = pod.metadata?.name ?? '';
  const statuses = statusesByName(pod);
  const containers = containerSpecs(pod).map((c) => c.name);
  return Promise.all(
    containers.map(async (c): Promise<ContainerLogs> => {
      if (deleted) return { container: c, currentNote: 'the pod had been deleted: its logs are gone' };
      const s = statuses.get(c);
      const hasCurrent = !!(s?.state?.running || s?.state?.terminated);
      // the API server answers "previous" for containers that never restarted on some runtimes:
      // ask only when the status records a previous run
      const hasPrevious = !!s?.lastState?.terminated;
      const [cur, prev] = await Promise.all([
        hasCurrent
          ? tail(identity, context, ns, name, c, false)
          : Promise.resolve<Tail>({ note: `no current container (${s?.state?.waiting?.reason ?? 'not started'})` }),
        hasPrevious ? tail(identity, context, ns, name, c, true) : Promise.resolve<Tail>({ note: 'no previous container' }),
      ]);
      return { container: c, current: cur.lines, currentNote: cur.note, previous: prev.lines, previousNote: prev.note };
    }),
  );
}

// snapshots are written to Podscope's own disk on request: bounded per identity and in size
const RATE = { perMinute: 20 };
const MAX_BYTES = 8 * 1024 * 1024;
const recent = new Map<string, number[]>();

function rateLimit(context: string, identity: Identity, now: number) {
  const k = identityKey(context, identity);
  const times = (recent.get(k) ?? []).filter((t) => now - t < 60_000);
  if (times.length >= RATE.perMinute)
    throw new AppError('unavailable', `too many snapshots: at most ${RATE.perMinute} a minute`, 'try again in a minute');
  times.push(now);
  recent.set(k, times);
  if (recent.size > 10_000) recent.clear();
}

export async function createSnapshot(context: string, identity: Identity, namespace: string, name: string): Promise<SnapshotBundle> {
  const createdAt = Date.now();
  rateLimit(context, identity, createdAt);
  const input = await gatherDiagnosisInput(context, namespace, name, createdAt, identity);
  const uid = input.pod.metadata?.uid;
  const events = mergeEvents(await withRecordedEvents(context, `${namespace}/${name}`, input.events, uid));
  const deleted = input.deletedAt !== undefined;
  const bundle: SnapshotBundle = {
    version: 1,
    id: randomBytes(12).toString('base64url'),
    createdAt,
    context,
    namespace,
    name,
    ...(deleted ? { deletedAt: input.deletedAt } : {}),
    pod: input.pod,
    events,
    transitions: await transitionsOf(context, `${namespace}/${name}`, uid),
    owners: ownersOf(input),
    node: nodeSummary(input.node),
    diagnosis: diagnosisReport(input),
    logs: await logsOf(identity, context, input.pod, deleted),
    logLines: SNAPSHOT_LOG_LINES,
  };
  const safe = redactDeep(bundle) as SnapshotBundle;
  const body = JSON.stringify(safe);
  if (body.length > MAX_BYTES)
    throw new AppError(
      'unavailable',
      `this snapshot would be ${Math.round(body.length / 1048576)} MiB, over the ${MAX_BYTES / 1048576} MiB limit`,
    );
  try {
    await saveSnapshot({ id: safe.id, context, namespace, pod: name, createdAt, body });
  } catch (err) {
    throw new AppError(
      'unavailable',
      `cannot save the snapshot: ${(err as Error).message}`,
      'make PODSCOPE_DATA_DIR writable (and not full)',
    );
  }
  log.info('snapshot created', { id: safe.id, context, pod: `${namespace}/${name}` });
  return safe;
}

/**
 * A snapshot for this identity: 404 when there is none, 403 unless they may get pods in its
 * namespace now. Sections behind other permissions (logs, events, the node) are withheld from a
 * viewer who lacks them, as the live pages would withhold them.
 */
export async function readSnapshot(id: string, identityOn: (context: string) => Identity | Promise<Identity>): Promise<SnapshotBundle> {
  const row = await loadSnapshot(id);
  if (!row) throw new AppError('not-found', 'there is no snapshot with this id (it may have expired)');
  // (in token mode: the login for the snapshot's own context, the one that can answer for it)
  const identity = await identityOn(row.context);
  await assertCanReadPods(row.context, identity, row.namespace);
  const b = JSON.parse(row.body) as SnapshotBundle;
  const ns = row.namespace;
  const [logs, events, nodes] = await Promise.all([
    allowed(row.context, identity, { namespace: ns, verb: 'get', group: '', resource: 'pods', subresource: 'log' }),
    allowed(row.context, identity, { namespace: ns, verb: 'list', group: '', resource: 'events' }),
    allowed(row.context, identity, { namespace: '', verb: 'get', group: '', resource: 'nodes' }),
  ]);
  if (!logs) {
    b.logs = b.logs.map((l) => ({ container: l.container, currentNote: `withheld: you may not read logs in ${ns} (get pods/log)` }));
    b.diagnosis.findings = b.diagnosis.findings.map((f) => ({ ...f, evidence: f.evidence.filter((e) => !e.source.startsWith('log')) }));
  }
  if (!events) {
    b.events = [];
    b.diagnosis.findings = b.diagnosis.findings.map((f) => ({ ...f, evidence: f.evidence.filter((e) => !e.source.startsWith('event')) }));
  }
  if (!nodes) delete b.node;
  return b;
}

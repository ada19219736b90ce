import 'server-only';
// The live triage board for one (context, identity, namespace scope): the shared per-pod
// diagnoses (server/diagnosis/shared.ts) grouped into incidents and ranked (lib/triage/), plus
// ReplicaSets that cannot create pods at all. Recomputed at most once a second while anything
// changes, and every 10 s anyway (recency moves). One computation per board, shared by every
// tab showing it.
import type { CoreV1Event, V1DaemonSet, V1Deployment, V1Job, V1ReplicaSet, V1StatefulSet } from '@kubernetes/client-node';
import type { WatchState } from '@/lib/api/stream';
import { normalizeEvent } from '@/lib/events/normalize';
import { controllerOf } from '@/lib/k8s/owners';
import { timeMs } from '@/lib/k8s/time';
import { buildIncidents, type Incident, incidentOf, type WorkloadInfo } from '@/lib/triage/incidents';
import { type Identity, identityKey } from '../auth/identity';
import { acquireDiagnoses, type PodDiagnoses } from '../diagnosis/shared';
import type { Reflector } from '../watch/reflector';

export interface TriageFeed {
  stop: () => void;
}

const get = <T>(r: Reflector | undefined, ns: string, name: string) => r?.store.get(`${ns}/${name}`) as T | undefined;

/** Desired and available replicas, and the latest change, of the object a person edits. */
function workloadInfo(d: PodDiagnoses, kind: string, ns: string, name: string): WorkloadInfo | undefined {
  const r = d.reflectors;
  switch (kind) {
    case 'Deployment': {
      const dep = get<V1Deployment>(r.Deployment, ns, name);
      if (!dep) return undefined;
      // the newest ReplicaSet's birth is the latest rollout (a Deployment's first ReplicaSet is
      // its creation, not a change to something that worked)
      let newest: number | undefined;
      let revisions = 0;
      for (const rs of (r.ReplicaSet?.store.values() ?? []) as Iterable<V1ReplicaSet>) {
        if (rs.metadata?.namespace !== ns || controllerOf(rs)?.kind !== 'Deployment' || controllerOf(rs)?.name !== name) continue;
        revisions++;
        const t = timeMs(rs.metadata?.creationTimestamp);
        if (t !== undefined && (newest === undefined || t > newest)) newest = t;
      }
      const progressing = dep.status?.conditions?.find((c) => c.type === 'Progressing');
      // the deployment controller sets Available=False when it creates the Deployment; if that
      // is still the transition, the Deployment has never been available: nobody lost a service
      const avail = dep.status?.conditions?.find((c) => c.type === 'Available');
      const created = timeMs(dep.metadata?.creationTimestamp);
      const since = timeMs(avail?.lastTransitionTime);
      const neverAvailable = avail?.status === 'False' && created !== undefined && since !== undefined && since - created < 60_000;
      return {
        desired: dep.spec?.replicas ?? 1,
        available: dep.status?.availableReplicas ?? 0,
        changedAt: revisions > 1 ? newest : undefined,
        rolling: progressing?.reason === 'ReplicaSetUpdated',
        wasAvailable: neverAvailable ? false : undefined,
      };
    }
    case 'StatefulSet': {
      const sts = get<V1StatefulSet>(r.StatefulSet, ns, name);
      return sts
        ? {
            desired: sts.spec?.replicas ?? 1,
            available: sts.status?.availableReplicas ?? sts.status?.readyReplicas ?? 0,
            rolling: sts.status?.updateRevision !== sts.status?.currentRevision,
          }
        : undefined;
    }
    case 'DaemonSet': {
      const ds = get<V1DaemonSet>(r.DaemonSet, ns, name);
      return ds ? { desired: ds.status?.desiredNumberScheduled ?? 0, available: ds.status?.numberAvailable ?? 0 } : undefined;
    }
    case 'ReplicaSet': {
      const rs = get<V1ReplicaSet>(r.ReplicaSet, ns, name);
      return rs ? { desired: rs.spec?.replicas ?? 1, available: rs.status?.availableReplicas ?? 0 } : undefined;
    }
    case 'Job': {
      const job = get<V1Job>(r.Job, ns, name);
      return job ? { desired: job.spec?.parallelism ?? 1 } : undefined;
    }
    case 'Pod':
      // a bare pod: nothing recreates it, and nothing says how many there should be
      return { desired: 1 };
    default:
      return undefined;
  }
}

function startBoard(
  context: string,
  identity: Identity,
  namespace: string | undefined,
  onIncidents: (i: Incident[], state: WatchState) => void,
  onState: (s: WatchState) => void,
): TriageFeed {
  const { diagnoses, release } = acquireDiagnoses(context, identity, namespace);
  let dirty = true;
  let stopped = false;
  let last = 0;
  // what each incident looked like a few minutes ago, to tell one getting worse
  const history = new Map<string, { affected: number; restarts: number; at: number }>();
  const unlisten = diagnoses.addListener({ changed: () => (dirty = true), state: (s) => onState(s) });
  const compute = () => {
    const now = Date.now();
    const d = diagnoses;
    const byObject = new Map<string, CoreV1Event[]>();
    for (const e of (d.reflectors.Event?.store.values() ?? []) as Iterable<CoreV1Event>) {
      if (e.involvedObject?.kind !== 'ReplicaSet') continue;
      const k = `${e.involvedObject.namespace}/${e.involvedObject.name}`;
      byObject.set(k, [...(byObject.get(k) ?? []), e]);
    }
    const incidents = buildIncidents({
      pods: d.results.values(),
      workload: (kind, ns, name) => workloadInfo(d, kind, ns, name),
      replicaSets: (d.reflectors.ReplicaSet?.store.values() ?? []) as Iterable<V1ReplicaSet>,
      eventsForObject: (_kind, ns, name) => (byObject.get(`${ns}/${name}`) ?? []).map(normalizeEvent),
      before: (id) => history.get(id),
      now,
    });
    // restarts per incident, in one pass over the pods (the same grouping key as buildIncidents)
    const restartsOf = new Map<string, number>();
    for (const p of d.results.values()) {
      const { id } = incidentOf(p);
      restartsOf.set(id, (restartsOf.get(id) ?? 0) + p.restarts);
    }
    for (const i of incidents) {
      const h = history.get(i.id);
      if (!h || now - h.at > 5 * 60_000) history.set(i.id, { affected: i.affected, restarts: restartsOf.get(i.id) ?? 0, at: now });
    }
    onIncidents(incidents, d.state());
  };
  const tick = () => {
    if (stopped) return;
    if (diagnoses.ready && (dirty || Date.now() - last > 10_000)) {
      dirty = false;
      last = Date.now();
      compute();
    }
    setTimeout(tick, diagnoses.ready ? 1000 : 200).unref?.();
  };
  tick();
  return {
    stop: () => {
      stopped = true;
      unlisten();
      release();
    },
  };
}

type Subscriber = { onIncidents: (i: Incident[], state: WatchState) => void; onState: (s: WatchState) => void };
interface SharedBoard {
  feed: TriageFeed;
  subscribers: Set<Subscriber>;
  last?: { incidents: Incident[]; state: WatchState };
  lastState?: WatchState;
}

const g = globalThis as unknown as { __podscopeBoards?: Map<string, SharedBoard> };
const boards = (g.__podscopeBoards ??= new Map());

export function startTriage(
  context: string,
  identity: Identity,
  namespace: string | undefined,
  onIncidents: Subscriber['onIncidents'],
  onState: Subscriber['onState'],
): TriageFeed {
  const key = `${context}\u0000${identityKey(context, identity)}\u0000${namespace ?? '*'}`;
  let board = boards.get(key);
  if (!board) {
    const b: SharedBoard = { subscribers: new Set(), feed: { stop: () => {} } };
    b.feed = startBoard(
      context,
      identity,
      namespace,
      (incidents, state) => {
        b.last = { incidents, state };
        for (const s of b.subscribers) s.onIncidents(incidents, state);
      },
      (state) => {
        b.lastState = state;
        for (const s of b.subscribers) s.onState(state);
      },
    );
    boards.set(key, (board = b));
  }
  const me: Subscriber = { onIncidents, onState };
  board.subscribers.add(me);
  if (board.last) onIncidents(board.last.incidents, board.last.state);
  else if (board.lastState) onState(board.lastState);
  const shared = board;
  return {
    stop: () => {
      if (!shared.subscribers.delete(me) || shared.subscribers.size > 0) return;
      shared.feed.stop();
      boards.delete(key);
    },
  };
}

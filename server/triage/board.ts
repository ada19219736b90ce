import 'server-only';
// The live triage board for one (context, identity, namespace scope): reads the shared watch
// caches of pods, events, ReplicaSets, Deployments, StatefulSets and Jobs, and recomputes
// incidents at most once a second while anything changes. One computation per board, shared by
// every tab showing it: a second on-call engineer opening the board gets the last result at once
// instead of another pass over 10,000 pods.
import type { CoreV1Event, V1Deployment, V1Job, V1Pod, V1ReplicaSet, V1StatefulSet } from '@kubernetes/client-node';
import { normalizeEvent, type PodEvent } from '@/lib/events/normalize';
import { belongsToPod } from '@/lib/k8s/events';
import { type OwnerLookup, resolveOwners } from '@/lib/k8s/owners';
import { buildIncidents, type Incident } from '@/lib/triage/incidents';
import type { WatchState } from '@/lib/api/stream';
import { type Identity, identityKey } from '../auth/identity';
import { acquire } from '../watch/cache';
import type { Reflector } from '../watch/reflector';

export interface TriageFeed {
  stop: () => void;
}

/** Owners read from the board's own watch caches (ReplicaSets, Deployments, Jobs). */
function cacheOwnerLookup(r: Record<'replicasets' | 'deployments' | 'jobs', Reflector>): OwnerLookup {
  const get =
    <T>(ref: Reflector) =>
    (ns: string, name: string) =>
      ref.store.get(`${ns}/${name}`) as T | undefined;
  return {
    replicaSet: get<V1ReplicaSet>(r.replicasets),
    deployment: get<V1Deployment>(r.deployments),
    job: get<V1Job>(r.jobs),
    replicaSets: (ns) => [...(r.replicasets.store.values() as Iterable<V1ReplicaSet>)].filter((x) => x.metadata?.namespace === ns),
  };
}

function startBoard(
  context: string,
  identity: Identity,
  namespace: string | undefined,
  onIncidents: (i: Incident[], state: WatchState) => void,
  onState: (s: WatchState) => void,
): TriageFeed {
  const names = ['pods', 'events', 'replicasets', 'deployments', 'statefulsets', 'jobs'] as const;
  const handles = names.map((resource) => acquire({ context, identity, resource, namespace }));
  const r = Object.fromEntries(names.map((n, i) => [n, handles[i].reflector])) as Record<(typeof names)[number], Reflector>;
  let dirty = true;
  let stopped = false;
  // one aggregated state: the worst of the caches that matter (pods, events); the owner caches are
  // optional extras (an identity may not be allowed to list them)
  const essential = [r.pods, r.events];
  let lastPhase = '';
  const aggregate = (): WatchState =>
    essential.map((x) => x.state).find((s) => s.phase === 'error') ??
    essential.map((x) => x.state).find((s) => s.phase !== 'live') ?? { phase: 'live', since: Date.now() };
  const unlisten = handles.map((h) =>
    h.reflector.addListener({
      deltas: () => {
        dirty = true;
      },
      state: () => {
        const s = aggregate();
        if (s.phase !== lastPhase) {
          lastPhase = s.phase;
          onState(s);
        }
      },
    }),
  );

  const compute = async () => {
    // events indexed by pod once per computation; normalised only for pods that get diagnosed
    const byPod = new Map<string, CoreV1Event[]>();
    for (const e of r.events.store.values() as Iterable<unknown>) {
      const ev = e as CoreV1Event;
      if (ev.involvedObject?.kind !== 'Pod' && ev.involvedObject?.kind !== 'ReplicaSet') continue;
      const k = `${ev.involvedObject.kind === 'Pod' ? '' : `${ev.involvedObject.kind}:`}${ev.involvedObject.namespace}/${ev.involvedObject.name}`;
      let list = byPod.get(k);
      if (!list) byPod.set(k, (list = []));
      list.push(ev);
    }
    const get = <T>(ref: Reflector, ns: string, name: string) => ref.store.get(`${ns}/${name}`) as T | undefined;
    const lookup = cacheOwnerLookup(r);
    const incidents = await buildIncidents({
      pods: r.pods.store.values() as Iterable<V1Pod>,
      eventsFor: (ns, name, uid?: string): PodEvent[] =>
        (byPod.get(`${ns}/${name}`) ?? []).filter((e) => belongsToPod(e.involvedObject?.uid, uid)).map(normalizeEvent),
      desiredOf: (kind, ns, name) => {
        if (kind === 'Deployment') return get<V1Deployment>(r.deployments, ns, name)?.spec?.replicas;
        if (kind === 'StatefulSet') return get<V1StatefulSet>(r.statefulsets, ns, name)?.spec?.replicas;
        if (kind === 'ReplicaSet') return get<V1ReplicaSet>(r.replicasets, ns, name)?.spec?.replicas;
        if (kind === 'Job') return get<V1Job>(r.jobs, ns, name)?.spec?.parallelism;
        return undefined;
      },
      ownersOf: (pod) => resolveOwners(pod, lookup),
      replicaSets: r.replicasets.store.values() as Iterable<V1ReplicaSet>,
      eventsForObject: (kind, ns, name): PodEvent[] => (byPod.get(`${kind}:${ns}/${name}`) ?? []).map(normalizeEvent),
      now: Date.now(),
    });
    onIncidents(incidents, aggregate());
  };

  void Promise.all(essential.map((x) => x.waitForSync())).then(() => {
    // recompute on change (at most once a second), and every 10 s anyway: some findings depend on time
    let last = 0;
    const tick = () => {
      if (stopped) return;
      if (dirty || Date.now() - last > 10_000) {
        dirty = false;
        last = Date.now();
        void compute().finally(() => setTimeout(tick, 1000));
        return;
      }
      setTimeout(tick, 1000);
    };
    tick();
  });
  return {
    stop: () => {
      stopped = true;
      unlisten.forEach((u) => u());
      handles.forEach((h) => h.release());
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

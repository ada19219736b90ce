import 'server-only';
// One multiplexed stream per browser tab. Each subscription reads a shared watch cache: it gets
// a snapshot once the cache has synced, then coalesced deltas (the newest version of each
// object, flushed every PODSCOPE_FLUSH_MS), and the cache's connection state as it changes.
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { normalizeEvent, type PodEvent } from '@/lib/events/normalize';
import { isEventOfPod } from '@/lib/k8s/events';
import { podRow } from '@/lib/pods/row';
import type { ServerMessage, SubscriptionSpec, WatchState } from '@/lib/stream/protocol';
import type { Identity, Principal } from '../auth/identity';
import { assertVerified } from '../auth/verify';
import { assertMayWatch } from '../auth/watch-access';
import { config } from '../config';
import { toAppError } from '../errors';
import { histKey, onTransitions, transitionsOf } from '../history/transitions';
import { withRecordedEvents } from '../history/events';
import { deletedPod, recorderStatus } from '../history/store';
import { log } from '../log';
import { startTriage } from '../triage/board';
import { acquire } from '../watch/cache';
import type { KubeObject } from '../watch/reflector';

interface ActiveSub {
  spec: SubscriptionSpec;
  snapshotSent: boolean;
  upserts: Map<string, unknown>;
  deletes: Set<string>;
  cleanup: (() => void)[];
}

function matches(spec: SubscriptionSpec, o: KubeObject): boolean {
  if (spec.name && o.metadata?.name !== spec.name) return false;
  if (spec.involvedName && !isEventOfPod(o as unknown as CoreV1Event, spec.involvedName)) return false;
  return true;
}

// One projection per object version, shared by every session that streams it (50 tabs on the
// same list cost one row per pod, not fifty). Keyed by the stored object, which is replaced on
// every change, so a WeakMap needs no invalidation.
const rows = new WeakMap<object, { row: unknown; at: number }>();
const ROW_TTL_MS = 30_000;
const MAX_SUBSCRIPTIONS = 200;
const normalized = new WeakMap<object, unknown>();

function project(spec: SubscriptionSpec, o: KubeObject): unknown {
  if (spec.resource === 'events') {
    let e = normalized.get(o);
    if (!e) normalized.set(o, (e = normalizeEvent(o as unknown as CoreV1Event)));
    return e;
  }
  if (spec.resource === 'pods' && spec.view === 'rows') {
    // rows carry a time-dependent diagnosis (e.g. a crash 10 minutes ago no longer counts):
    // shared per object version, but recomputed when older than ROW_TTL_MS
    const now = Date.now();
    let r = rows.get(o);
    if (!r || now - r.at > ROW_TTL_MS) rows.set(o, (r = { row: podRow(o as V1Pod, now), at: now }));
    return r.row;
  }
  return o; // the reflector already dropped managedFields as the object entered the cache
}

const encoder = new TextEncoder();
const snapshotCache = new WeakMap<object, { version: number; at: number; byView: Map<string, Uint8Array> }>();
const subscriptionKey = (s: SubscriptionSpec) => [s.resource, s.view, s.involvedName ?? ''].join('|');

function keyOf(spec: SubscriptionSpec, key: string, o: KubeObject): string {
  return spec.resource === 'events' ? (o.metadata?.uid ?? key) : key;
}

export class Session {
  private subs = new Map<string, ActiveSub>();
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  private readonly flushMs: number;
  private heartbeatTimer: NodeJS.Timeout;
  closed = false;

  constructor(
    readonly id: string,
    readonly principal: Principal,
    private readonly send: (m: ServerMessage | Uint8Array[]) => boolean,
    private readonly onClose: () => void,
  ) {
    const cfg = config();
    this.flushMs = cfg.PODSCOPE_FLUSH_MS;
    this.heartbeatTimer = setInterval(() => this.emit({ type: 'heartbeat', serverTime: Date.now() }), cfg.PODSCOPE_HEARTBEAT_MS);
    this.emit({ type: 'hello', session: id, serverTime: Date.now(), heartbeatMs: cfg.PODSCOPE_HEARTBEAT_MS });
  }

  private emit(m: ServerMessage | Uint8Array[]) {
    if (this.closed) return;
    if (!this.send(m)) this.close(); // the client cannot keep up: drop it; it reconnects and resnapshots
  }

  subscribe(id: string, spec: SubscriptionSpec): void {
    if (this.closed || this.subs.has(id)) return;
    if (this.subs.size >= MAX_SUBSCRIPTIONS) {
      this.emit({
        type: 'state',
        sub: id,
        state: {
          phase: 'error',
          since: Date.now(),
          message: `too many subscriptions on one stream (${MAX_SUBSCRIPTIONS})`,
          errorKind: 'invalid',
        },
      });
      return;
    }
    const sub: ActiveSub = { spec, snapshotSent: false, upserts: new Map(), deletes: new Set(), cleanup: [] };
    this.subs.set(id, sub);
    this.start(id, sub).catch((err: unknown) => {
      if (this.subs.get(id) !== sub) return;
      const e = toAppError(err);
      this.emit({ type: 'state', sub: id, state: { phase: 'error', since: Date.now(), message: e.message, errorKind: e.kind } });
    });
  }

  /**
   * Nothing is watched for a subscriber before the API server has accepted who they are on that
   * context and said they may list and watch what they ask for now (a shared cache would
   * otherwise serve someone whose access was revoked since it started).
   */
  private async start(id: string, sub: ActiveSub) {
    const { spec } = sub;
    const identity = this.principal.identityFor(spec.context);
    await assertVerified(spec.context, identity);
    const needs =
      spec.resource === 'triage'
        ? (['pods', 'events'] as const)
        : spec.resource === 'podtransitions'
          ? (['pods'] as const)
          : [spec.resource];
    await Promise.all(needs.map((r) => assertMayWatch(spec.context, identity, r, spec.namespace)));
    if (this.closed || this.subs.get(id) !== sub) return; // unsubscribed meanwhile
    if (spec.resource === 'podtransitions') this.subscribeTransitions(id, sub, identity);
    else if (spec.resource === 'triage') this.subscribeTriage(id, sub, identity);
    else this.subscribeWatch(id, sub, identity);
  }

  /** The triage board: the whole incident list is small, so every recomputation is sent as a snapshot. */
  private subscribeTriage(id: string, sub: ActiveSub, identity: Identity) {
    const feed = startTriage(
      sub.spec.context,
      identity,
      sub.spec.namespace,
      (incidents, state) => {
        sub.snapshotSent = true;
        this.emit({ type: 'snapshot', sub: id, items: incidents, state });
      },
      (state) => this.emit({ type: 'state', sub: id, state }),
    );
    sub.cleanup.push(feed.stop);
  }

  private subscribeWatch(id: string, sub: ActiveSub, identity: Identity) {
    const { spec } = sub;
    if (spec.resource === 'podtransitions' || spec.resource === 'triage') return;
    const { reflector, release } = acquire({ context: spec.context, identity, resource: spec.resource, namespace: spec.namespace });
    sub.cleanup.push(release);
    sub.cleanup.push(
      reflector.addListener({
        deltas: (deltas) => {
          if (!sub.snapshotSent) return;
          let queued = false;
          for (const d of deltas) {
            if (!matches(spec, d.object)) continue;
            // an event about a pod that expires upstream stays: it is history (and recorded)
            if (d.type === 'delete' && spec.involvedName) continue;
            const k = keyOf(spec, d.key, d.object);
            if (d.type === 'delete') {
              sub.upserts.delete(k);
              sub.deletes.add(k);
            } else {
              sub.deletes.delete(k);
              sub.upserts.set(k, project(spec, d.object));
            }
            queued = true;
          }
          if (queued) this.scheduleFlush();
        },
        state: (s: WatchState) => this.emit({ type: 'state', sub: id, state: s }),
      }),
    );
    const sendSnapshot = () => {
      if (this.closed || !this.subs.has(id)) return;
      if (!reflector.hasSynced) {
        this.emit({ type: 'state', sub: id, state: reflector.state });
        return;
      } // refused before its first list
      sub.snapshotSent = true;
      if (spec.name && !spec.involvedName) {
        const o = reflector.store.get(spec.namespace ? `${spec.namespace}/${spec.name}` : spec.name);
        this.emit({ type: 'snapshot', sub: id, items: o ? [project(spec, o)] : [], state: reflector.state });
        return;
      }
      if (spec.resource === 'events' && spec.involvedName && spec.namespace) {
        // (recorded events only while this identity's own events watch stands: not after a 403)
        if (reflector.state.phase === 'error') {
          this.emit({ type: 'state', sub: id, state: reflector.state });
          return;
        }
        // one pod's events: the live ones, plus those the flight recorder kept after they expired
        const live: PodEvent[] = [];
        for (const o of reflector.store.values()) if (matches(spec, o)) live.push(project(spec, o) as PodEvent);
        const items = withRecordedEvents(spec.context, `${spec.namespace}/${spec.involvedName}`, live);
        this.emit({ type: 'snapshot', sub: id, items, state: reflector.state });
        return;
      }
      // whole collections: the encoded items are shared by every stream asking for the same view
      // of the same cache version (fifty tabs on a 10,000-pod list encode it once)
      const key = `${subscriptionKey(spec)}`;
      let shared = snapshotCache.get(reflector);
      if (!shared || shared.version !== reflector.version || Date.now() - shared.at > ROW_TTL_MS)
        snapshotCache.set(reflector, (shared = { version: reflector.version, at: Date.now(), byView: new Map() }));
      let items = shared.byView.get(key);
      if (!items) {
        const list: unknown[] = [];
        for (const o of reflector.store.values()) if (matches(spec, o)) list.push(project(spec, o));
        shared.byView.set(key, (items = encoder.encode(JSON.stringify(list))));
      }
      this.emit([
        encoder.encode(`data: {"type":"snapshot","sub":${JSON.stringify(id)},"items":`),
        items,
        encoder.encode(`,"state":${JSON.stringify(reflector.state)}}\n\n`),
      ]);
    };
    if (reflector.hasSynced) sendSnapshot();
    else {
      this.emit({ type: 'state', sub: id, state: reflector.state });
      void reflector.waitForSync().then(sendSnapshot);
    }
  }

  private subscribeTransitions(id: string, sub: ActiveSub, identity: Identity) {
    const { spec } = sub;
    if (!spec.namespace || !spec.name) throw new Error('podtransitions needs a namespace and a name');
    const podKey = `${spec.namespace}/${spec.name}`;
    const hk = histKey(spec.context, podKey);
    // the history is shared by everyone watching this cluster: serve it only to an identity that
    // can read the pod itself (its own pods cache must list it)
    const { reflector, release } = acquire({ context: spec.context, identity, resource: 'pods', namespace: spec.namespace });
    sub.cleanup.push(release);
    let n = 0;
    sub.cleanup.push(
      onTransitions((k, added) => {
        if (k !== hk || !sub.snapshotSent) return;
        for (const t of added) sub.upserts.set(`${t.at}-${n++}`, t);
        this.scheduleFlush();
      }),
    );
    const send = () => {
      if (this.closed || !this.subs.has(id)) return;
      if (reflector.state.phase === 'error' || !reflector.hasSynced) {
        this.emit({ type: 'state', sub: id, state: reflector.state });
        return;
      }
      const uid = reflector.store.get(podKey)?.metadata?.uid ?? deletedPod(spec.context, podKey)?.pod.metadata?.uid;
      const items = transitionsOf(spec.context, podKey, uid);
      n = items.length;
      sub.snapshotSent = true;
      const rec = recorderStatus();
      // the flight recorder's trouble is shown, never fatal: the live views keep working
      this.emit({
        type: 'snapshot',
        sub: id,
        items,
        state: { phase: 'live', since: Date.now(), ...(rec.recording ? {} : { message: `history recording paused: ${rec.reason}` }) },
      });
    };
    const unlisten = reflector.addListener({
      deltas: () => {},
      state: (s) => {
        if (s.phase === 'error') this.emit({ type: 'state', sub: id, state: s });
      },
    });
    sub.cleanup.push(unlisten);
    if (reflector.hasSynced) send();
    else void reflector.waitForSync().then(send);
  }

  /** True when `other` is who opened this stream (nobody else may change its subscriptions). */
  ownedBy(other: Principal): boolean {
    return this.principal.key === other.key;
  }

  unsubscribe(id: string): void {
    const sub = this.subs.get(id);
    if (!sub) return;
    this.subs.delete(id);
    for (const c of sub.cleanup) c();
  }

  /**
   * Leading-edge coalescing: a change after a quiet period goes out at once (latency), while
   * a burst is gathered and sent at most every PODSCOPE_FLUSH_MS (the newest version of each
   * object wins), so churn costs bytes per change, not per event.
   */
  private scheduleFlush() {
    if (this.flushTimer || this.closed) return;
    const wait = Math.max(0, this.lastFlush + this.flushMs - Date.now());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, wait);
  }

  private flush() {
    this.lastFlush = Date.now();
    for (const [id, sub] of this.subs) {
      if (sub.upserts.size === 0 && sub.deletes.size === 0) continue;
      const msg: ServerMessage = { type: 'deltas', sub: id, upserts: [...sub.upserts.values()], deletes: [...sub.deletes] };
      sub.upserts.clear();
      sub.deletes.clear();
      this.emit(msg);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.flushTimer);
    clearInterval(this.heartbeatTimer);
    for (const id of [...this.subs.keys()]) this.unsubscribe(id);
    log.debug('stream closed', { session: this.id });
    this.onClose();
  }
}

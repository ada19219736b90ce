import 'server-only';
// One multiplexed stream per browser tab. Each subscription is fed by one Feed (a watch cache,
// the triage board, a pod's transitions, server/stream/feeds/): it gets a snapshot, then
// coalesced changes (the newest version of each object, flushed every PODSCOPE_FLUSH_MS), and
// the connection state behind it as it changes. Heartbeats prove the stream alive.
import type { ServerMessage, SubscriptionSpec, WatchState } from '@/lib/api/stream';
import type { ResourceName } from '@/lib/k8s/resources';
import type { Principal } from '../auth/identity';
import { assertVerified } from '../auth/verify';
import { assertMayWatch } from '../auth/watch-access';
import { config } from '../config';
import { toAppError } from '../errors';
import { log } from '../log';
import type { Feed, FeedOutput } from './feed';
import { diagnosesFeed } from './feeds/diagnoses';
import { transitionsFeed } from './feeds/transitions';
import { triageFeed } from './feeds/triage';
import { watchFeed } from './feeds/watch';
import { EarliestTimer } from '../timer';
import { moreFrame, snapshotFrame } from './sse';

const MAX_SUBSCRIPTIONS = 200;

interface ActiveSub {
  spec: SubscriptionSpec;
  snapshotSent: boolean;
  upserts: Map<string, unknown>;
  deletes: Set<string>;
  cleanup: (() => void)[];
  /** when this subscription's changes last went out (coalescing is per subscription) */
  lastFlush: number;
}

const FEEDS: Partial<Record<SubscriptionSpec['resource'], Feed>> = {
  triage: triageFeed,
  podtransitions: transitionsFeed,
  diagnoses: diagnosesFeed,
};
const feedOf = (spec: SubscriptionSpec): Feed => FEEDS[spec.resource] ?? watchFeed;

/** What the API server must allow before a subscription gets anything (list and watch, now). */
const needs = (spec: SubscriptionSpec): ResourceName[] =>
  spec.resource === 'triage' || spec.resource === 'diagnoses'
    ? ['pods', 'events']
    : spec.resource === 'podtransitions'
      ? ['pods']
      : [spec.resource];

export class Session {
  private subs = new Map<string, ActiveSub>();
  private readonly flushTimer = new EarliestTimer(() => this.flush());
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

  private error(id: string, message: string, errorKind: WatchState['errorKind']) {
    this.emit({ type: 'state', sub: id, state: { phase: 'error', since: Date.now(), message, errorKind } });
  }

  subscribe(id: string, spec: SubscriptionSpec): void {
    if (this.closed || this.subs.has(id)) return;
    if (this.subs.size >= MAX_SUBSCRIPTIONS)
      return this.error(id, `too many subscriptions on one stream (${MAX_SUBSCRIPTIONS})`, 'invalid');
    const sub: ActiveSub = { spec, snapshotSent: false, upserts: new Map(), deletes: new Set(), cleanup: [], lastFlush: 0 };
    this.subs.set(id, sub);
    this.start(id, sub).catch((err: unknown) => {
      if (this.subs.get(id) !== sub) return;
      const e = toAppError(err);
      this.error(id, e.message, e.kind);
    });
  }

  /**
   * Nothing is fed to a subscriber before the API server has accepted who they are on that
   * context and said they may list and watch what they ask for now (a shared cache would
   * otherwise serve someone whose access was revoked since it started).
   */
  private async start(id: string, sub: ActiveSub) {
    const { spec } = sub;
    const identity = this.principal.identityFor(spec.context);
    await assertVerified(spec.context, identity);
    await Promise.all(needs(spec).map((r) => assertMayWatch(spec.context, identity, r, spec.namespace)));
    if (this.closed || this.subs.get(id) !== sub) return; // unsubscribed meanwhile
    const cleanup = await feedOf(spec)(spec, identity, this.output(id, sub));
    if (this.subs.get(id) === sub) sub.cleanup.push(...cleanup);
    else cleanup.forEach((c) => c()); // left while the feed started
  }

  private output(id: string, sub: ActiveSub): FeedOutput {
    const isOpen = () => !this.closed && this.subs.get(id) === sub;
    return {
      snapshot: (items, state) => {
        if (!isOpen()) return;
        sub.snapshotSent = true;
        this.emit({ type: 'snapshot', sub: id, items, state });
      },
      snapshotEncoded: (items, state, more) => {
        if (!isOpen()) return;
        sub.snapshotSent = true;
        this.emit(snapshotFrame(id, items, state, more));
      },
      snapshotMoreEncoded: (items, left) => {
        if (isOpen() && sub.snapshotSent) this.emit(moreFrame(id, items, left));
      },
      upsert: (key, item) => {
        if (!sub.snapshotSent) return;
        sub.deletes.delete(key);
        sub.upserts.set(key, item);
        this.scheduleFlush(sub);
      },
      remove: (key) => {
        if (!sub.snapshotSent) return;
        sub.upserts.delete(key);
        sub.deletes.add(key);
        this.scheduleFlush(sub);
      },
      state: (state) => {
        if (isOpen()) this.emit({ type: 'state', sub: id, state });
      },
      get open() {
        return isOpen();
      },
    };
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
   * Leading-edge coalescing, per subscription: a change after a quiet period goes out at once
   * (latency), while a burst is gathered and sent at most every PODSCOPE_FLUSH_MS (the newest
   * version of each object wins), so churn costs bytes per change, not per event. Per
   * subscription, so that one subscription's burst (the badges of a diagnosis pass) does not hold
   * back another's first change (the row the user is looking at).
   */
  private scheduleFlush(sub: ActiveSub) {
    if (this.closed) return;
    this.flushTimer.runAt(Math.max(Date.now(), sub.lastFlush + this.flushMs));
  }

  private flush() {
    const now = Date.now();
    let next: ActiveSub | undefined;
    for (const [id, sub] of this.subs) {
      if (sub.upserts.size === 0 && sub.deletes.size === 0) continue;
      if (sub.lastFlush + this.flushMs > now) {
        if (!next || sub.lastFlush < next.lastFlush) next = sub; // not yet: its own time comes
        continue;
      }
      sub.lastFlush = now;
      const msg: ServerMessage = { type: 'deltas', sub: id, upserts: [...sub.upserts.values()], deletes: [...sub.deletes] };
      sub.upserts.clear();
      sub.deletes.clear();
      this.emit(msg);
    }
    if (next) this.scheduleFlush(next);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flushTimer.clear();
    clearInterval(this.heartbeatTimer);
    for (const id of [...this.subs.keys()]) this.unsubscribe(id);
    log.debug('stream closed', { session: this.id });
    this.onClose();
  }
}

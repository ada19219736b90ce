// The browser's end of the stream: one EventSource per tab, ref-counted subscriptions, and
// every snapshot/delta merged into the TanStack Query cache under ['sub', id]. A watchdog
// reconnects when heartbeats stop; after any reconnect every subscription is re-sent and its
// snapshot replaces what the cache held, so nothing stale or deleted survives a drop.
import type { QueryClient } from '@tanstack/react-query';
import { objectKey } from '../k8s/resources';
import { type ServerMessage, type SubscriptionSpec, subscriptionId, type WatchState } from './protocol';

export interface SubData<T = unknown> {
  items: Map<string, T>;
  state: WatchState;
  /** true once the first snapshot arrived */
  ready: boolean;
  version: number;
}

export type ConnectionPhase = 'connecting' | 'live' | 'reconnecting';
export interface ConnectionState {
  phase: ConnectionPhase;
  since: number;
  lastMessageAt: number;
}

export const subQueryKey = (id: string) => ['sub', id] as const;

export function itemKey(spec: SubscriptionSpec, item: unknown): string {
  const i = item as {
    key?: string;
    uid?: string;
    at?: number;
    subject?: string;
    to?: string;
    metadata?: { name?: string; namespace?: string };
  };
  if (spec.resource === 'pods' && spec.view === 'rows') return i.key ?? '';
  if (spec.resource === 'events') return i.uid ?? '';
  if (spec.resource === 'podtransitions') return `${i.at}|${i.subject ?? ''}|${i.to ?? ''}`;
  if (spec.resource === 'triage') return (i as { id?: string }).id ?? '';
  return objectKey(i);
}

export class StreamClient {
  private es: EventSource | undefined;
  private session: string | undefined;
  private subs = new Map<string, { spec: SubscriptionSpec; refs: number }>();
  private pending = new Map<string, SubData>();
  private flushScheduled = false;
  private listeners = new Set<() => void>();
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private heartbeatMs = 15_000;
  conn: ConnectionState = { phase: 'connecting', since: Date.now(), lastMessageAt: Date.now() };

  constructor(
    private readonly qc: QueryClient,
    private readonly url = '/api/stream',
  ) {}

  start(): void {
    if (this.es) return;
    this.connect();
    this.watchdog = setInterval(() => {
      // no heartbeat for 2.5 periods: the connection is dead even if the browser has not noticed
      if (this.conn.phase === 'live' && Date.now() - this.conn.lastMessageAt > this.heartbeatMs * 2.5) this.reconnect();
    }, 2000);
  }

  stop(): void {
    clearInterval(this.watchdog);
    this.es?.close();
    this.es = undefined;
  }

  private connect() {
    const es = new EventSource(this.url);
    this.es = es;
    es.onmessage = (ev) => this.onMessage(JSON.parse(ev.data as string) as ServerMessage);
    es.onerror = () => {
      if (this.conn.phase === 'live') this.setConn('reconnecting');
      // EventSource retries by itself unless the server answered with an error status
      if (es.readyState === EventSource.CLOSED)
        setTimeout(
          () => {
            if (this.es === es) this.reconnect();
          },
          1000 + Math.random() * 1000,
        );
    };
  }

  private reconnect() {
    this.es?.close();
    this.session = undefined;
    this.setConn('reconnecting');
    this.connect();
  }

  private setConn(phase: ConnectionPhase) {
    if (this.conn.phase === phase) return;
    // "since" for reconnecting keeps the last moment we were live, so the UI can say "stale since"
    this.conn = { phase, since: phase === 'reconnecting' ? this.conn.lastMessageAt : Date.now(), lastMessageAt: this.conn.lastMessageAt };
    for (const l of this.listeners) l();
  }

  onConnectionChange(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  subscribe(spec: SubscriptionSpec): { id: string; release: () => void } {
    const id = subscriptionId(spec);
    const s = this.subs.get(id);
    if (s) s.refs++;
    else {
      this.subs.set(id, { spec, refs: 1 });
      if (this.session) void this.post({ subscribe: [{ id, spec }] });
    }
    let released = false;
    return {
      id,
      release: () => {
        if (released) return;
        released = true;
        const cur = this.subs.get(id);
        if (!cur) return;
        cur.refs--;
        if (cur.refs === 0) {
          // keep the data briefly: a component that re-mounts (e.g. a tab switch) resubscribes at once
          setTimeout(() => {
            const again = this.subs.get(id);
            if (again && again.refs === 0) {
              this.subs.delete(id);
              if (this.session) void this.post({ unsubscribe: [id] });
            }
          }, 5000);
        }
      },
    };
  }

  private async post(body: object) {
    const session = this.session;
    if (!session) return;
    try {
      const res = await fetch(`${this.url}/${session}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status === 404 && this.session === session) this.reconnect();
    } catch {
      /* the stream's own error handling reconnects */
    }
  }

  private data(id: string): SubData {
    const p = this.pending.get(id);
    if (p) return p;
    const cur = this.qc.getQueryData<SubData>(subQueryKey(id));
    const d: SubData = cur
      ? { items: new Map(cur.items), state: cur.state, ready: cur.ready, version: cur.version + 1 }
      : { items: new Map(), state: { phase: 'connecting', since: Date.now() }, ready: false, version: 0 };
    this.pending.set(id, d);
    return d;
  }

  private schedule() {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // one cache write per subscription per frame, however many messages arrived
    const run = () => {
      this.flushScheduled = false;
      for (const [id, d] of this.pending) this.qc.setQueryData(subQueryKey(id), d);
      this.pending.clear();
    };
    if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') requestAnimationFrame(run);
    else setTimeout(run, 50);
  }

  private onMessage(m: ServerMessage) {
    this.conn.lastMessageAt = Date.now();
    switch (m.type) {
      case 'hello': {
        this.session = m.session;
        this.heartbeatMs = m.heartbeatMs;
        this.setConn('live');
        const subscribe = [...this.subs.entries()].map(([id, s]) => ({ id, spec: s.spec }));
        if (subscribe.length) void this.post({ subscribe });
        return;
      }
      case 'heartbeat':
        if (this.conn.phase !== 'live' && this.session) this.setConn('live');
        return;
      case 'snapshot': {
        const spec = this.subs.get(m.sub)?.spec;
        if (!spec) return;
        const d = this.data(m.sub);
        d.items = new Map(m.items.map((it) => [itemKey(spec, it), it]));
        d.state = m.state;
        d.ready = true;
        this.schedule();
        return;
      }
      case 'deltas': {
        const spec = this.subs.get(m.sub)?.spec;
        if (!spec) return;
        const d = this.data(m.sub);
        for (const k of m.deletes) d.items.delete(k);
        for (const it of m.upserts) d.items.set(itemKey(spec, it), it);
        this.schedule();
        return;
      }
      case 'state': {
        if (!this.subs.has(m.sub)) return;
        const d = this.data(m.sub);
        d.state = m.state;
        if (m.state.phase === 'error') d.ready = true;
        this.schedule();
        return;
      }
    }
  }
}

'use client';
// The browser's end of the stream: one EventSource per tab, ref-counted subscriptions, and every
// message merged into the TanStack Query cache under ['sub', id], once per animation frame. The
// decisions (how a message changes data, when the connection counts as dead, how long to wait)
// are the pure functions of lib/stream/reducer.ts; this shell owns the I/O and the timers.
// After any reconnect every subscription is sent again and its snapshot replaces what the cache
// held, so nothing stale or deleted survives a drop.
import type { QueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/paths';
import { isLaterPart, type ServerMessage, type SubscribeRequest, type SubscriptionSpec, subscriptionId } from '@/lib/api/stream';
import {
  applyTo,
  type ConnectionPhase,
  type ConnectionState,
  draftOf,
  emptySub,
  moveConnection,
  reconnectDelay,
  silentTooLong,
  type SubData,
} from '@/lib/stream/reducer';

export type { ConnectionState, SubData };
const MAX_URL_SUBSCRIBE = 4000;
export const subQueryKey = (id: string) => ['sub', id] as const;

export class StreamClient {
  private es: EventSource | undefined;
  private session: string | undefined;
  private subs = new Map<string, { spec: SubscriptionSpec; refs: number }>();
  private drafts = new Map<string, SubData>();
  private flushScheduled = false;
  private listeners = new Set<() => void>();
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private heartbeatMs = 15_000;
  private attempt = 0;
  conn: ConnectionState = { phase: 'connecting', since: Date.now(), lastMessageAt: Date.now() };

  constructor(private readonly qc: QueryClient) {}

  private started = false;

  /**
   * Starts the stream once the page has something to subscribe to (its subscriptions then open it
   * together, in the URL: parts of a page that hydrate later, behind Suspense, subscribe after
   * the provider has started).
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.subs.size) this.connect();
    this.watchdog = setInterval(() => {
      if (silentTooLong(this.conn, Date.now(), this.heartbeatMs)) this.reconnect();
    }, 2000);
    // back online (Wi-Fi, a laptop waking up) or a frozen tab resumed: do not wait for the
    // next retry or for the watchdog to notice the silence
    window.addEventListener('online', this.onWake);
    window.addEventListener('offline', this.onOffline);
    document.addEventListener('resume', this.onWake);
  }

  /** The browser lost its network: what is on screen can no longer be live; say so now, not when the heartbeat is missed. */
  // (both only act on a stream that was live: a browser that reports its network at startup must
  // not restart the stream that is still opening, with its first snapshot on the way)
  private onOffline = () => {
    if (this.started && this.conn.phase === 'live') this.reconnect();
  };

  private onWake = () => {
    if (!this.started) return;
    if (this.conn.phase === 'reconnecting' || silentTooLong(this.conn, Date.now(), this.heartbeatMs)) {
      this.attempt = 0;
      this.reconnect();
    }
  };

  stop(): void {
    this.started = false;
    clearInterval(this.watchdog);
    window.removeEventListener('online', this.onWake);
    window.removeEventListener('offline', this.onOffline);
    document.removeEventListener('resume', this.onWake);
    this.es?.close();
    this.es = undefined;
  }

  /** the subscriptions the current connection was opened with (not POSTed again at its hello) */
  private inUrl = new Set<string>();
  private connectQueued = false;

  private connect() {
    // the subscriptions known now travel with the request that opens the stream (no POST round
    // trip before the first snapshot); any added later, or too many for a URL, are POSTed
    const initial = [...this.subs.entries()].map(([id, s]) => ({ id, spec: s.spec }));
    const param = JSON.stringify(initial);
    const withSubs = initial.length > 0 && param.length <= MAX_URL_SUBSCRIBE;
    this.inUrl = new Set(withSubs ? initial.map((s) => s.id) : []);
    const es = new EventSource(withSubs ? `${api.stream}?subscribe=${encodeURIComponent(param)}` : api.stream);
    this.es = es;
    es.onmessage = (ev) => this.receive(es, ev.data as string);
    es.onerror = () => {
      if (this.conn.phase === 'live') this.setConn('reconnecting');
      // EventSource retries by itself unless the server answered with an error status
      if (es.readyState === EventSource.CLOSED) {
        setTimeout(() => {
          if (this.es === es) this.reconnect();
        }, reconnectDelay(this.attempt++));
      }
    };
  }

  /**
   * Messages held until the page has painted: a subscription's later parts ('more', up to
   * 10,000 items and megabytes of JSON each) would otherwise be parsed and merged before the
   * frame that shows its first part, and the first rows would wait for all of them. Everything
   * after a held message is held too, so the order is the server's.
   */
  private held: { es: EventSource; data: string }[] = [];
  private drainScheduled = false;

  private receive(es: EventSource, data: string) {
    if (this.held.length || isLaterPart(data)) {
      this.held.push({ es, data });
      this.scheduleDrain();
    } else this.onMessage(JSON.parse(data) as ServerMessage);
  }

  private scheduleDrain() {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    const drain = () => {
      this.drainScheduled = false;
      // one later part per turn, so the page paints (and answers input) between them
      while (this.held.length) {
        const { es, data } = this.held.shift()!;
        if (es !== this.es) continue; // from a connection since closed: its replacement sends everything again
        this.onMessage(JSON.parse(data) as ServerMessage);
        if (isLaterPart(data)) break;
      }
      if (this.held.length) this.scheduleDrain();
    };
    // after the frame that shows what came before: the cache is written in a frame callback and
    // React renders it in a task after that frame, so that paints in the frame after; a timer
    // started from that frame's callback runs once it is on screen
    if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible')
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(drain, 0)));
    else setTimeout(drain, 0);
  }

  private reconnect() {
    this.es?.close();
    this.session = undefined;
    this.setConn('reconnecting');
    this.connect();
  }

  private setConn(phase: ConnectionPhase) {
    const next = moveConnection(this.conn, phase, Date.now());
    if (next === this.conn) return;
    this.conn = next;
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
      else if (this.started && !this.es && !this.connectQueued) {
        // the first subscriptions open the stream; those of the same commit go with them
        this.connectQueued = true;
        queueMicrotask(() => {
          this.connectQueued = false;
          if (this.started && !this.es) this.connect();
        });
      }
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

  private async post(body: SubscribeRequest) {
    const session = this.session;
    if (!session) return;
    try {
      const res = await fetch(api.streamControl(session), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status === 404 && this.session === session) this.reconnect();
    } catch {
      /* the stream's own error handling reconnects */
    }
  }

  /** This frame's draft of a subscription's data (copied from the cache once per frame). */
  private draft(id: string): SubData {
    let d = this.drafts.get(id);
    if (!d) this.drafts.set(id, (d = draftOf(this.qc.getQueryData<SubData>(subQueryKey(id)) ?? emptySub(Date.now()))));
    return d;
  }

  private schedule() {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // one cache write per subscription per frame, however many messages arrived
    const run = () => {
      this.flushScheduled = false;
      for (const [id, d] of this.drafts) this.qc.setQueryData(subQueryKey(id), d);
      this.drafts.clear();
    };
    if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') requestAnimationFrame(run);
    else setTimeout(run, 50);
  }

  private onMessage(m: ServerMessage) {
    this.conn.lastMessageAt = Date.now();
    if (m.type === 'hello') {
      this.session = m.session;
      this.heartbeatMs = m.heartbeatMs;
      this.attempt = 0;
      this.setConn('live');
      const subscribe = [...this.subs.entries()].filter(([id]) => !this.inUrl.has(id)).map(([id, s]) => ({ id, spec: s.spec }));
      // (one released before the hello was opened with the stream: take it back)
      const unsubscribe = [...this.inUrl].filter((id) => !this.subs.has(id));
      if (subscribe.length || unsubscribe.length) void this.post({ subscribe, unsubscribe });
      return;
    }
    if (m.type === 'heartbeat') {
      if (this.conn.phase !== 'live' && this.session) this.setConn('live');
      return;
    }
    const spec = this.subs.get(m.sub)?.spec;
    if (!spec) return;
    applyTo(this.draft(m.sub), spec, m);
    this.schedule();
  }
}

// What an open tab holds, without a browser: a stream client that behaves like the browser's data
// layer (components/data/stream-client.ts) — one Server-Sent Events connection, every subscription
// sent again after a reconnect, the same pure reducer (lib/stream/reducer), a connection silent
// for 2.5 heartbeats counts as dead — and a followed log that resumes from its cursor
// (Last-Event-ID) like the browser's EventSource. Both record when their badge was not "live".
import http from 'node:http';
import type { ServerMessage, SubscriptionSpec } from '../../lib/api/stream.ts';
import { applyTo, emptySub, type SubData } from '../../lib/stream/reducer.ts';

interface SseHandlers {
  onOpen?: (status: number) => void;
  onEvent: (event: string, data: string, id?: string) => void;
  onClose: () => void;
}

/** One SSE request; returns a function that aborts it. */
function sse(url: string, headers: Record<string, string>, h: SseHandlers): () => void {
  const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
    h.onOpen?.(res.statusCode ?? 0);
    if (res.statusCode !== 200) {
      res.resume();
      res.on('end', h.onClose);
      return;
    }
    res.setEncoding('utf8');
    let buf = '';
    res.on('data', (chunk: string) => {
      buf += chunk;
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        let event = 'message',
          data = '',
          id: string | undefined;
        for (const line of frame.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data += (data ? '\n' : '') + line.slice(6);
          else if (line.startsWith('id: ')) id = line.slice(4);
        }
        if (data) h.onEvent(event, data, id);
      }
    });
    res.on('close', h.onClose);
  });
  req.on('error', h.onClose);
  return () => req.destroy();
}

/** The moments a view was not live: [from, to) intervals, `to` undefined while it lasts. */
export class BadgeLog {
  spans: { from: number; to?: number }[] = [];
  set(live: boolean, at = Date.now()): void {
    const open = this.spans.at(-1);
    if (!live && (!open || open.to !== undefined)) this.spans.push({ from: at });
    if (live && open && open.to === undefined) open.to = at;
  }
  /** was the view not live at some moment in [from, to]? */
  nonLiveDuring(from: number, to: number): boolean {
    return this.spans.some((s) => s.from <= to && (s.to ?? Infinity) >= from);
  }
}

/** A client that reconnects after every drop (0.5 s later: the browser waits 1 s doubling with jitter; the suite measures Podscope). */
abstract class Reconnecting {
  readonly badge = new BadgeLog();
  connected = false;
  reconnects = 0;
  protected abort?: () => void;
  protected stopped = false;
  private retry?: NodeJS.Timeout;

  protected abstract connect(): void;

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.abort?.();
  }

  /** the connection is gone: say so, and open a new one shortly */
  protected dropped(): void {
    if (this.stopped || this.retry) return;
    this.abort?.();
    this.connected = false;
    this.badge.set(false);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.reconnects++;
      this.connect();
    }, 500);
  }
}

export class StreamView extends Reconnecting {
  readonly subs = new Map<string, { spec: SubscriptionSpec; data: SubData }>();
  private session?: string;
  private heartbeatMs = 15_000;
  private lastMessageAt = Date.now();
  private watchdog?: NodeJS.Timeout;

  readonly base: string;
  constructor(base: string, subs: { id: string; spec: SubscriptionSpec }[]) {
    super();
    this.base = base;
    for (const s of subs) this.subs.set(s.id, { spec: s.spec, data: emptySub(Date.now()) });
  }

  start(): void {
    this.connect();
    this.watchdog = setInterval(() => {
      if (this.connected && Date.now() - this.lastMessageAt > this.heartbeatMs * 2.5) this.drop();
      this.badge.set(this.live());
    }, 100);
  }

  stop(): void {
    clearInterval(this.watchdog);
    super.stop();
  }

  /** Live as the badge shows it: connected, every subscription has its data and says live. */
  live(): boolean {
    return this.connected && [...this.subs.values()].every((s) => s.data.ready && s.data.state.phase === 'live');
  }

  items<T>(id: string): T[] {
    return [...(this.subs.get(id)?.data.items.values() ?? [])] as T[];
  }

  protected connect(): void {
    if (this.stopped) return;
    this.abort = sse(
      `${this.base}/api/stream`,
      {},
      {
        onEvent: (_e, data) => this.onMessage(JSON.parse(data) as ServerMessage),
        onClose: () => this.drop(),
      },
    );
  }

  private drop(): void {
    this.session = undefined;
    this.dropped();
  }

  private onMessage(m: ServerMessage): void {
    this.lastMessageAt = Date.now();
    if (m.type === 'hello') {
      this.session = m.session;
      this.heartbeatMs = m.heartbeatMs;
      this.connected = true;
      const subscribe = [...this.subs.entries()].map(([id, s]) => ({ id, spec: s.spec }));
      const body = JSON.stringify({ subscribe });
      const post = http.request(
        `${this.base}/api/stream/${encodeURIComponent(m.session)}`,
        { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: this.base } },
        (r) => r.resume(),
      );
      post.on('error', () => this.drop());
      post.end(body);
      return;
    }
    if (m.type === 'heartbeat') return;
    const s = this.subs.get(m.sub);
    if (s) applyTo(s.data, s.spec, m);
  }
}

/** A followed container log, resumed after every drop from the last cursor it got. */
export class LogFollower extends Reconnecting {
  readonly lines: string[] = [];
  phase = 'connecting';
  private cursor?: string;

  readonly base: string;
  readonly path: string;
  constructor(base: string, path: string) {
    super();
    this.base = base;
    this.path = path;
  }

  start(): void {
    this.connect();
  }

  live(): boolean {
    return this.connected && this.phase === 'live';
  }

  protected connect(): void {
    if (this.stopped) return;
    this.abort = sse(`${this.base}${this.path}`, this.cursor ? { 'Last-Event-ID': this.cursor } : {}, {
      onOpen: (status) => {
        this.connected = status === 200;
      },
      onEvent: (event, data, id) => {
        if (event === 'lines') {
          for (const l of JSON.parse(data) as { text: string }[]) this.lines.push(l.text);
          if (id) this.cursor = id;
        } else if (event === 'state') this.phase = (JSON.parse(data) as { phase: string }).phase;
        else if (event === 'end' || event === 'unavailable') this.phase = event;
        this.badge.set(this.live());
      },
      onClose: () => this.dropped(),
    });
  }
}

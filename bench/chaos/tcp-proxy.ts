// A TCP proxy for fault injection, between Podscope and the kube-apiserver (TLS passes through
// untouched: the proxy sees bytes, not requests). Faults it can inject, on every connection at
// once: cut (close every connection), reset (RST the connections that carry data), refuse (new
// connections are reset on accept), blackhole (connections stay open, nothing is delivered until
// the fault ends — a partition shorter than TCP's own timeout), latency with jitter (order kept),
// and a bandwidth limit shared by all connections. Listens on 127.0.0.1 only.
import net from 'node:net';

export type ProxyMode =
  | { kind: 'pass' }
  | { kind: 'refuse' }
  | { kind: 'blackhole' }
  | { kind: 'latency'; baseMs: number; jitterMs: number }
  | { kind: 'throttle'; bytesPerSecond: number };

interface Chunk {
  data: Buffer;
  /** when it may be delivered (latency), ms since epoch */
  due: number;
}

/** One direction of one connection: bytes queued until the mode lets them through. */
class Link {
  queue: Chunk[] = [];
  lastDue = 0;
  readonly from: net.Socket;
  readonly to: net.Socket;
  constructor(from: net.Socket, to: net.Socket) {
    this.from = from;
    this.to = to;
  }
}

interface Conn {
  client: net.Socket;
  upstream: net.Socket;
  links: [Link, Link];
  bytes: number;
}

export class FaultProxy {
  mode: ProxyMode = { kind: 'pass' };
  readonly stats = { accepted: 0, refused: 0, cut: 0, reset: 0 };
  private server?: net.Server;
  private conns = new Set<Conn>();
  private pump?: NodeJS.Timeout;
  /** the shared bandwidth budget of throttle mode, in bytes */
  private budget = 0;
  private lastPump = Date.now();

  private readonly target: { host: string; port: number };
  constructor(target: { host: string; port: number }) {
    this.target = target;
  }

  listen(port = 0): Promise<number> {
    const server = net.createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  }

  get connections(): number {
    return this.conns.size;
  }

  set(mode: ProxyMode): void {
    this.mode = mode;
    this.budget = 0;
    this.schedule();
  }

  /** Closes every open connection (both sides see the connection end). */
  cutAll(): number {
    const n = this.conns.size;
    for (const c of [...this.conns]) this.drop(c, false);
    this.stats.cut += n;
    return n;
  }

  /** Resets (RST) every connection that has carried at least `minBytes`: a watch or log stream mid-flight. */
  resetStreaming(minBytes = 1): number {
    let n = 0;
    for (const c of [...this.conns])
      if (c.bytes >= minBytes) {
        this.drop(c, true);
        n++;
      }
    this.stats.reset += n;
    return n;
  }

  close(): Promise<void> {
    for (const c of [...this.conns]) this.drop(c, false);
    clearInterval(this.pump);
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.mode.kind === 'refuse') {
      this.stats.refused++;
      client.resetAndDestroy();
      return;
    }
    this.stats.accepted++;
    client.setNoDelay(true);
    const upstream = net.connect({ host: this.target.host, port: this.target.port });
    upstream.setNoDelay(true);
    const conn: Conn = { client, upstream, links: [new Link(client, upstream), new Link(upstream, client)], bytes: 0 };
    this.conns.add(conn);
    for (const link of conn.links) {
      link.from.on('data', (data: Buffer) => {
        conn.bytes += data.length;
        this.deliver(link, data);
      });
      link.from.on('end', () => link.to.end());
    }
    const gone = () => this.drop(conn, false);
    client.on('error', gone).on('close', gone);
    upstream.on('error', gone).on('close', gone);
  }

  private drop(c: Conn, reset: boolean): void {
    if (!this.conns.delete(c)) return;
    for (const s of [c.client, c.upstream]) {
      if (s.destroyed) continue;
      if (reset) s.resetAndDestroy();
      else s.destroy();
    }
  }

  private deliver(link: Link, data: Buffer): void {
    const m = this.mode;
    // the fast path: nothing queued, nothing to delay
    if (m.kind === 'pass' && link.queue.length === 0) {
      link.to.write(data);
      return;
    }
    const now = Date.now();
    const due = m.kind === 'latency' ? Math.max(link.lastDue, now + m.baseMs + Math.random() * m.jitterMs) : now;
    link.lastDue = due;
    link.queue.push({ data, due });
    this.schedule();
  }

  private schedule(): void {
    if (this.pump) return;
    this.lastPump = Date.now();
    this.pump = setInterval(() => this.flush(), 5);
  }

  /** Delivers what the mode lets through; stops itself once every queue is empty. */
  private flush(): void {
    const now = Date.now();
    const m = this.mode;
    if (m.kind === 'throttle') this.budget = Math.min(this.budget + ((now - this.lastPump) * m.bytesPerSecond) / 1000, m.bytesPerSecond);
    this.lastPump = now;
    let queued = 0;
    if (m.kind !== 'blackhole')
      for (const c of this.conns)
        for (const link of c.links) {
          while (link.queue.length) {
            const head = link.queue[0];
            if (m.kind === 'latency' && head.due > now) break;
            if (m.kind === 'throttle') {
              if (this.budget < 1) break;
              const n = Math.min(head.data.length, Math.floor(this.budget));
              this.budget -= n;
              link.to.write(head.data.subarray(0, n));
              if (n < head.data.length) {
                head.data = head.data.subarray(n);
                break;
              }
            } else link.to.write(head.data);
            link.queue.shift();
          }
          queued += link.queue.length;
        }
    else for (const c of this.conns) queued += c.links[0].queue.length + c.links[1].queue.length;
    if (queued === 0 && m.kind === 'pass') {
      clearInterval(this.pump);
      this.pump = undefined;
    }
  }
}

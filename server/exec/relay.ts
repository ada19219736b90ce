import 'server-only';
// The main thread's half of the port-forward relay (the bytes move in relay-thread.ts, a worker
// thread; why is said there). This side starts the thread once, asks it to listen for a forward,
// and answers each new connection with the upstream of the forward's user: the API server URL and
// that user's TLS options and headers, computed here per connection (so a refreshed token is the
// one used). Where no thread can run (its file is not beside the server, or the kubeconfig sends
// the API server through a proxy, whose agent cannot cross threads), callers relay in this thread.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Identity } from '../auth/identity';
import { kubeConfigFor } from '../kube/clusters';
import { log } from '../log';
import type { FromRelay, ToRelay } from './relay-thread';

export interface RelayTarget {
  context: string;
  namespace: string;
  pod: string;
  port: number;
  identity: Identity;
}

export interface RelayEvents {
  /** bytes and connections since the last report (about once a second while in use) */
  onUse(bytes: number, connections: number): void;
  onConnection(): void;
  onError(message: string): void;
}

interface Relayed extends RelayEvents {
  target: RelayTarget;
  listening?: (r: { port?: number; error?: string }) => void;
  closed?: (r: { bytes: number; connections: number }) => void;
}

/** The TLS and auth fields of https options that a thread can be given (no agent, no functions). */
const TLS_FIELDS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername', 'headers', 'auth'];

const g = globalThis as unknown as { __podscopeServerDir?: string; __podscopeRelay?: RelayThread | null };

class RelayThread {
  private readonly worker: Worker;
  private readonly forwards = new Map<string, Relayed>();
  readonly socketDir = mkdtempSync(join(tmpdir(), 'podscope-forward-'));

  constructor(file: string) {
    this.worker = new Worker(file);
    this.worker.unref();
    this.worker.on('message', (m: FromRelay) => void this.onMessage(m));
    this.worker.on('error', (err) => log.error('port-forward relay thread failed', { err: err.message }));
    this.worker.on('exit', () => {
      g.__podscopeRelay = undefined;
      rmSync(this.socketDir, { recursive: true, force: true });
    });
  }

  private send(m: ToRelay): void {
    this.worker.postMessage(m);
  }

  private async onMessage(m: FromRelay): Promise<void> {
    const f = this.forwards.get(m.id);
    if (!f) return;
    if (m.type === 'listening') f.listening?.(m);
    else if (m.type === 'closed') {
      this.forwards.delete(m.id);
      f.closed?.(m);
    } else if (m.type === 'stats') f.onUse(m.bytes, m.connections);
    else if (m.type === 'conn-error') f.onError(m.message);
    else if (m.type === 'connect') {
      f.onConnection();
      try {
        const t = f.target;
        const kc = kubeConfigFor(t.context, t.identity);
        const cluster = kc.getCurrentCluster();
        if (!cluster) throw new Error('the kubeconfig context has no cluster');
        const opts: Record<string, unknown> = {};
        await kc.applyToHTTPSOptions(opts);
        const tls = Object.fromEntries(TLS_FIELDS.filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]]));
        const path = `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods/${encodeURIComponent(t.pod)}/portforward?ports=${t.port}`;
        const url = cluster.server.replace(/^http/, 'ws') + path;
        this.send({ type: 'upstream', conn: m.conn, url, protocols: ['v4.channel.k8s.io'], tls });
      } catch (err) {
        this.send({ type: 'refuse', conn: m.conn, message: (err as Error).message });
      }
    }
  }

  /** Listens for one forward: a port on 127.0.0.1 (tcp), or a Unix socket only this process reaches (http). */
  listen(id: string, kind: 'tcp' | 'http', target: RelayTarget, events: RelayEvents): Promise<{ port?: number; path?: string }> {
    const path = kind === 'http' ? join(this.socketDir, `${id}.sock`) : undefined;
    return new Promise((resolve, reject) => {
      const f: Relayed = {
        target,
        ...events,
        listening: (r) => {
          f.listening = undefined;
          if (r.error) {
            this.forwards.delete(id);
            reject(new Error(r.error));
          } else resolve({ port: r.port, path });
        },
      };
      this.forwards.set(id, f);
      this.send({ type: 'listen', id, path });
    });
  }

  /** Stops listening and ends its connections; resolves with what moved since the last report (none after 1 s). */
  close(id: string): Promise<{ bytes: number; connections: number }> {
    const f = this.forwards.get(id);
    if (!f) return Promise.resolve({ bytes: 0, connections: 0 });
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ bytes: 0, connections: 0 }), 1000);
      f.closed = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      this.send({ type: 'close', id });
    });
  }
}

/** The relay thread, started on first use; undefined where it cannot run (callers relay here). */
export function relayThread(target: Omit<RelayTarget, 'identity'> & { identity: Identity }): RelayThread | undefined {
  if (kubeConfigFor(target.context, target.identity).getCurrentCluster()?.proxyUrl) return undefined;
  if (g.__podscopeRelay === undefined) {
    const file = join(g.__podscopeServerDir ?? join(process.cwd(), 'server'), 'exec', 'relay-thread.ts');
    if (!existsSync(file)) {
      log.warn('port-forward relays in the main thread: its thread file is missing', { file });
      g.__podscopeRelay = null;
    } else g.__podscopeRelay = new RelayThread(file);
  }
  return g.__podscopeRelay ?? undefined;
}

export type { RelayThread };

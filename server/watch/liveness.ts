import 'server-only';
// Is the API server answering? A watch on a server that hangs without closing its connections
// (a stopped process, a partition, a stuck load balancer) delivers nothing and reports nothing,
// so every view would keep saying "live". One probe per (cluster, identity) with watches open
// asks the API server's /readyz every PODSCOPE_LIVENESS_INTERVAL_MS with a short deadline; two
// failures in a row mark the cluster down: its reflectors drop their hung requests, report
// "stale since <the last answer>" with the reason (timeout, refused, TLS, 401), and wait; the
// first answer after that wakes them, and they resume from their last resourceVersion (or
// relist on 410 Gone), so what was missed arrives.
import type { KubeConfig } from '@kubernetes/client-node';
import type { WatchState } from '@/lib/api/stream';
import { type Identity, identityKey } from '../auth/identity';
import { config } from '../config';
import { kubeFetch } from '../kube/request';
import { log } from '../log';
import { metrics } from '../metrics';
import { Shared } from '../shared';

export interface LivenessState {
  up: boolean;
  /** when the API server last answered (ms) */
  lastOkAt: number;
  /** why it is down, in plain words */
  reason?: string;
  errorKind?: WatchState['errorKind'];
}

const FAILURES_TO_DOWN = 2;

/** Plain words for why a probe failed: what an on-call engineer would check first. */
export function probeFailure(err: unknown, timeoutMs: number): { reason: string; errorKind: WatchState['errorKind'] } {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? '';
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return { reason: `the API server did not answer within ${timeoutMs / 1000} s`, errorKind: 'unavailable' };
  if (code === 'ECONNREFUSED') return { reason: 'the API server refused the connection (nothing listening)', errorKind: 'unavailable' };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return { reason: 'the connection to the API server was reset', errorKind: 'unavailable' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { reason: "the API server's name does not resolve", errorKind: 'unavailable' };
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code))
    return { reason: `TLS failed talking to the API server (${code})`, errorKind: 'unavailable' };
  return { reason: `the API server could not be reached: ${e.cause?.message ?? e.message ?? String(err)}`, errorKind: 'unavailable' };
}

export class Liveness {
  state: LivenessState = { up: true, lastOkAt: Date.now() };
  private listeners = new Set<(s: LivenessState) => void>();
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;

  constructor(
    private readonly kc: KubeConfig,
    readonly label: string,
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  onChange(l: (s: LivenessState) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.probe(), config().PODSCOPE_LIVENESS_INTERVAL_MS);
    this.timer.unref?.();
  }

  /** One probe: any answer of the API server's readiness endpoint within the deadline. */
  async probe(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    const timeoutMs = config().PODSCOPE_LIVENESS_TIMEOUT_MS;
    try {
      const res = await kubeFetch(this.kc, '/readyz', { accept: 'text/plain', signal: AbortSignal.timeout(timeoutMs), probe: true });
      const body = await res.text();
      if (res.status === 200) this.ok();
      else if (res.status === 401)
        this.failed({ reason: 'the API server no longer accepts these credentials (401)', errorKind: 'unauthenticated' });
      else if (res.status === 403)
        this.ok(); // it answers; only the readiness details are not ours to read
      else
        this.failed({
          reason: `the API server is not ready (${res.status}): ${
            body
              .split('\n')
              .filter((l) => l.includes('failed'))
              .join('; ')
              .slice(0, 200) || body.slice(0, 200)
          }`,
          errorKind: 'unavailable',
        });
    } catch (err) {
      this.failed(probeFailure(err, timeoutMs));
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  private ok() {
    metrics.livenessProbes.inc({ result: 'ok' });
    this.failures = 0;
    const wasDown = !this.state.up;
    this.state = { up: true, lastOkAt: Date.now() };
    if (wasDown) {
      log.info('API server answering again', { cluster: this.label });
      this.emit();
    }
  }

  private failed(why: { reason: string; errorKind: WatchState['errorKind'] }) {
    metrics.livenessProbes.inc({ result: 'failed' });
    this.failures++;
    if (this.failures < FAILURES_TO_DOWN) return;
    const wasUp = this.state.up;
    this.state = { up: false, lastOkAt: this.state.lastOkAt, ...why };
    if (wasUp) {
      log.warn('API server not answering; its views are stale', { cluster: this.label, reason: why.reason });
      this.emit();
    }
  }

  private emit() {
    for (const l of this.listeners) l(this.state);
  }
}

// ---- one per (cluster, identity) with watches open, reference-counted by its reflectors

const probes = new Shared<Liveness>('liveness', (l) => l.stop());

export function acquireLiveness(context: string, identity: Identity, kc: KubeConfig): { liveness: Liveness; release: () => void } {
  const h = probes.acquire(`${context}\u0000${identityKey(context, identity)}`, () => {
    const l = new Liveness(kc, context);
    l.start();
    return l;
  });
  return { liveness: h.value, release: h.release };
}

import 'server-only';
// The shared usage poller: the Metrics API (metrics.k8s.io, served by metrics-server through the
// API server) read every 15 s, once per (cluster, identity, namespace scope) however many views
// and diagnoses read it, as the identity they act as (RBAC decides who sees usage). It keeps the
// last 10 minutes of every container's samples in memory (for trends: "OOM in about 4 min") and
// hands each new sample to whoever records it (the flight recorder keeps the longer history).
// When the Metrics API is missing, refuses, or stops answering, the state says so and why; old
// samples are never shown as current.
import { toAppError } from '../errors';
import { type Identity, identityKey, LOCAL } from '../auth/identity';
import { config } from '../config';
import { kubeConfigFor } from '../kube/clusters';
import { kubeFetch, upstreamError } from '../kube/request';
import { log } from '../log';
import { Shared } from '../shared';
import { metrics } from '../metrics';
import { quantity } from '@/lib/k8s/quantity';
import type { UsageState } from '@/lib/api/usage';
import type { UsagePoint } from '@/lib/usage/usage';

export const USAGE_INTERVAL_MS = 15_000;
/** how much of each container's recent samples is kept in memory */
const KEEP_MS = 10 * 60_000;

interface MetricsItem {
  metadata: { name: string; namespace?: string };
  timestamp: string;
  window?: string;
  containers?: { name: string; usage: { cpu?: string; memory?: string } }[];
  usage?: { cpu?: string; memory?: string };
}

export interface PodSeries {
  /** the newest sample's time */
  at: number;
  /** per container its samples, flat: at, cpu, memory, at, cpu, memory, … (a third of the memory of objects, at 10,000 pods) */
  containers: Map<string, number[]>;
}

const pointsOf = (flat: number[]): UsagePoint[] => {
  const out: UsagePoint[] = [];
  for (let i = 0; i < flat.length; i += 3) out.push({ at: flat[i], cpu: flat[i + 1], memory: flat[i + 2] });
  return out;
};

export interface NodeUsage {
  at: number;
  cpu: number;
  memory: number;
}

/** A new sample of one container, for the flight recorder. */
export interface UsageSample {
  podKey: string;
  container: string;
  point: UsagePoint;
}

type SampledHook = (context: string, samples: UsageSample[]) => void;
const g = globalThis as unknown as { __podscopeUsageHooks?: SampledHook[] };
const hooks = (g.__podscopeUsageHooks ??= []);

/** Calls `hook` with every poll's new samples (the flight recorder records them). */
export function onUsageSampled(hook: SampledHook): void {
  hooks.push(hook);
}

const API = '/apis/metrics.k8s.io/v1beta1';

/** Why the Metrics API cannot be read, in words for the person looking at the page. */
function unavailableWhy(status: number, body: string): string {
  if (status === 404) return 'this cluster does not serve the Metrics API (metrics.k8s.io): install metrics-server to see usage';
  if (status === 503) return 'the Metrics API is registered but metrics-server does not answer (is it running?)';
  if (status === 403) return `you may not read usage here: ${upstreamError(status, body).message}`;
  return upstreamError(status, body).message;
}

export class UsagePoller {
  readonly pods = new Map<string, PodSeries>();
  readonly nodes = new Map<string, NodeUsage>();
  state: UsageState = { phase: 'connecting', since: Date.now() };
  /** the API server refused this identity the scope (403) */
  forbidden = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastOk = 0;
  /** when the next poll starts (ms since the epoch), so a client can ask just after it */
  private nextAt = 0;
  private listeners = new Set<(changed: string[]) => void>();
  private first: Promise<void>;
  private resolveFirst!: () => void;
  private polled = false;

  constructor(
    readonly context: string,
    readonly identity: Identity,
    readonly namespace: string | undefined,
    private readonly intervalMs = USAGE_INTERVAL_MS,
  ) {
    this.first = new Promise((r) => (this.resolveFirst = r));
  }

  start(): void {
    void this.poll();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Resolves after the first poll (answered or failed), at most `ms` from now. */
  ready(ms = 5000): Promise<void> {
    if (this.polled) return Promise.resolve();
    return Promise.race([this.first, new Promise<void>((r) => setTimeout(r, ms).unref?.())]);
  }

  /** Called with the pod keys that got new samples after each poll. */
  addListener(l: (changed: string[]) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** A pod's recent samples per container, oldest first (copies). */
  recent(podKey: string): Record<string, UsagePoint[]> | undefined {
    const s = this.pods.get(podKey);
    if (!s) return undefined;
    return Object.fromEntries([...s.containers].map(([c, flat]) => [c, pointsOf(flat)]));
  }

  /** A pod's newest sample per container (only containers sampled in its newest scrape: one not running any more has none). */
  latest(podKey: string): Record<string, { cpu: number; memory: number }> | undefined {
    const s = this.pods.get(podKey);
    if (!s) return undefined;
    const out: Record<string, { cpu: number; memory: number }> = {};
    for (const [c, flat] of s.containers) {
      const i = flat.length - 3;
      if (flat[i] === s.at) out[c] = { cpu: flat[i + 1], memory: flat[i + 2] };
    }
    return out;
  }

  /** The current state, with "stale" once the last good poll is older than two and a half intervals. */
  currentState(now = Date.now()): UsageState {
    // (0 while a poll is under way: ask again in a moment)
    const nextPollInMs = this.nextAt ? Math.max(0, this.nextAt - now) : undefined;
    if (this.state.phase === 'live' && now - this.lastOk > this.intervalMs * 2.5)
      return { phase: 'stale', since: this.lastOk, message: `no new usage since ${new Date(this.lastOk).toISOString()}`, nextPollInMs };
    return { ...this.state, nextPollInMs };
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    const kc = kubeConfigFor(this.context, this.identity);
    const scope = this.namespace ? `/namespaces/${encodeURIComponent(this.namespace)}` : '';
    const t0 = performance.now();
    try {
      const res = await kubeFetch(kc, `${API}${scope}/pods`, { signal: AbortSignal.timeout(10_000) });
      const body = await res.text();
      this.forbidden = res.status === 403;
      if (res.status !== 200) {
        this.setState({
          phase: res.status >= 500 && res.status !== 503 ? 'stale' : 'unavailable',
          since: Date.now(),
          message: unavailableWhy(res.status, body),
        });
      } else {
        const items = (JSON.parse(body) as { items: MetricsItem[] }).items;
        const changed = this.takePods(items);
        const labels = { context: this.context, scope: this.namespace ?? '*' };
        metrics.usagePoll.set({ ...labels, what: 'seconds' }, (performance.now() - t0) / 1000);
        metrics.usagePoll.set({ ...labels, what: 'pods' }, items.length);
        // nodes: only for a cluster-wide view, and only if this identity may read them
        if (!this.namespace) {
          const n = await kubeFetch(kc, `${API}/nodes`, { signal: AbortSignal.timeout(10_000) });
          const nb = await n.text();
          if (n.status === 200) this.takeNodes((JSON.parse(nb) as { items: MetricsItem[] }).items);
        }
        this.lastOk = Date.now();
        this.setState({ phase: 'live', since: this.lastOk });
        for (const l of this.listeners) l(changed);
      }
    } catch (err) {
      this.setState({
        phase: this.lastOk ? 'stale' : 'unavailable',
        since: Date.now(),
        message: `the Metrics API cannot be reached: ${toAppError(err).message}`,
      });
    } finally {
      this.polled = true;
      this.resolveFirst();
      if (!this.stopped) {
        this.nextAt = Date.now() + this.intervalMs;
        this.timer = setTimeout(() => void this.poll(), this.intervalMs);
        this.timer.unref?.();
      }
    }
  }

  private setState(s: UsageState) {
    if (s.phase !== this.state.phase || s.message !== this.state.message) {
      if (s.phase !== 'live') log.warn('usage unavailable', { context: this.context, phase: s.phase, reason: s.message });
      this.state = s;
    }
  }

  private takePods(items: MetricsItem[]): string[] {
    const now = Date.now();
    const changed: string[] = [];
    const samples: UsageSample[] = [];
    for (const it of items) {
      const key = `${it.metadata.namespace}/${it.metadata.name}`;
      const at = Date.parse(it.timestamp);
      if (!Number.isFinite(at)) continue;
      let s = this.pods.get(key);
      if (s && s.at >= at) continue; // the same sample again (metrics-server scrapes on its own clock)
      if (!s) this.pods.set(key, (s = { at, containers: new Map() }));
      s.at = at;
      for (const c of it.containers ?? []) {
        const point: UsagePoint = { at, cpu: quantity(c.usage.cpu), memory: quantity(c.usage.memory) };
        let flat = s.containers.get(c.name);
        if (!flat) s.containers.set(c.name, (flat = []));
        flat.push(point.at, point.cpu, point.memory);
        samples.push({ podKey: key, container: c.name, point });
      }
      changed.push(key);
    }
    // what is older than the window goes; a pod with nothing left (gone, or not running for 10 min) too
    for (const [key, s] of this.pods) {
      for (const [c, flat] of s.containers) {
        let keep = 0;
        while (keep < flat.length && flat[keep] < now - KEEP_MS) keep += 3;
        if (keep >= flat.length) s.containers.delete(c);
        else if (keep > 0) flat.splice(0, keep);
      }
      if (!s.containers.size) this.pods.delete(key);
    }
    if (samples.length)
      for (const h of hooks) {
        try {
          h(this.context, samples);
        } catch (err) {
          log.warn('recording usage failed', { error: (err as Error).message });
        }
      }
    return changed;
  }

  private takeNodes(items: MetricsItem[]) {
    this.nodes.clear();
    for (const it of items) {
      const at = Date.parse(it.timestamp);
      if (Number.isFinite(at)) this.nodes.set(it.metadata.name, { at, cpu: quantity(it.usage?.cpu), memory: quantity(it.usage?.memory) });
    }
  }
}

export interface UsageKey {
  context: string;
  identity?: Identity;
  namespace?: string;
}

const pollers = new Shared<UsagePoller>(
  'usage',
  (p) => p.stop(),
  () => config().PODSCOPE_CACHE_LINGER_MS,
);

/** The shared poller for (cluster, identity, scope), started on first use; release() exactly once. */
export function acquireUsage(k: UsageKey): { poller: UsagePoller; release: () => void } {
  const identity = k.identity ?? LOCAL;
  const key = `${k.context}\u0000${identityKey(k.context, identity)}\u0000${k.namespace ?? '*'}`;
  const h = pollers.acquire(key, () => {
    const poller = new UsagePoller(k.context, identity, k.namespace);
    poller.start();
    return poller;
  });
  return { poller: h.value, release: h.release };
}

/**
 * The poller to read a namespace's usage with: the cluster-wide one (shared with the list, the
 * shared diagnosis and the background recorder), or, for an identity that may only read its own
 * namespaces, that namespace's. Acquired for the moment (kept warm by the linger); waits for its
 * first poll.
 */
export async function withUsage<T>(k: UsageKey, read: (p: UsagePoller) => T): Promise<T> {
  let a = acquireUsage({ ...k, namespace: undefined });
  try {
    await a.poller.ready();
    if (k.namespace && a.poller.forbidden) {
      a.release();
      a = acquireUsage(k);
      await a.poller.ready();
    }
    return read(a.poller);
  } finally {
    a.release();
  }
}

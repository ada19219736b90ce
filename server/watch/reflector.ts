import 'server-only';
// A list+watch cache for one (cluster, identity, resource, namespace scope), shaped like
// client-go's Reflector feeding a Store: list (paged), then watch from the list's
// resourceVersion with bookmarks; on 410 Gone relist and emit the difference as deltas (so no
// subscriber keeps a ghost); on any other failure reconnect with exponential back-off and
// jitter, resuming from the last resourceVersion seen. resourceVersion is opaque: stored and
// passed back, never compared.
import { type KubeConfig, Watch } from '@kubernetes/client-node';
import type { WatchState } from '@/lib/api/stream';
import { backoffDelay } from '@/lib/backoff';
import { collectionPath, objectKey, type ResourceDef } from '@/lib/k8s/resources';
import { kindFromUpstream, toAppError } from '../errors';
import { kubeGet } from '../kube/request';
import { log } from '../log';
import { metrics } from '../metrics';
import { internDeep } from './intern';
import type { Liveness, LivenessState } from './liveness';

export type KubeObject = { metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string } } & Record<
  string,
  unknown
>;

export interface Delta {
  type: 'upsert' | 'delete';
  key: string;
  object: KubeObject;
}

export interface ReflectorListener {
  deltas(deltas: Delta[]): void;
  state(state: WatchState): void;
}

export interface ReflectorOptions {
  backoffMinMs: number;
  backoffMaxMs: number;
  /** page size for lists */
  pageSize?: number;
  /** ask the server to end each watch after this many seconds (it reconnects from the last rv) */
  watchTimeoutSeconds?: number;
  /** the cluster's liveness probe: while it says down, the reflector reports stale and waits */
  liveness?: Liveness;
}

class GoneError extends Error {}

/**
 * managedFields are often a third of an object's size and Podscope never shows them: drop them
 * before the object is stored, so 30,000 cached pods cost what they show; and share the strings
 * the objects repeat (intern.ts).
 */
function slim(o: KubeObject): KubeObject {
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (meta && 'managedFields' in meta) delete meta.managedFields;
  return internDeep(o);
}

export class Reflector {
  readonly store = new Map<string, KubeObject>();
  private rv: string | undefined;
  private listeners = new Set<ReflectorListener>();
  private stopped = false;
  private abort: AbortController | undefined;
  private attempt = 0;
  private wake: (() => void) | undefined;
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  state: WatchState = { phase: 'connecting', since: Date.now() };

  constructor(
    private readonly kc: KubeConfig,
    readonly resource: ResourceDef,
    readonly namespace: string | undefined,
    private readonly opts: ReflectorOptions,
  ) {}

  get hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first list has filled the store, or the reflector ended without one (see hasSynced). */
  waitForSync(): Promise<void> {
    return this.synced || this.stopped ? Promise.resolve() : new Promise((r) => this.syncWaiters.push(r));
  }

  addListener(l: ReflectorListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  start(): void {
    metrics.upstreamWatches.inc();
    const l = this.opts.liveness;
    if (l) this.endListeners.push(l.onChange((s) => this.onLiveness(s)));
    void this.run();
  }

  /**
   * The cluster stopped answering: a watch (or list) in flight may hang for minutes without an
   * error, so drop it and say the data is stale since the API server last answered. When it
   * answers again, retry at once (resuming from the last resourceVersion).
   */
  private onLiveness(s: LivenessState) {
    if (this.stopped) return;
    if (!s.up) {
      this.setState({ phase: 'reconnecting', since: Math.min(s.lastOkAt, this.lastLiveAt()), message: s.reason, errorKind: s.errorKind });
      this.attemptAbort?.abort();
      this.abort?.abort();
    }
    this.wake?.();
  }

  private get clusterDown(): LivenessState | undefined {
    const s = this.opts.liveness?.state;
    return s && !s.up ? s : undefined;
  }

  private lastLiveAt(): number {
    return this.state.phase === 'live' ? Date.now() : this.state.since;
  }

  /** aborts the list or watch request of the current attempt */
  private attemptAbort: AbortController | undefined;

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    metrics.upstreamWatches.dec();
    this.abort?.abort();
    this.wake?.();
    for (const w of this.syncWaiters.splice(0)) w();
    for (const cb of this.endListeners.splice(0)) cb();
  }

  private endListeners: (() => void)[] = [];

  /** Called once when the reflector stops for good: stopped by its owner, or refused by the API server. */
  onEnd(cb: () => void): void {
    if (this.stopped) cb();
    else this.endListeners.push(cb);
  }

  private setState(s: WatchState) {
    this.state = s;
    for (const l of this.listeners) l.state(s);
  }

  /** Changes whenever the store does: lets snapshot encodings be shared until the next change. */
  version = 0;

  private emit(deltas: Delta[]) {
    if (deltas.length === 0) return;
    this.version++;
    for (const l of this.listeners) l.deltas(deltas);
  }

  private async run() {
    while (!this.stopped) {
      // a cluster that does not answer: wait for it (the liveness probe wakes this) rather than
      // open requests that would hang
      if (this.clusterDown) {
        await this.sleep(60_000);
        continue;
      }
      this.attemptAbort = new AbortController();
      try {
        if (this.rv === undefined) await this.relist(this.attemptAbort.signal);
        if (this.attemptAbort.signal.aborted) continue;
        const started = Date.now();
        const events = await this.watch();
        // A watch that ended normally (server timeout) resumes from the last rv. The back-off is
        // reset only by a watch that carried events or lasted a while; a server that closes
        // watches at once gets a growing delay, not a tight loop.
        if (events > 0 || Date.now() - started > 5000) this.attempt = 0;
        else await this.sleep(this.backoff());
      } catch (err) {
        if (this.stopped) return;
        if (this.clusterDown) continue; // (the liveness change has said why)
        if (err instanceof GoneError) {
          log.info('watch expired (410 Gone): relisting', { resource: this.resource.name, namespace: this.namespace });
          metrics.watchExpired.inc({ resource: this.resource.name });
          this.rv = undefined;
          continue;
        }
        const e = toAppError(err);
        const status =
          (err as { statusCode?: number; upstreamStatus?: number }).statusCode ?? (err as { upstreamStatus?: number }).upstreamStatus;
        const kind = status ? kindFromUpstream(status) : e.kind;
        const lastLive = this.lastLiveAt();
        // The API server refused this identity: retrying cannot help (and would let anyone with
        // a made-up token make Podscope hammer the API server). Stop; the cache drops this
        // reflector, so the next subscriber (after a login or a grant) starts afresh.
        if (kind === 'forbidden' || kind === 'unauthenticated') {
          log.warn('watch refused; stopping', { resource: this.resource.name, namespace: this.namespace, error: e.message });
          this.setState({ phase: 'error', since: lastLive, message: e.message, errorKind: kind });
          this.stop();
          return;
        }
        const delay = this.backoff();
        log.warn('watch failed; retrying', {
          resource: this.resource.name,
          namespace: this.namespace,
          error: e.message,
          retryInMs: Math.round(delay),
        });
        this.setState({
          phase: 'reconnecting',
          since: lastLive,
          message: e.message,
          errorKind: kind === 'internal' ? 'unavailable' : kind,
        });
        await this.sleep(delay);
      }
    }
  }

  private backoff(): number {
    const delay = backoffDelay(this.attempt, { minMs: this.opts.backoffMinMs, maxMs: this.opts.backoffMaxMs });
    this.attempt = Math.min(this.attempt + 1, 20);
    return delay;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /** Paged list; replaces the store and emits what changed relative to it. */
  private async relist(signal: AbortSignal) {
    metrics.relists.inc({ resource: this.resource.name });
    const fresh = new Map<string, KubeObject>();
    let cont: string | undefined;
    let rv: string | undefined;
    const base = collectionPath(this.resource, this.namespace);
    do {
      const q = new URLSearchParams({ limit: String(this.opts.pageSize ?? 500) });
      if (cont) q.set('continue', cont);
      const page = await kubeGet<{ metadata: { resourceVersion?: string; continue?: string }; items: KubeObject[] }>(
        this.kc,
        `${base}?${q}`,
        { signal: AbortSignal.any([signal, AbortSignal.timeout(60_000)]) },
      );
      for (const item of page.items) fresh.set(objectKey(item), slim(item));
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion;
    } while (cont && !this.stopped && !signal.aborted);
    if (this.stopped || signal.aborted) return; // a cut-short list must not look like deletions

    const deltas: Delta[] = [];
    for (const [key, obj] of this.store) if (!fresh.has(key)) deltas.push({ type: 'delete', key, object: obj });
    for (const [key, obj] of fresh) {
      const old = this.store.get(key);
      if (!old || old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) deltas.push({ type: 'upsert', key, object: obj });
    }
    this.store.clear();
    for (const [k, v] of fresh) this.store.set(k, v);
    this.rv = rv;
    this.emit(deltas);
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  /** Resolves with the number of events the watch carried. */
  private watch(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const w = new Watch(this.kc);
      // The client aborts a watch after 30 s without bytes; bookmarks arrive about once a
      // minute, so allow more than the server-side timeout before calling it dead.
      (w as unknown as { requestTimeoutMs: number }).requestTimeoutMs = ((this.opts.watchTimeoutSeconds ?? 240) + 30) * 1000;
      let opened = false;
      let settled = false;
      let count = 0;
      // (the cluster stopped answering: a watch whose response never came would hang until its
      // request timeout, so end it now; the request is aborted as soon as it can be)
      const attempt = this.attemptAbort?.signal;
      const onAbort = () => finish();
      const finish = (err?: unknown) => {
        if (settled) return;
        settled = true;
        attempt?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(count);
      };
      attempt?.addEventListener('abort', onAbort, { once: true });
      const path = collectionPath(this.resource, this.namespace);
      w.watch(
        path,
        {
          resourceVersion: this.rv,
          allowWatchBookmarks: true,
          timeoutSeconds: this.opts.watchTimeoutSeconds ?? 240,
        },
        (type: string, obj: KubeObject & { code?: number; message?: string }) => {
          if (type === 'ERROR') {
            if (obj.code === 410) finish(new GoneError(obj.message));
            else finish(Object.assign(new Error(obj.message ?? 'watch error'), { statusCode: obj.code }));
            this.abort?.abort();
            return;
          }
          count++;
          if (!opened) this.markLive();
          opened = true;
          metrics.watchEvents.inc({ resource: this.resource.name });
          switch (type) {
            case 'ADDED':
            case 'MODIFIED': {
              slim(obj);
              const key = objectKey(obj);
              this.store.set(key, obj);
              this.rv = obj.metadata?.resourceVersion ?? this.rv;
              this.emit([{ type: 'upsert', key, object: obj }]);
              break;
            }
            case 'DELETED': {
              const key = objectKey(obj);
              this.store.delete(key);
              this.rv = obj.metadata?.resourceVersion ?? this.rv;
              this.emit([{ type: 'delete', key, object: obj }]);
              break;
            }
            case 'BOOKMARK':
              this.rv = obj.metadata?.resourceVersion ?? this.rv;
              break;
          }
        },
        (err: unknown) => {
          if (err && (err as { statusCode?: number }).statusCode === 410) finish(new GoneError('gone'));
          else if (err && !(err instanceof DOMException && err.name === 'AbortError')) finish(err);
          else finish();
        },
      ).then((ctrl) => {
        this.abort = ctrl;
        // The response arrived (status 200) if no error came back: the watch is established.
        if (!settled && !opened) {
          this.markLive();
          opened = true;
        }
        if (this.stopped || attempt?.aborted) ctrl.abort();
      }, finish);
    });
  }

  private markLive() {
    if (this.state.phase !== 'live') this.setState({ phase: 'live', since: Date.now() });
  }
}

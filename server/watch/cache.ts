import 'server-only';
// Shared watch caches: one Reflector per (cluster, identity, resource, namespace scope), used by
// every subscriber with that identity, reference-counted, and stopped a while after the last
// subscriber leaves (so a page reload does not cost a relist).
import { RESOURCES, type ResourceName } from '@/lib/k8s/resources';
import { config } from '../config';
import { AppError } from '../errors';
import { type Identity, identityKey, LOCAL } from '../auth/identity';
import { kubeConfigFor } from '../kube/clusters';
import { acquireLiveness } from './liveness';
import { Reflector } from './reflector';

interface Entry {
  reflector: Reflector;
  refs: number;
  stopTimer?: NodeJS.Timeout;
}

const g = globalThis as unknown as { __podscopeCaches?: Map<string, Entry>; __podscopeWatchHooks?: Set<WatchHook> };
const caches = (g.__podscopeCaches ??= new Map<string, Entry>());

/** Side systems (the flight recorder) learn of every watch started, without this module knowing them. */
export type WatchHook = (w: { context: string; resource: ResourceName; source: Reflector }) => void;
const hooks = (g.__podscopeWatchHooks ??= new Set<WatchHook>());

export function onWatchStarted(hook: WatchHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

export interface CacheKey {
  context: string;
  identity: Identity;
  resource: ResourceName;
  namespace?: string;
}

const keyOf = (k: CacheKey) => `${k.context}\u0000${identityKey(k.context, k.identity)}\u0000${k.resource}\u0000${k.namespace ?? '*'}`;

/**
 * Watches are bounded per identity and in total: each one is a long-lived request to an API
 * server, and nobody should be able to make Podscope open thousands of them.
 */
function assertRoom(k: CacheKey) {
  const cfg = config();
  if (caches.size >= cfg.PODSCOPE_MAX_WATCHES)
    throw new AppError(
      'too-many',
      `Podscope is already running ${caches.size} watches, its limit (PODSCOPE_MAX_WATCHES)`,
      'close some views, or raise the limit',
    );
  const prefix = `${k.context}\u0000${identityKey(k.context, k.identity)}\u0000`;
  let mine = 0;
  for (const key of caches.keys()) if (key.startsWith(prefix)) mine++;
  if (mine >= cfg.PODSCOPE_MAX_WATCHES_PER_USER)
    throw new AppError(
      'too-many',
      `you already have ${mine} watches open on context "${k.context}", the limit per user (PODSCOPE_MAX_WATCHES_PER_USER)`,
      'close some views (namespaces, pods) and try again',
    );
}

/** Acquire a running reflector; call the returned release() exactly once when done. */
export function acquire(given: CacheKey): { reflector: Reflector; release: () => void } {
  // a cluster-scoped resource has one cache whatever namespace the asker looks at
  const k = RESOURCES[given.resource].namespaced ? given : { ...given, namespace: undefined };
  const key = keyOf(k);
  let e = caches.get(key);
  if (!e) {
    assertRoom(k);
    const cfg = config();
    const kc = kubeConfigFor(k.context, k.identity ?? LOCAL);
    // one liveness probe per (cluster, identity) with watches open, shared by its reflectors
    const probe = acquireLiveness(k.context, k.identity, kc);
    const reflector = new Reflector(kc, RESOURCES[k.resource], k.namespace, {
      backoffMinMs: cfg.PODSCOPE_BACKOFF_MIN_MS,
      backoffMaxMs: cfg.PODSCOPE_BACKOFF_MAX_MS,
      liveness: probe.liveness,
    });
    reflector.onEnd(probe.release);
    for (const hook of hooks) hook({ context: k.context, resource: k.resource, source: reflector });
    const entry: Entry = { reflector, refs: 0 };
    // a reflector the API server refused has ended: the next subscriber gets a fresh one
    reflector.onEnd(() => {
      if (caches.get(key) === entry) caches.delete(key);
    });
    caches.set(key, (e = entry));
    reflector.start();
  }
  if (e.stopTimer) {
    clearTimeout(e.stopTimer);
    e.stopTimer = undefined;
  }
  e.refs++;
  const entry = e;
  let released = false;
  return {
    reflector: e.reflector,
    release: () => {
      if (released) return;
      released = true;
      entry.refs--;
      if (entry.refs === 0) {
        entry.stopTimer = setTimeout(() => {
          if (entry.refs === 0) entry.reflector.stop(); // (which drops it from the map)
        }, config().PODSCOPE_CACHE_LINGER_MS);
        entry.stopTimer.unref?.();
      }
    },
  };
}

/** Stops every watch (shutdown). Returns how many ran. */
export function stopAllWatches(): number {
  const all = [...caches.values()];
  for (const e of all) {
    clearTimeout(e.stopTimer);
    e.reflector.stop(); // (which drops it from the map)
  }
  return all.length;
}

export function cacheStats(): { key: string; refs: number; objects: number; phase: string }[] {
  return [...caches.entries()].map(([key, e]) => ({
    key: key.replaceAll('\u0000', '|'),
    refs: e.refs,
    objects: e.reflector.store.size,
    phase: e.reflector.state.phase,
  }));
}

/** Any running reflector of this context, to judge reachability for /readyz. */
export function reflectorsOf(context?: string): Reflector[] {
  return [...caches.entries()].filter(([k]) => !context || k.startsWith(`${context}\u0000`)).map(([, e]) => e.reflector);
}

import 'server-only';
// The diagnosis's sources over Podscope's own watch caches: what the shared per-pod diagnosis
// reads (no request per pod). A kind whose cache has synced covers its namespace scope, so a name
// missing there is absent; a cache that failed (forbidden) or is not watched is unknown.
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { requestsByNode } from '@/lib/nodes/capacity';
import type { UsagePoint } from '@/lib/usage/usage';
import type { DiagnosisSources } from '@/lib/diagnosis/gather';
import { type Indexes, type Kind, type KindIndex, objectSources } from '@/lib/diagnosis/object-sources';
import type { Reflector } from '../watch/reflector';

export function storeIndex<T>(r: Reflector, extra: Partial<KindIndex<T>> = {}): KindIndex<T> {
  return {
    covers: (ns) => r.hasSynced && r.state.phase !== 'error' && (r.namespace === undefined || r.namespace === ns),
    get: (ns, name) => r.store.get(ns ? `${ns}/${name}` : name) as T | undefined,
    *list(ns) {
      for (const o of r.store.values()) if (ns === undefined || o.metadata?.namespace === ns) yield o as T;
    },
    ...extra,
  };
}

/** Events kept by the pod they are about, as the event cache changes. */
export class EventsByPod {
  private byPod = new Map<string, Map<string, CoreV1Event>>();
  apply(type: 'upsert' | 'delete', key: string, e: CoreV1Event): string | undefined {
    const inv = e.involvedObject;
    if (inv?.kind && inv.kind !== 'Pod') return undefined;
    const pod = `${inv?.namespace ?? e.metadata?.namespace ?? ''}/${inv?.name ?? ''}`;
    let m = this.byPod.get(pod);
    if (type === 'delete') {
      m?.delete(key);
      if (m?.size === 0) this.byPod.delete(pod);
    } else {
      if (!m) this.byPod.set(pod, (m = new Map()));
      m.set(key, e);
    }
    return pod;
  }
  of(ns: string, name: string): Iterable<CoreV1Event> {
    return this.byPod.get(`${ns}/${name}`)?.values() ?? [];
  }
  clear(): void {
    this.byPod.clear();
  }
}

export function cacheSources(
  r: Partial<Record<Kind, Reflector>>,
  events: EventsByPod,
  usage?: (podKey: string) => Record<string, UsagePoint[]> | undefined,
): DiagnosisSources {
  const ix: Indexes = {};
  for (const [kind, reflector] of Object.entries(r) as [Kind, Reflector][]) {
    ix[kind] =
      kind === 'Event' ? storeIndex<CoreV1Event>(reflector, { aboutPod: (ns, name) => events.of(ns, name) }) : storeIndex(reflector);
  }
  const sources = objectSources(ix, { missingWhy: (kind) => `${kind}s are not watched by the shared diagnosis` });
  // (computed once per set of sources, i.e. once per pass of the shared diagnosis, however many pods are Pending)
  let perNode: Record<string, Record<string, number>> | undefined;
  // (only from a cache of every namespace's pods: one namespace's would undercount)
  const pods = r.Pod && r.Pod.namespace === undefined && r.Pod.hasSynced ? r.Pod : undefined;
  return {
    ...sources,
    ...(pods ? { nodeRequests: async () => (perNode ??= requestsByNode(pods.store.values() as Iterable<V1Pod>)) } : {}),
    ...(usage ? { usage: async (ns: string, name: string) => usage(`${ns}/${name}`) } : {}),
  };
}

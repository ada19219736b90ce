import 'server-only';
// What a watch subscription sends for each object: pod rows for the list (a tenth of a pod's
// bytes), normalised events, or the object itself. One projection per object version, shared by
// every stream that sends it (50 tabs on the same list cost one row per pod, not fifty): keyed
// by the stored object, which is replaced on every change, so a WeakMap needs no invalidation.
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { normalizeEvent } from '@/lib/events/normalize';
import { isEventOfPod } from '@/lib/k8s/events';
import { podRow } from '@/lib/pods/row';
import type { SubscriptionSpec } from '@/lib/api/stream';
import type { KubeObject } from '../../watch/reflector';

const rows = new WeakMap<object, unknown>();
const normalized = new WeakMap<object, unknown>();

export function project(spec: SubscriptionSpec, o: KubeObject): unknown {
  if (spec.resource === 'events') {
    let e = normalized.get(o);
    if (!e) normalized.set(o, (e = normalizeEvent(o as unknown as CoreV1Event)));
    return e;
  }
  if (spec.resource === 'pods' && spec.view === 'rows') {
    let r = rows.get(o);
    if (!r) rows.set(o, (r = podRow(o as V1Pod)));
    return r;
  }
  return o; // the reflector already dropped managedFields as the object entered the cache
}

/** Is this object part of what the subscription asked for (one object by name, one pod's events)? */
export function matches(spec: SubscriptionSpec, o: KubeObject): boolean {
  if (spec.name && o.metadata?.name !== spec.name) return false;
  if (spec.involvedName && !isEventOfPod(o as unknown as CoreV1Event, spec.involvedName)) return false;
  return true;
}

/** The browser's key for an item: events by uid (a name can be reused), everything else by ns/name. */
export function itemKey(spec: SubscriptionSpec, key: string, o: KubeObject): string {
  return spec.resource === 'events' ? (o.metadata?.uid ?? key) : key;
}

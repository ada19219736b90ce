import 'server-only';
// A subscription to a shared watch cache: the snapshot once the cache has synced, then every
// change, and the cache's connection state as it changes.
import type { PodEvent } from '@/lib/events/normalize';
import type { SubscriptionSpec, WatchState } from '@/lib/api/stream';
import { withRecordedEvents } from '../../recorder/events';
import { acquire } from '../../watch/cache';
import type { Reflector } from '../../watch/reflector';
import type { Feed, FeedOutput } from '../feed';
import { itemKey, matches, project } from './projection';

const encoder = new TextEncoder();
// whole collections: the encoded items are shared by every stream asking for the same view of
// the same cache version (fifty tabs on a 10,000-pod list encode it once)
const encoded = new WeakMap<object, { version: number; byView: Map<string, Uint8Array> }>();
const viewKey = (s: SubscriptionSpec) => [s.resource, s.view, s.involvedName ?? ''].join('|');

function encodedCollection(spec: SubscriptionSpec, reflector: Reflector): Uint8Array {
  let shared = encoded.get(reflector);
  if (!shared || shared.version !== reflector.version) encoded.set(reflector, (shared = { version: reflector.version, byView: new Map() }));
  let items = shared.byView.get(viewKey(spec));
  if (!items) {
    const list: unknown[] = [];
    for (const o of reflector.store.values()) if (matches(spec, o)) list.push(project(spec, o));
    shared.byView.set(viewKey(spec), (items = encoder.encode(JSON.stringify(list))));
  }
  return items;
}

async function sendSnapshot(spec: SubscriptionSpec, reflector: Reflector, out: FeedOutput) {
  if (!out.open) return;
  if (!reflector.hasSynced) return out.state(reflector.state); // refused before its first list
  if (spec.name && !spec.involvedName) {
    const o = reflector.store.get(spec.namespace ? `${spec.namespace}/${spec.name}` : spec.name);
    return out.snapshot(o ? [project(spec, o)] : [], reflector.state);
  }
  if (spec.resource === 'events' && spec.involvedName && spec.namespace) {
    // (recorded events only while this identity's own events watch stands: not after a 403)
    if (reflector.state.phase === 'error') return out.state(reflector.state);
    // one pod's events: the live ones, plus those the flight recorder kept after they expired
    // (the recorded ones are read first: the live ones are then taken from the store in the same
    // turn as the snapshot goes out, so no change can fall between the two)
    const recorded = await withRecordedEvents(spec.context, `${spec.namespace}/${spec.involvedName}`, []);
    if (!out.open) return;
    const live: PodEvent[] = [];
    for (const o of reflector.store.values()) if (matches(spec, o)) live.push(project(spec, o) as PodEvent);
    const seen = new Set(live.map((e) => e.uid));
    return out.snapshot([...live, ...recorded.filter((e) => !seen.has(e.uid))], reflector.state);
  }
  out.snapshotEncoded(encodedCollection(spec, reflector), reflector.state);
}

export const watchFeed: Feed = (spec, identity, out) => {
  if (spec.resource === 'podtransitions' || spec.resource === 'triage' || spec.resource === 'diagnoses')
    throw new Error(`not a watch: ${spec.resource}`);
  const { reflector, release } = acquire({ context: spec.context, identity, resource: spec.resource, namespace: spec.namespace });
  const unlisten = reflector.addListener({
    deltas: (deltas) => {
      for (const d of deltas) {
        if (!matches(spec, d.object)) continue;
        // an event about a pod that expires upstream stays: it is history (and recorded)
        if (d.type === 'delete' && spec.involvedName) continue;
        const k = itemKey(spec, d.key, d.object);
        if (d.type === 'delete') out.remove(k);
        else out.upsert(k, project(spec, d.object));
      }
    },
    state: (s: WatchState) => out.state(s),
  });
  if (!reflector.hasSynced) out.state(reflector.state);
  void reflector.waitForSync().then(() => sendSnapshot(spec, reflector, out));
  return [release, unlisten];
};

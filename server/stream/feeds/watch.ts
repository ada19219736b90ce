import 'server-only';
// A subscription to a shared watch cache: the snapshot once the cache has synced, then every
// change, and the cache's connection state as it changes.
import type { PodEvent } from '@/lib/events/normalize';
import { newestFirst } from '@/lib/events/explorer';
import type { SubscriptionSpec, WatchState } from '@/lib/api/stream';
import { withRecordedEvents } from '../../recorder/events';
import { acquire } from '../../watch/cache';
import type { KubeObject, Reflector } from '../../watch/reflector';
import type { Feed, FeedOutput } from '../feed';
import { itemKey, matches, project } from './projection';

const encoder = new TextEncoder();

// Whole collections: one encoding of a view (the 10,000 rows of the all-namespaces list) shared
// by every stream that asks for it, and by later askers too while it is fresh: they get it plus
// the current version of every object changed since it was made. Under churn the store changes
// every few ms, so encoding per version meant one 5 MB encoding per subscriber (fifty tabs opening
// at once: fifty, and the server's memory with them); now one every MAX_AGE_MS at most.
const MAX_AGE_MS = 10_000;
const MAX_CHANGED = 2000;
/**
 * A cluster's or namespace's events go newest first, the newest FIRST_EVENTS as the snapshot and
 * the rest in parts right after it: the events explorer paints the newest rows while the other
 * 40,000 are still on their way (and parsed a part at a time).
 */
const FIRST_EVENTS = 500;
const EVENTS_PART = 10_000;
interface Encoded {
  bytes: Uint8Array;
  /** the rest of the snapshot, in parts (events only) */
  more: Uint8Array[];
  at: number;
  /** keys changed since the encoding, with the object of their last change */
  changed: Map<string, KubeObject>;
}
const collections = new WeakMap<Reflector, Map<string, Encoded>>();
const viewKey = (s: SubscriptionSpec) => [s.resource, s.view, s.involvedName ?? ''].join('|');

function encodedCollection(spec: SubscriptionSpec, reflector: Reflector): Encoded {
  let views = collections.get(reflector);
  if (!views) {
    const v = (views = new Map<string, Encoded>());
    collections.set(reflector, v);
    reflector.addListener({
      deltas: (ds) => {
        for (const e of v.values()) for (const d of ds) e.changed.set(d.key, d.object);
      },
      state: () => {},
    });
  }
  let e = views.get(viewKey(spec));
  if (!e || e.changed.size > MAX_CHANGED || Date.now() - e.at > MAX_AGE_MS) {
    const list: unknown[] = [];
    for (const o of reflector.store.values()) if (matches(spec, o)) list.push(project(spec, o));
    const more: Uint8Array[] = [];
    let first = list;
    if (spec.resource === 'events' && list.length > FIRST_EVENTS) {
      const sorted = newestFirst(list as PodEvent[]);
      first = sorted.slice(0, FIRST_EVENTS);
      for (let i = FIRST_EVENTS; i < sorted.length; i += EVENTS_PART)
        more.push(encoder.encode(JSON.stringify(sorted.slice(i, i + EVENTS_PART))));
    }
    views.set(viewKey(spec), (e = { bytes: encoder.encode(JSON.stringify(first)), more, at: Date.now(), changed: new Map() }));
  }
  return e;
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
  const e = encodedCollection(spec, reflector);
  out.snapshotEncoded(e.bytes, reflector.state, e.more.length);
  e.more.forEach((part, i) => out.snapshotMoreEncoded(part, e.more.length - i - 1));
  // what changed since the encoding, as it is now (the deltas that follow are the live ones)
  for (const [key, last] of e.changed) {
    const o = reflector.store.get(key);
    if (o) {
      if (matches(spec, o)) out.upsert(itemKey(spec, key, o), project(spec, o));
    } else out.remove(itemKey(spec, key, last));
  }
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

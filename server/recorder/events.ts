import 'server-only';
// The flight recorder's second half: every event about a pod that any watch sees is kept in the
// store, so the events tab and the timeline reach back beyond the API server's event TTL (about
// an hour) and still have them after the pod is gone. An event's expiry upstream (a watch
// DELETE) is not recorded as a loss: the event happened.
import type { CoreV1Event } from '@kubernetes/client-node';
import { belongsToPod } from '@/lib/k8s/events';
import { normalizeEvent, type PodEvent } from '@/lib/events/normalize';
import type { ChangeSource } from './source';
import { recordEvents, storedEvents } from './store';

const g = globalThis as unknown as { __podscopeEventRecorders?: WeakSet<ChangeSource> };
const attached = (g.__podscopeEventRecorders ??= new WeakSet());

/** The pod an event is about (namespace/name), or undefined for other objects. */
export function podKeyOfEvent(e: CoreV1Event): string | undefined {
  const inv = e.involvedObject;
  if (inv?.kind !== 'Pod' || !inv.name) return undefined;
  return `${inv.namespace ?? e.metadata?.namespace ?? ''}/${inv.name}`;
}

export function recordPodEvents(reflector: ChangeSource, context: string): void {
  if (attached.has(reflector)) return;
  attached.add(reflector);
  const lastRv = new Map<string, string>(); // uid → resourceVersion written: a relist rewrites nothing unchanged
  reflector.addListener({
    state: () => {},
    deltas: (deltas) => {
      const batch: { podKey: string; event: PodEvent }[] = [];
      for (const d of deltas) {
        const e = d.object as unknown as CoreV1Event;
        const uid = e.metadata?.uid;
        if (!uid) continue;
        if (d.type === 'delete') {
          lastRv.delete(uid);
          continue;
        }
        const podKey = podKeyOfEvent(e);
        if (!podKey || lastRv.get(uid) === e.metadata?.resourceVersion) continue;
        lastRv.set(uid, e.metadata?.resourceVersion ?? '');
        batch.push({ podKey, event: normalizeEvent(e) });
      }
      recordEvents(context, batch);
    },
  });
}

/**
 * A pod's live events plus those the recorder kept that are not among them (expired upstream),
 * of the pod with `uid` only when it is given (a reused name is another pod).
 */
export async function withRecordedEvents(context: string, podKey: string, live: PodEvent[], uid?: string): Promise<PodEvent[]> {
  const seen = new Set(live.map((e) => e.uid));
  return [...live, ...(await storedEvents(context, podKey)).filter((e) => !seen.has(e.uid) && belongsToPod(e.involved.uid, uid))];
}

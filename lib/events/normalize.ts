// One shape for events whether they were written through core/v1 (count, first/lastTimestamp)
// or events.k8s.io/v1 (eventTime, series, note): both APIs are views of the same stored Events,
// so a watch on core/v1 sees all of them; duplicates (same uid) collapse to one.
import type { CoreV1Event } from '@kubernetes/client-node';

export interface PodEvent {
  uid: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  source: string;
  /** the node the reporting component ran on (the kubelet's node), when it says */
  host?: string;
  /** the event's namespace (for a pod's events, the pod's) */
  namespace?: string;
  involved: { kind?: string; name?: string; uid?: string; fieldPath?: string };
}

import { isoTime as iso } from '../k8s/time';

export function normalizeEvent(e: CoreV1Event): PodEvent {
  const series = e.series as { count?: number; lastObservedTime?: unknown } | undefined;
  const first = iso(e.firstTimestamp) ?? iso(e.eventTime) ?? iso(e.metadata?.creationTimestamp);
  const last = iso(series?.lastObservedTime) ?? iso(e.lastTimestamp) ?? iso(e.eventTime) ?? first;
  return {
    uid: e.metadata?.uid ?? `${e.metadata?.namespace}/${e.metadata?.name}`,
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: (e.message ?? '').trim(),
    count: Math.max(e.count ?? 0, series?.count ?? 0, 1),
    firstSeen: first,
    lastSeen: last,
    source: e.reportingComponent || e.source?.component || '',
    // (a kubelet reports as its node; other components' instance names are not nodes)
    host: e.source?.host || (e.reportingComponent === 'kubelet' ? e.reportingInstance : undefined) || undefined,
    namespace: e.metadata?.namespace ?? e.involvedObject?.namespace,
    involved: {
      kind: e.involvedObject?.kind,
      name: e.involvedObject?.name,
      uid: e.involvedObject?.uid,
      fieldPath: e.involvedObject?.fieldPath,
    },
  };
}

/** Newest first by last seen; duplicates by uid removed (the later-seen copy wins). */
export function mergeEvents(events: PodEvent[]): PodEvent[] {
  const byUid = new Map<string, PodEvent>();
  for (const e of events) {
    const prev = byUid.get(e.uid);
    if (!prev || (e.lastSeen ?? '') >= (prev.lastSeen ?? '')) byUid.set(e.uid, e);
  }
  return [...byUid.values()].sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '') || a.reason.localeCompare(b.reason));
}

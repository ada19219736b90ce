import type { CoreV1Event } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { mergeEvents, normalizeEvent } from './normalize';

describe('events from both APIs', () => {
  it('reads a core/v1 event (count, first/last timestamps)', () => {
    const e = normalizeEvent({
      metadata: { uid: 'a', name: 'p.1', namespace: 'n' },
      involvedObject: { kind: 'Pod', name: 'p', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container app',
      type: 'Warning',
      count: 7,
      firstTimestamp: '2026-11-20T10:00:00Z' as unknown as Date,
      lastTimestamp: '2026-11-20T10:05:00Z' as unknown as Date,
      source: { component: 'kubelet' },
    } as CoreV1Event);
    expect(e).toMatchObject({
      uid: 'a',
      count: 7,
      firstSeen: '2026-11-20T10:00:00Z',
      lastSeen: '2026-11-20T10:05:00Z',
      source: 'kubelet',
      involved: { fieldPath: 'spec.containers{app}' },
    });
  });
  it('reads an events.k8s.io/v1 event seen through core/v1 (eventTime, series, reportingComponent)', () => {
    const e = normalizeEvent({
      metadata: { uid: 'b', name: 'p.2', namespace: 'n', creationTimestamp: '2026-11-20T10:00:00Z' as unknown as Date },
      involvedObject: { kind: 'Pod', name: 'p' },
      reason: 'FailedScheduling',
      message: '0/4 nodes are available: 4 Insufficient cpu.',
      type: 'Warning',
      eventTime: '2026-11-20T10:00:01.123456Z' as unknown as Date,
      series: { count: 12, lastObservedTime: '2026-11-20T10:30:00.5Z' as unknown as Date },
      reportingComponent: 'default-scheduler',
    } as CoreV1Event);
    expect(e).toMatchObject({
      uid: 'b',
      count: 12,
      firstSeen: '2026-11-20T10:00:01.123456Z',
      lastSeen: '2026-11-20T10:30:00.5Z',
      source: 'default-scheduler',
    });
  });
  it('deduplicates by uid and orders newest first', () => {
    const base = { type: 'Normal', reason: 'r', message: 'm', count: 1, source: 's', involved: {} };
    const merged = mergeEvents([
      { ...base, uid: 'x', lastSeen: '2026-11-20T10:00:00Z' },
      { ...base, uid: 'y', lastSeen: '2026-11-20T11:00:00Z' },
      { ...base, uid: 'x', lastSeen: '2026-11-20T12:00:00Z', count: 2 },
    ]);
    expect(merged.map((e) => `${e.uid}:${e.count}`)).toEqual(['x:2', 'y:1']);
  });
});

import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { buildTimeline } from './model';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const iso = (s: number) => new Date(NOW - s * 1000).toISOString();

describe('timeline model', () => {
  const pod = {
    metadata: { name: 'p', namespace: 'n', creationTimestamp: iso(300) },
    spec: { initContainers: [{ name: 'migrate', image: 'x' }], containers: [{ name: 'app', image: 'x' }] },
    status: {
      phase: 'Running',
      startTime: iso(298),
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: iso(299) },
        { type: 'Ready', status: 'False', lastTransitionTime: iso(60), reason: 'ContainersNotReady' },
      ],
      initContainerStatuses: [
        {
          name: 'migrate',
          ready: false,
          restartCount: 0,
          image: 'x',
          imageID: '',
          state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: iso(297), finishedAt: iso(290) } },
        },
      ],
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 3,
          image: 'x',
          imageID: '',
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: iso(50), finishedAt: iso(45) } },
        },
      ],
    },
  } as unknown as V1Pod;
  const events = [
    {
      uid: 'e1',
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container app',
      count: 3,
      firstSeen: iso(120),
      lastSeen: iso(10),
      source: 'kubelet',
      involved: { kind: 'Pod', name: 'p', fieldPath: 'spec.containers{app}' },
    },
  ];
  const m = buildTimeline(
    pod,
    events,
    [{ at: NOW - 45_000, kind: 'container', subject: 'app', from: 'running', to: 'terminated: OOMKilled (exit 137)' }],
    NOW,
  );

  it('has a lane for the pod and each container in order', () => {
    expect(m.lanes.map((l) => l.label)).toEqual(['pod', 'init migrate', 'app']);
  });
  it('draws the previous run and the current wait from status timestamps', () => {
    const app = m.lanes[2];
    expect(app.segments).toEqual([
      expect.objectContaining({
        from: NOW - 50_000,
        to: NOW - 45_000,
        kind: 'terminated-error',
        label: 'previous run: OOMKilled (exit 137)',
        detail: 'ran 5s',
      }),
      expect.objectContaining({ from: NOW - 45_000, to: NOW, kind: 'waiting', label: 'waiting: CrashLoopBackOff' }),
    ]);
  });
  it('puts container events and observed transitions on the container lane', () => {
    const app = m.lanes[2];
    expect(app.markers.map((x) => `${x.source}:${x.label}`)).toEqual([
      'event:BackOff (first)',
      'observed:terminated: OOMKilled (exit 137)',
      'event:BackOff',
    ]);
    expect(app.markers[2].detail).toContain('(×3)');
  });
  it('spans from creation to now', () => {
    expect(m.start).toBe(NOW - 300_000);
    expect(m.end).toBe(NOW);
  });
});

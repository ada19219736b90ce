import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { buildTimeline, observedRuns } from './model';
import type { Transition } from './transitions';

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
    expect(m.lanes.map((l) => l.label)).toEqual(['pod phase', 'PodScheduled', 'Ready', 'init migrate', 'app']);
  });
  it('draws each condition as a lane from its transition time', () => {
    const ready = m.lanes.find((l) => l.label === 'Ready')!;
    // False since 60 s ago (its lastTransitionTime); before that its state was not observed
    expect(ready.segments).toEqual([expect.objectContaining({ from: NOW - 60_000, to: NOW, kind: 'not-ready', label: 'Ready=False' })]);
    const sched = m.lanes.find((l) => l.label === 'PodScheduled')!;
    expect(sched.segments).toEqual([expect.objectContaining({ from: NOW - 299_000, kind: 'ready' })]);
    const phase = m.lanes[0];
    expect(phase.segments.map((x) => `${x.label}:${(NOW - x.from) / 1000}`)).toEqual(['Pending:300', 'Running:298']);
  });
  it('draws the previous run and the current wait from status timestamps', () => {
    const app = m.lanes.find((l) => l.label === 'app')!;
    expect(app.segments).toEqual([
      expect.objectContaining({
        from: NOW - 50_000,
        to: NOW - 45_000,
        kind: 'terminated-error',
        label: 'run 3 (previous): OOMKilled (exit 137)',
        run: 3,
        detail: 'ran 5s',
      }),
      expect.objectContaining({ from: NOW - 45_000, to: NOW, kind: 'waiting', label: 'waiting: CrashLoopBackOff (before run 4)' }),
    ]);
  });
  it('puts container events (every occurrence) and observed transitions on the container lane', () => {
    const app = m.lanes.find((l) => l.label === 'app')!;
    expect(app.markers.map((x) => `${x.source}:${x.label}:${(NOW - x.at) / 1000}`)).toEqual([
      'event:BackOff:120',
      'event:BackOff:65',
      'observed:terminated: OOMKilled (exit 137):45',
      'event:BackOff:10',
    ]);
    expect(app.markers[1].detail).toContain('2 of 3; time approximate');
    expect(app.markers[3].detail).toContain('(3 of 3)');
  });
  it('spans from creation to now', () => {
    expect(m.start).toBe(NOW - 300_000);
    expect(m.end).toBe(NOW);
  });
});

describe('a crash loop as runs', () => {
  // what the recorder keeps of a container that crashed three times, as the watch saw it
  // (kwok and a real kubelet both go running → terminated → waiting: CrashLoopBackOff → running)
  const at = (s: number) => NOW - s * 1000;
  const c = (s: number, to: string, detail?: string): Transition => ({ at: at(s), kind: 'container', subject: 'app', to, detail });
  const trs = [
    c(200, 'waiting: ContainerCreating'),
    c(195, 'running'),
    c(185, 'terminated: Error (exit 1)'),
    c(184, 'waiting: CrashLoopBackOff', 'restart #1'),
    c(174, 'running', 'restart #1'),
    c(164, 'terminated: Error (exit 1)'),
    c(163, 'waiting: CrashLoopBackOff', 'restart #2'),
    c(143, 'running', 'restart #2'),
    // (the exit of run 3 was not seen: the next thing observed is run 4 starting)
    c(100, 'running', 'restart #3'),
  ];

  it('draws every observed run, numbered, with the back-off gaps between them', () => {
    const runs = observedRuns(trs, NOW);
    expect(runs.map((r) => `${r.kind}|${r.run ?? ''}|${(NOW - r.from) / 1000}-${(NOW - r.to) / 1000}`)).toEqual([
      'waiting||200-195',
      'terminated-error|1|195-185',
      'waiting||184-174',
      'terminated-error|2|174-164',
      'waiting||163-143',
      'terminated-error|3|143-100',
      'running|4|100-0',
    ]);
    expect(runs[1].label).toBe('run 1: Error (exit 1)');
    expect(runs[5].label).toBe('run 3: ended (its exit was not observed)');
  });

  it('lets the pod status own the runs it has exact times for, and keeps the earlier ones', () => {
    const pod = {
      metadata: { name: 'p', namespace: 'n', creationTimestamp: new Date(at(201)).toISOString() },
      spec: { containers: [{ name: 'app', image: 'x' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 3,
            image: 'x',
            imageID: '',
            state: { running: { startedAt: new Date(at(100)).toISOString() } },
            lastState: {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                startedAt: new Date(at(143)).toISOString(),
                finishedAt: new Date(at(120)).toISOString(),
              },
            },
          },
        ],
      },
    } as unknown as V1Pod;
    const lane = buildTimeline(pod, [], trs, NOW).lanes[1];
    const runs = lane.segments.filter((s) => s.run !== undefined);
    // runs 1 and 2 from the record, 3 and 4 from the status (its exit at 120 s, which the watch missed)
    expect(runs.map((r) => [r.run, !!r.observed])).toEqual([
      [1, true],
      [2, true],
      [3, false],
      [4, false],
    ]);
    expect(runs[2]).toMatchObject({ from: at(143), to: at(120), kind: 'terminated-error' });
    // and the back-off gaps before the status's runs stay visible
    expect(lane.segments.filter((s) => s.kind === 'waiting' && s.observed).length).toBe(3);
  });
});

import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { humanDuration } from './duration';
import { podColumns, readyCell, restartsCell } from './pod-status';

// Fixtures are shaped as the API server sends pods over the wire (timestamps as RFC 3339 strings).
const NOW = Date.parse('2026-11-20T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

function pod(p: { spec?: Partial<NonNullable<V1Pod['spec']>>; status?: V1Pod['status']; deletionTimestamp?: string }): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'ns',
      uid: 'u1',
      creationTimestamp: ago(600) as unknown as Date,
      deletionTimestamp: p.deletionTimestamp as unknown as Date,
    },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...p.spec },
    status: p.status,
  };
}
const running = (name: string, ready = true, extra: object = {}) => ({
  name,
  image: 'x',
  imageID: '',
  ready,
  restartCount: 0,
  started: true,
  state: { running: { startedAt: ago(100) } },
  ...extra,
});
const waiting = (name: string, reason: string, extra: object = {}) => ({
  name,
  image: 'x',
  imageID: '',
  ready: false,
  restartCount: 0,
  state: { waiting: { reason } },
  ...extra,
});
const terminated = (name: string, exitCode: number, reason?: string, extra: object = {}) => ({
  name,
  image: 'x',
  imageID: '',
  ready: false,
  restartCount: 0,
  state: { terminated: { exitCode, reason, startedAt: ago(60), finishedAt: ago(30) } },
  ...extra,
});
const cond = (type: string, status: string, reason?: string) => ({ type, status, reason });

describe('podColumns: phase and reason', () => {
  it('uses the phase when nothing else applies (unschedulable pod shows Pending)', () => {
    const c = podColumns(pod({ status: { phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'Unschedulable')] as never } }));
    expect(c.status).toBe('Pending');
    expect(readyCell(c)).toBe('0/1');
  });
  it('status.reason wins over the phase (Evicted)', () => {
    expect(podColumns(pod({ status: { phase: 'Failed', reason: 'Evicted' } })).status).toBe('Evicted');
  });
  it('SchedulingGated from the PodScheduled condition', () => {
    expect(
      podColumns(pod({ status: { phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'SchedulingGated')] as never } })).status,
    ).toBe('SchedulingGated');
  });
});

describe('podColumns: init containers', () => {
  const spec = {
    initContainers: [
      { name: 'i1', image: 'x' },
      { name: 'i2', image: 'x' },
    ],
  };
  it('completed init containers are skipped', () => {
    const c = podColumns(
      pod({
        spec,
        status: {
          phase: 'Running',
          conditions: [cond('Initialized', 'True')] as never,
          initContainerStatuses: [terminated('i1', 0, 'Completed'), terminated('i2', 0, 'Completed')] as never,
          containerStatuses: [running('app')] as never,
        },
      }),
    );
    expect(c.status).toBe('Running');
  });
  it('Init:i/N while an init container is running', () => {
    const c = podColumns(
      pod({
        spec,
        status: {
          phase: 'Pending',
          initContainerStatuses: [terminated('i1', 0, 'Completed'), running('i2', false)] as never,
          containerStatuses: [waiting('app', 'PodInitializing')] as never,
        },
      }),
    );
    expect(c.status).toBe('Init:1/2');
  });
  it('Init:<waiting reason> (CrashLoopBackOff), PodInitializing is not a reason', () => {
    expect(
      podColumns(
        pod({
          spec,
          status: {
            phase: 'Pending',
            initContainerStatuses: [waiting('i1', 'CrashLoopBackOff', { restartCount: 4 }), waiting('i2', 'PodInitializing')] as never,
          },
        }),
      ).status,
    ).toBe('Init:CrashLoopBackOff');
    expect(
      podColumns(
        pod({
          spec,
          status: {
            phase: 'Pending',
            initContainerStatuses: [waiting('i1', 'PodInitializing'), waiting('i2', 'PodInitializing')] as never,
          },
        }),
      ).status,
    ).toBe('Init:0/2');
  });
  it('Init:<terminated reason>, Init:Signal:N, Init:ExitCode:N', () => {
    expect(
      podColumns(pod({ spec, status: { phase: 'Pending', initContainerStatuses: [terminated('i1', 1, 'Error')] as never } })).status,
    ).toBe('Init:Error');
    const sig = terminated('i1', 137);
    (sig.state.terminated as Record<string, unknown>).signal = 9;
    expect(podColumns(pod({ spec, status: { phase: 'Pending', initContainerStatuses: [sig] as never } })).status).toBe('Init:Signal:9');
    expect(podColumns(pod({ spec, status: { phase: 'Pending', initContainerStatuses: [terminated('i1', 3)] as never } })).status).toBe(
      'Init:ExitCode:3',
    );
  });
  it('counts init restarts while initializing and shows when the last one was', () => {
    const c = podColumns(
      pod({
        spec,
        status: {
          phase: 'Pending',
          initContainerStatuses: [
            waiting('i1', 'CrashLoopBackOff', {
              restartCount: 4,
              lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(300) } },
            }),
          ] as never,
          containerStatuses: [waiting('app', 'PodInitializing')] as never,
        },
      }),
    );
    expect(c.restarts).toBe(4);
    expect(restartsCell(c, NOW)).toBe('4 (5m ago)');
  });
  it('sidecar init containers count toward READY and RESTARTS once started', () => {
    const s = { initContainers: [{ name: 'proxy', image: 'x', restartPolicy: 'Always' }] };
    const c = podColumns(
      pod({
        spec: s,
        status: {
          phase: 'Running',
          conditions: [cond('Initialized', 'True'), cond('Ready', 'True')] as never,
          initContainerStatuses: [
            running('proxy', true, { restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: ago(90) } } }),
          ] as never,
          containerStatuses: [running('app')] as never,
        },
      }),
    );
    expect(readyCell(c)).toBe('2/2');
    expect(c.status).toBe('Running');
    expect(restartsCell(c, NOW)).toBe('2 (90s ago)');
  });
  it('a sidecar not yet started blocks as Init:0/N', () => {
    const s = { initContainers: [{ name: 'proxy', image: 'x', restartPolicy: 'Always' }] };
    const c = podColumns(
      pod({ spec: s, status: { phase: 'Pending', initContainerStatuses: [running('proxy', false, { started: false })] as never } }),
    );
    expect(c.status).toBe('Init:0/1');
    expect(readyCell(c)).toBe('0/2');
  });
});

describe('podColumns: regular containers', () => {
  it('waiting reason (CrashLoopBackOff) with restarts and lastState', () => {
    const c = podColumns(
      pod({
        status: {
          phase: 'Running',
          containerStatuses: [
            waiting('app', 'CrashLoopBackOff', {
              restartCount: 5,
              lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(125) } },
            }),
          ] as never,
        },
      }),
    );
    expect(c.status).toBe('CrashLoopBackOff');
    expect(restartsCell(c, NOW)).toBe('5 (2m5s ago)');
  });
  it('the first container in the list wins', () => {
    const c = podColumns(
      pod({
        spec: {
          containers: [
            { name: 'a', image: 'x' },
            { name: 'b', image: 'x' },
          ],
        },
        status: {
          phase: 'Pending',
          containerStatuses: [waiting('a', 'ImagePullBackOff'), waiting('b', 'CreateContainerConfigError')] as never,
        },
      }),
    );
    expect(c.status).toBe('ImagePullBackOff');
  });
  it('terminated reason, Signal:N and ExitCode:N', () => {
    expect(podColumns(pod({ status: { phase: 'Failed', containerStatuses: [terminated('app', 137, 'OOMKilled')] as never } })).status).toBe(
      'OOMKilled',
    );
    const sig = terminated('app', 143);
    (sig.state.terminated as Record<string, unknown>).signal = 15;
    expect(podColumns(pod({ status: { phase: 'Failed', containerStatuses: [sig] as never } })).status).toBe('Signal:15');
    expect(podColumns(pod({ status: { phase: 'Failed', containerStatuses: [terminated('app', 2)] as never } })).status).toBe('ExitCode:2');
  });
  it('Completed job pod', () => {
    const c = podColumns(pod({ status: { phase: 'Succeeded', containerStatuses: [terminated('app', 0, 'Completed')] as never } }));
    expect(c.status).toBe('Completed');
    expect(readyCell(c)).toBe('0/1');
  });
  it('Completed with another container running and Ready=True shows Running', () => {
    const c = podColumns(
      pod({
        spec: {
          containers: [
            { name: 'a', image: 'x' },
            { name: 'b', image: 'x' },
          ],
        },
        status: {
          phase: 'Running',
          conditions: [cond('Ready', 'True')] as never,
          containerStatuses: [terminated('a', 0, 'Completed'), running('b')] as never,
        },
      }),
    );
    expect(c.status).toBe('Running');
  });
  it('Completed with a running container but no Ready condition shows NotReady', () => {
    const c = podColumns(
      pod({
        spec: {
          containers: [
            { name: 'a', image: 'x' },
            { name: 'b', image: 'x' },
          ],
        },
        status: {
          phase: 'Running',
          conditions: [cond('Ready', 'False')] as never,
          containerStatuses: [terminated('a', 0, 'Completed'), running('b')] as never,
        },
      }),
    );
    expect(c.status).toBe('NotReady');
  });
  it('Completed must not hide a container that failed (v1.35+)', () => {
    const c = podColumns(
      pod({
        spec: {
          containers: [
            { name: 'a', image: 'x' },
            { name: 'b', image: 'x' },
          ],
        },
        status: { phase: 'Failed', containerStatuses: [terminated('a', 0, 'Completed'), terminated('b', 1, 'Error')] as never },
      }),
    );
    expect(c.status).toBe('Error');
  });
  it('running but not ready leaves the phase (Running) and does not count as ready', () => {
    const c = podColumns(pod({ status: { phase: 'Running', containerStatuses: [running('app', false)] as never } }));
    expect(c.status).toBe('Running');
    expect(readyCell(c)).toBe('0/1');
  });
});

describe('podColumns: deletion', () => {
  it('Terminating when deleted and not terminal', () => {
    expect(
      podColumns(pod({ deletionTimestamp: ago(5), status: { phase: 'Running', containerStatuses: [running('app')] as never } })).status,
    ).toBe('Terminating');
  });
  it('a deleted terminal pod keeps its status', () => {
    expect(
      podColumns(
        pod({ deletionTimestamp: ago(5), status: { phase: 'Succeeded', containerStatuses: [terminated('app', 0, 'Completed')] as never } }),
      ).status,
    ).toBe('Completed');
  });
  it('Unknown for NodeLost', () => {
    expect(podColumns(pod({ deletionTimestamp: ago(5), status: { phase: 'Running', reason: 'NodeLost' } })).status).toBe('Unknown');
  });
});

describe('humanDuration (kubectl AGE)', () => {
  it.each([
    [-5000, '<invalid>'],
    [-500, '0s'],
    [0, '0s'],
    [59_000, '59s'],
    [119_000, '119s'],
    [120_000, '2m'],
    [125_000, '2m5s'],
    [600_000, '10m'],
    [179 * 60_000, '179m'],
    [3 * 3600_000, '3h'],
    [3 * 3600_000 + 5 * 60_000, '3h5m'],
    [9 * 3600_000, '9h'],
    [50 * 3600_000, '2d2h'],
    [48 * 3600_000, '2d'],
    [10 * 86400_000, '10d'],
    [800 * 86400_000, '2y70d'],
    [9 * 365 * 86400_000, '9y'],
  ])('%d ms → %s', (ms, want) => expect(humanDuration(ms)).toBe(want));
});

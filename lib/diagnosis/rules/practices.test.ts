import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { DiagnosisInput, Finding } from '../types';
import { practices, workerCount } from './practices';

const failure = (container: string, id = 'crash.app-error'): Finding => ({
  id,
  category: 'crash',
  severity: 'critical',
  confidence: 'high',
  container,
  title: 'x',
  explanation: '',
  evidence: [],
  causes: [],
  remedies: [],
});
function input(c: Partial<V1Container>, logs?: DiagnosisInput['logs']): DiagnosisInput {
  const pod = {
    metadata: { name: 'p', namespace: 'ns' },
    spec: { containers: [{ name: 'app', image: 'shop/api:1', ...c }] },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'app', restartCount: 3, ready: false, image: '', imageID: '', state: { running: {} } }],
    },
  } as unknown as V1Pod;
  return { pod, events: [], now: Date.now(), logs };
}
const ids = (i: DiagnosisInput, f: Finding[] = [failure('app')]) => practices(i, f).map((x) => x.id);

describe('production practices in the spec review', () => {
  it('liveness and readiness on the same endpoint; different endpoints are fine', () => {
    const probe = { httpGet: { path: '/health', port: 8080 } };
    expect(ids(input({ livenessProbe: probe, readinessProbe: probe }))).toEqual(['spec.same-probe-endpoint']);
    expect(ids(input({ livenessProbe: probe, readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }))).toEqual([]);
    // severity rises when liveness is what kills it
    const [f] = practices(input({ livenessProbe: probe, readinessProbe: probe }), [failure('app', 'crash.liveness-kill')]);
    expect(f.severity).toBe('warning');
  });

  it('a long initialDelaySeconds without a startupProbe', () => {
    expect(ids(input({ livenessProbe: { httpGet: { path: '/h', port: 80 }, initialDelaySeconds: 120 } }))).toEqual(['spec.startup-delay']);
    expect(
      ids(input({ livenessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 120 }, startupProbe: { tcpSocket: { port: 80 } } })),
    ).toEqual([]);
  });

  it('a read-only root without /tmp, with the log line that proves it', () => {
    const ro = { securityContext: { readOnlyRootFilesystem: true } };
    const [f] = practices(input(ro, { previous: { app: ["OSError: [Errno 30] Read-only file system: '/tmp/x'"] } }), [failure('app')]);
    expect(f.id).toBe('spec.readonly-root-no-tmp');
    expect(f.severity).toBe('warning');
    expect(ids(input({ ...ro, volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] }))).toEqual([]);
  });

  it('Python: silent logs without PYTHONUNBUFFERED; workers beyond the CPU limit', () => {
    const py = { image: 'python:3.12-slim', command: ['python', 'app.py'] };
    expect(ids(input(py, { current: { app: [] }, previous: { app: [] } }))).toEqual(['spec.python-unbuffered']);
    expect(ids(input({ ...py, env: [{ name: 'PYTHONUNBUFFERED', value: '1' }] }, { current: { app: [] } }))).toEqual([]);
    expect(ids(input(py, { current: { app: ['started'] } }))).toEqual([]);
    // logs not read at all: nothing said
    expect(ids(input(py))).toEqual([]);
    const gunicorn = { image: 'shop/web:2', command: ['gunicorn', 'app:wsgi', '--workers', '9'], resources: { limits: { cpu: '1' } } };
    const [w] = practices(input(gunicorn), [failure('app')]);
    expect(w.id).toBe('spec.workers-over-cpu');
    expect(w.title).toBe('app: 9 worker processes on a 1 CPU limit');
    expect(ids(input({ ...gunicorn, command: ['gunicorn', 'app:wsgi', '-w', '2'] }))).toEqual([]);
    // not Python: its flags are not read
    expect(ids(input({ image: 'nginx:1', args: ['--workers', '9'], resources: { limits: { cpu: '1' } } }))).toEqual([]);
  });

  it('reads the worker counts the servers take', () => {
    expect(workerCount({ name: 'a', args: ['uvicorn main:app --workers=4'] })).toEqual({ n: 4, where: '--workers=4' });
    expect(workerCount({ name: 'a', command: ['celery', '-A', 'tasks', 'worker', '-c', '16'] })?.n).toBe(16);
    expect(workerCount({ name: 'a', command: ['gunicorn', '-c', 'conf.py'] })).toBeUndefined();
    expect(workerCount({ name: 'a', env: [{ name: 'WEB_CONCURRENCY', value: '6' }] })?.n).toBe(6);
  });
});

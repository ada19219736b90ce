import { describe, expect, it } from 'vitest';
import type { DiagnosisSummary } from '../diagnosis/types';
import type { PodRow } from './row';
import { intermediatesOf, pickPods, podsOfWorkload, workloadHref, workloadKindFromSegment } from './workload';

const bare = (
  name: string,
  owner: { kind: string; name: string } | undefined,
  createdAt: string,
  severity?: 'critical' | 'error' | 'warning' | 'info',
): PodRow => ({
  key: `shop/${name}`,
  uid: name,
  namespace: 'shop',
  name,
  labels: {},
  status: severity ? 'CrashLoopBackOff' : 'Running',
  phase: 'Running',
  ready: severity ? 0 : 1,
  total: 1,
  restarts: 0,
  createdAt,
  owner,
  deleting: false,
});
const SEVERITY: Record<string, 'critical' | 'error' | 'warning' | 'info'> = {};
const row = (...args: Parameters<typeof bare>): PodRow => {
  const r = bare(...args);
  if (args[3]) SEVERITY[r.key] = args[3];
  return r;
};
/** the shared diagnosis of each pod (what the list badges), as the stream's diagnoses carry it */
const diagnosisOf = (key: string): DiagnosisSummary | undefined =>
  SEVERITY[key]
    ? {
        id: `x.${SEVERITY[key]}`,
        key: `x.${SEVERITY[key]}`,
        severity: SEVERITY[key],
        confidence: 'high',
        title: SEVERITY[key],
        category: 'crash',
      }
    : undefined;
const rs = (name: string, owner: string) => ({
  metadata: { name, ownerReferences: [{ kind: 'Deployment', name: owner, controller: true }] },
});

describe('workload links', () => {
  it("finds a deployment's pods through its ReplicaSets, old and new, and no one else's", () => {
    // "web-api" starts with "web-": a name prefix would wrongly match its ReplicaSet
    const mids = intermediatesOf('Deployment', 'web', [rs('web-5d4', 'web'), rs('web-7c9', 'web'), rs('web-api-111', 'web-api')]);
    expect([...mids].sort()).toEqual(['web-5d4', 'web-7c9']);
    const rows = [
      row('web-5d4-a', { kind: 'ReplicaSet', name: 'web-5d4' }, '2026-11-20T10:00:00Z'),
      row('web-7c9-b', { kind: 'ReplicaSet', name: 'web-7c9' }, '2026-11-20T11:00:00Z', 'error'),
      row('web-api-111-c', { kind: 'ReplicaSet', name: 'web-api-111' }, '2026-11-20T12:00:00Z', 'critical'),
      row('loose', undefined, '2026-11-20T12:00:00Z'),
    ];
    expect(podsOfWorkload(rows, 'Deployment', 'web', mids).map((r) => r.name)).toEqual(['web-5d4-a', 'web-7c9-b']);
  });

  it("finds a job's pods directly and a cronjob's through its jobs", () => {
    const rows = [
      row('nightly-1-x', { kind: 'Job', name: 'nightly-1' }, '2026-11-20T01:00:00Z'),
      row('nightly-2-y', { kind: 'Job', name: 'nightly-2' }, '2026-11-21T01:00:00Z'),
    ];
    expect(podsOfWorkload(rows, 'Job', 'nightly-2', new Set()).map((r) => r.name)).toEqual(['nightly-2-y']);
    const jobs = [
      { metadata: { name: 'nightly-1', ownerReferences: [{ kind: 'CronJob', name: 'nightly', controller: true }] } },
      { metadata: { name: 'nightly-2', ownerReferences: [{ kind: 'CronJob', name: 'nightly', controller: true }] } },
    ];
    expect(podsOfWorkload(rows, 'CronJob', 'nightly', intermediatesOf('CronJob', 'nightly', jobs))).toHaveLength(2);
  });

  it('picks the newest, or the failing ones worst first', () => {
    const rows = [
      row('a', undefined, '2026-11-20T10:00:00Z', 'warning'),
      row('b', undefined, '2026-11-20T12:00:00Z'),
      row('c', undefined, '2026-11-20T11:00:00Z', 'critical'),
      row('d', undefined, '2026-11-20T09:00:00Z', 'info'),
    ];
    expect(pickPods(rows, 'newest', diagnosisOf).map((r) => r.name)).toEqual(['b']);
    expect(pickPods(rows, 'failing', diagnosisOf).map((r) => r.name)).toEqual(['c', 'a']);
    expect(pickPods(rows, 'all', diagnosisOf).map((r) => r.name)).toEqual(['b', 'c', 'a', 'd']);
    expect(pickPods([], 'newest', diagnosisOf)).toEqual([]);
  });

  it('builds and parses links', () => {
    expect(workloadHref('prod eu', 'shop', 'Deployment', 'web', 'failing')).toBe('/c/prod%20eu/w/shop/deployment/web');
    expect(workloadHref('c', 'shop', 'Job', 'migrate', 'newest')).toBe('/c/c/w/shop/job/migrate?show=newest');
    expect(workloadKindFromSegment('statefulset')).toBe('StatefulSet');
    expect(workloadKindFromSegment('secret')).toBeUndefined();
  });
});

describe('the pod list filtered by a Deployment', () => {
  it('matches the pods of its ReplicaSets, not only pods whose direct owner has that name', async () => {
    const { applyFilters, filtersFromParams } = await import('./filter');
    const rows = [
      bare('web-7f9-a', { kind: 'ReplicaSet', name: 'web-7f9' }, 't1'),
      bare('api-1', { kind: 'ReplicaSet', name: 'api-5d' }, 't2'),
    ];
    const f = filtersFromParams(new URLSearchParams('owner=Deployment/web'));
    // direct owners only: nothing (the bug: "0 of 4 pods")
    expect(applyFilters(rows, f).rows).toEqual([]);
    const names = intermediatesOf('Deployment', 'web', [
      { metadata: { name: 'web-7f9', ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] } },
    ]);
    expect(applyFilters(rows, f, { kind: 'ReplicaSet', names }).rows.map((r) => r.name)).toEqual(['web-7f9-a']);
  });
});

// Triage order: what an on-call engineer looks at first, with the reasons on each card.
import { describe, expect, it } from 'vitest';
import type { DiagnosisSummary, Severity } from '../diagnosis/types';
import { buildIncidents, type DiagnosedPod, type WorkloadInfo } from './incidents';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const summary = (id: string, severity: Severity = 'critical'): DiagnosisSummary => ({
  id,
  key: id,
  severity,
  confidence: 'high',
  title: id,
  category: id.split('.')[0] as never,
});
const pods = (
  n: number,
  ns: string,
  owner: { kind: string; name: string },
  id: string,
  o: { severity?: Severity; sinceMin?: number; restarts?: number } = {},
): DiagnosedPod[] =>
  Array.from({ length: n }, (_, i) => ({
    namespace: ns,
    name: `${owner.name}-${i}`,
    summary: summary(id, o.severity),
    owner,
    status: 'CrashLoopBackOff',
    restarts: o.restarts ?? 3,
    since: NOW - (o.sinceMin ?? 30) * 60_000,
  }));

function order(
  all: DiagnosedPod[],
  workloads: Record<string, WorkloadInfo>,
  before?: Record<string, { affected: number; restarts: number }>,
) {
  return buildIncidents({
    pods: all,
    workload: (kind, ns, name) => workloads[`${kind}/${ns}/${name}`],
    before: (id) => before?.[id],
    now: NOW,
  });
}

describe('triage rank', () => {
  it('a Deployment with 0 of 3 available outranks a CronJob pod and a degraded one', () => {
    const r = order(
      [
        ...pods(1, 'batch', { kind: 'CronJob', name: 'report' }, 'crash.app-error'),
        ...pods(3, 'shop', { kind: 'Deployment', name: 'api' }, 'crash.oom-killed'),
        ...pods(1, 'shop', { kind: 'Deployment', name: 'web' }, 'crash.app-error'),
      ],
      { 'Deployment/shop/api': { desired: 3, available: 0 }, 'Deployment/shop/web': { desired: 4, available: 3 } },
    );
    expect(r.map((i) => i.workload.name)).toEqual(['api', 'web', 'report']);
    expect(r[0].rank.reasons).toContain('down: 0 of 3 available');
    expect(r[1].rank.reasons).toContain('degraded: 3 of 4 available');
    expect(r[2].rank.reasons).toContain('batch work');
  });

  it('a rollout regression outranks new workloads that never worked (the demo cluster)', () => {
    const never: WorkloadInfo = { desired: 1, available: 0, wasAvailable: false };
    const singles = ['checkout', 'catalog', 'frontend', 'billing'].flatMap((n) =>
      pods(1, `demo-${n}`, { kind: 'Deployment', name: n }, 'crash.app-error', { sinceMin: 1 }),
    );
    const rollout = pods(1, 'demo-rollout', { kind: 'Deployment', name: 'storefront' }, 'rollout.regression', { sinceMin: 1 });
    const r = order([...singles, ...rollout], {
      ...Object.fromEntries(['checkout', 'catalog', 'frontend', 'billing'].map((n) => [`Deployment/demo-${n}/${n}`, never])),
      'Deployment/demo-rollout/storefront': { desired: 3, available: 3, changedAt: NOW - 120_000, rolling: true },
    });
    expect(r[0].workload.name).toBe('storefront');
    expect(r[0].rank.reasons[1]).toMatch(/began with a rollout/);
    expect(r[1].rank.reasons[0]).toBe('never available yet (0 of 1)');
  });

  it('a failure that began right after a change to a working workload moves up; new and worsening ones too', () => {
    const base = [
      ...pods(2, 'a', { kind: 'Deployment', name: 'old' }, 'crash.app-error', { sinceMin: 120 }),
      ...pods(2, 'b', { kind: 'Deployment', name: 'changed' }, 'crash.app-error', { sinceMin: 120 }),
    ];
    const r = order(base, {
      'Deployment/a/old': { desired: 4, available: 2 },
      'Deployment/b/changed': { desired: 4, available: 2, changedAt: NOW - 121 * 60_000 },
    });
    expect(r[0].workload.name).toBe('changed');
    expect(r[0].rank.reasons.some((x) => /began (1m|60s) after a change to Deployment changed/.test(x))).toBe(true);

    const fresh = order(
      [
        ...pods(1, 'a', { kind: 'Deployment', name: 'x' }, 'crash.app-error', { sinceMin: 120 }),
        ...pods(1, 'b', { kind: 'Deployment', name: 'y' }, 'crash.app-error', { sinceMin: 3 }),
      ],
      {
        'Deployment/a/x': { desired: 2, available: 1 },
        'Deployment/b/y': { desired: 2, available: 1 },
      },
    );
    expect(fresh[0].workload.name).toBe('y');
    expect(fresh[0].rank.reasons).toContain('new: since 3m ago');

    const id = 'Deployment/a/x|crash.app-error';
    const worse = order(
      pods(1, 'a', { kind: 'Deployment', name: 'x' }, 'crash.app-error', { restarts: 9 }),
      { 'Deployment/a/x': { desired: 2, available: 1 } },
      { [id]: { affected: 1, restarts: 3 } },
    );
    expect(worse[0].rank.reasons).toContain('getting worse');
  });

  it('groups pods by the object a person edits and the root cause', () => {
    const r = order(
      [
        ...pods(3, 'shop', { kind: 'Deployment', name: 'api' }, 'crash.oom-killed'),
        ...pods(1, 'shop', { kind: 'Deployment', name: 'api' }, 'image.not-found'),
      ],
      { 'Deployment/shop/api': { desired: 4, available: 0 } },
    );
    expect(r.map((i) => [i.findingId, i.affected, i.desired])).toEqual([
      ['crash.oom-killed', 3, 4],
      ['image.not-found', 1, 4],
    ]);
  });
});

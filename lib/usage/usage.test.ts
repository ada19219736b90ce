import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { diagnose, primary } from '../diagnosis/engine';
import { sizingReview, usageConcern } from '../diagnosis/rules/usage';
import type { DiagnosisInput } from '../diagnosis/types';
import { containerResources, cpuAtLimit, memoryAtRisk, memoryOutlook, memorySlope, percentile, sizing, type UsagePoint } from './usage';

const MI = 2 ** 20;
const T0 = Date.parse('2026-12-02T10:00:00Z');
const series = (n: number, f: (i: number) => Partial<UsagePoint>, stepS = 15): UsagePoint[] =>
  Array.from({ length: n }, (_, i) => ({ at: T0 + i * stepS * 1000, cpu: 0.02, memory: 50 * MI, ...f(i) }));

function pod(resources: object, startedAt = '2026-12-02T09:59:00Z', extra: object = {}): V1Pod {
  return {
    metadata: { name: 'api-1', namespace: 'shop', uid: 'u1' },
    spec: { containers: [{ name: 'api', image: 'api:1', resources }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'api', image: 'api:1', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt } }, ...extra } as never,
      ],
    },
  } as unknown as V1Pod;
}
const input = (p: V1Pod, usage: Record<string, UsagePoint[]>, now = T0 + 3600_000): DiagnosisInput => ({ pod: p, events: [], now, usage });

describe('usage arithmetic', () => {
  it('percentile and slope', () => {
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(percentile([], 95)).toBe(0);
    // +1Mi every 15 s = 69905 bytes/s
    expect(memorySlope(series(8, (i) => ({ memory: (100 + i) * MI })))).toBeCloseTo(MI / 15, 0);
    expect(memorySlope(series(2, () => ({})))).toBeUndefined(); // too few
    expect(memorySlope(series(3, () => ({}), 5))).toBeUndefined(); // under 20 s
  });

  it('requests default to limits, init containers do not count', () => {
    const p = pod({ limits: { cpu: '500m', memory: '256Mi' } });
    (p.spec as { initContainers?: object[] }).initContainers = [{ name: 'init', image: 'x' }];
    expect(containerResources(p)).toEqual({ api: { cpuRequest: 0.5, cpuLimit: 0.5, memoryRequest: 256 * MI, memoryLimit: 256 * MI } });
  });

  it('memory at risk: 90 % of the limit, or 70 % and growing to it within 15 min; a flat line near 70 % is not', () => {
    expect(
      memoryAtRisk(
        memoryOutlook(
          series(3, () => ({ memory: 231 * MI })),
          256 * MI,
        ),
      ),
    ).toBe(true);
    const climbing = series(8, (i) => ({ memory: (180 + i * 4) * MI }));
    const o = memoryOutlook(climbing, 256 * MI)!;
    expect(o.secondsToLimit).toBeGreaterThan(0);
    expect(memoryAtRisk(o)).toBe(true);
    expect(
      memoryAtRisk(
        memoryOutlook(
          series(8, (i) => ({ memory: (190 + (i % 2)) * MI })),
          256 * MI,
        ),
      ),
    ).toBe(false);
    expect(
      memoryAtRisk(
        memoryOutlook(
          series(8, () => ({})),
          0,
        ),
      ),
    ).toBe(false); // no limit
  });

  it('CPU at its limit needs the last two samples there', () => {
    expect(
      cpuAtLimit(
        series(3, () => ({ cpu: 0.49 })),
        0.5,
      ),
    ).toBe(true);
    expect(
      cpuAtLimit(
        series(3, (i) => ({ cpu: i === 2 ? 0.2 : 0.49 })),
        0.5,
      ),
    ).toBe(false);
    expect(
      cpuAtLimit(
        series(3, () => ({ cpu: 0.49 })),
        0,
      ),
    ).toBe(false);
  });

  it('sizing needs 10 samples over 5 minutes, and suggests from the peak and p95', () => {
    const r = { cpuRequest: 1, cpuLimit: 0, memoryRequest: 1024 * MI, memoryLimit: 1024 * MI };
    expect(
      sizing(
        series(9, () => ({})),
        r,
      ),
    ).toEqual([]);
    const s = sizing(
      series(30, (i) => ({ cpu: 0.09 + (i % 3) * 0.01, memory: 100 * MI })),
      r,
    );
    expect(s.map((x) => [x.resource, x.direction])).toEqual([
      ['cpu', 'over'],
      ['memory', 'over'],
    ]);
    expect(s[0].suggested).toBeCloseTo(0.14, 5); // max(p95 0.11 × 1.2, peak 0.11), to 10m
    expect(s[1].suggested).toBe(128 * MI); // 120Mi rounded up to 16Mi steps
    const under = sizing(
      series(30, () => ({ cpu: 0.4 })),
      { ...r, cpuRequest: 0.1, memoryRequest: 0 },
    );
    expect(under).toMatchObject([{ resource: 'cpu', direction: 'under' }]);
  });
});

describe('usage in the diagnosis', () => {
  const limited = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };

  it('memory climbing toward the limit: a warning that says how close, how fast and when', () => {
    const leak = { api: series(8, (i) => ({ memory: (200 + i * 4) * MI })) };
    const f = diagnose(input(pod(limited), leak));
    const p = primary(f)!;
    expect(p.id).toBe('usage.memory-near-limit');
    expect(p.severity).toBe('warning');
    expect(p.title).toMatch(/at 89 % of its 256Mi memory limit, \+16Mi\/min: OOM in about \d+s/);
    expect(p.evidence.length).toBeGreaterThan(1);
    expect(usageConcern(pod(limited), leak, T0)).toBe(true);
  });

  it('samples from before the container last started do not count (a restart resets memory)', () => {
    const before = { api: series(8, () => ({ memory: 250 * MI })) };
    expect(diagnose(input(pod(limited, '2026-12-02T11:00:00Z'), before))).toEqual([]);
    expect(usageConcern(pod(limited, '2026-12-02T11:00:00Z'), before, T0)).toBe(false);
  });

  it('CPU pinned at the limit: throttled', () => {
    const f = diagnose(input(pod(limited), { api: series(4, () => ({ cpu: 0.498 })) }));
    expect(primary(f)?.id).toBe('usage.cpu-throttled');
    expect(primary(f)?.remedies[0].command).toMatch(/kubectl -n shop set resources pod\/api-1 -c api --limits=cpu=/);
  });

  it('requests far above use: a spec-review note beside a failure, nothing for a healthy pod', () => {
    const big = { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } };
    const usage = { api: series(30, () => ({ cpu: 0.1, memory: 100 * MI })) };
    // healthy pods stay quiet (the usage tab shows the suggestion)
    expect(diagnose(input(pod(big), usage))).toEqual([]);
    const s = sizingReview(input(pod(big), usage));
    expect(s.map((x) => x.id)).toEqual(['spec.cpu-request-above-use', 'spec.memory-request-above-use']);
    expect(s.every((x) => x.category === 'spec')).toBe(true);
    expect(s[0].remedies[0].command).toMatch(/--requests=cpu=/);
    // beside a failure (here the CPU pinned at a limit) it is in the spec review, never the lead
    const f = diagnose(
      input(pod({ requests: { cpu: '2' }, limits: { cpu: '500m', memory: '1Gi' } }), { api: series(30, () => ({ cpu: 0.498 })) }),
    );
    expect(primary(f)?.id).toBe('usage.cpu-throttled');
    expect(f.map((x) => x.id)).toContain('spec.cpu-request-above-use');
  });

  it('an OOM kill gets the usage before it as evidence', () => {
    const p = pod(limited, '2026-12-02T10:05:00Z', {
      restartCount: 1,
      lastState: {
        terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: '2026-12-02T10:00:00Z', finishedAt: '2026-12-02T10:02:10Z' },
      },
    });
    // (seen within 10 minutes of the kill: still a crash loop between crashes)
    const f = diagnose(input(p, { api: series(9, (i) => ({ memory: (100 + i * 18) * MI })) }, T0 + 6 * 60_000));
    const oom = f.find((x) => x.id === 'crash.oom-killed')!;
    expect(oom.evidence.at(-1)!.text).toMatch(/before the kill: working set 100Mi → 244Mi \(95 % of 256Mi\) over 2m.*climbed/);
  });

  it('no samples, no usage findings (no metrics-server; the offline CLI)', () => {
    expect(diagnose({ pod: pod(limited), events: [], now: T0 })).toEqual([]);
  });
});

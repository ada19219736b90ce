import { describe, expect, it } from 'vitest';
import { applyFilters, filtersFromParams } from './filter';
import { ListIndex, type ListQuery } from './list-index';
import type { PodRow } from './row';
import type { UsageSnapshot } from '../api/usage';

// a small deterministic random source, so a failure can be replayed
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
const STATUSES = ['Running', 'Pending', 'CrashLoopBackOff', 'ImagePullBackOff'];
function row(rand: () => number, ns: string, name: string): PodRow {
  return {
    key: `${ns}/${name}`,
    uid: name,
    namespace: ns,
    name,
    labels: { app: rand() < 0.5 ? 'web' : 'db' },
    status: STATUSES[Math.floor(rand() * STATUSES.length)],
    phase: 'Running',
    ready: rand() < 0.7 ? 1 : 0,
    total: 1,
    restarts: Math.floor(rand() * 4),
    createdAt: `2026-12-0${1 + Math.floor(rand() * 3)}T00:00:00Z`,
    node: `node-${Math.floor(rand() * 3)}`,
    deleting: false,
  };
}

describe('ListIndex', () => {
  const queries = ['', 'q=web-1', 'sort=restarts&desc=1', 'l=app%3Dweb&sort=age', 'status=Pending', 'sort=cpu', 'q=zz'];
  for (const qs of queries)
    it(`keeps the order a full filter and sort gives, change after change (${qs || 'defaults'})`, () => {
      const rand = rng(qs.length + 7);
      const idx = new ListIndex();
      const truth = new Map<string, PodRow>();
      const filters = filtersFromParams(new URLSearchParams(qs));
      const query: ListQuery = { filters };
      let seq = 0;
      idx.handle({ type: 'query', seq: ++seq, query });
      let keys: string[] = [];
      const usage: UsageSnapshot = { state: { phase: 'live', since: 0 }, pods: {}, nodes: {} };
      for (let step = 0; step < 300; step++) {
        const upserts: PodRow[] = [];
        const deletes: string[] = [];
        const n = step === 0 ? 200 : 1 + Math.floor(rand() * 5);
        for (let i = 0; i < n; i++) {
          const name = `web-${Math.floor(rand() * 250)}`;
          const ns = `ns-${Math.floor(rand() * 4)}`;
          if (rand() < 0.2 && truth.size) {
            const k = [...truth.keys()][Math.floor(rand() * truth.size)];
            truth.delete(k);
            // (one message names a key once, as the main thread's diff does)
            upserts.splice(0, upserts.length, ...upserts.filter((u) => u.key !== k));
            deletes.push(k);
          } else {
            const r = row(rand, ns, name);
            truth.set(r.key, r);
            if (deletes.includes(r.key)) deletes.splice(deletes.indexOf(r.key), 1);
            upserts.splice(0, upserts.length, ...upserts.filter((u) => u.key !== r.key), r);
          }
        }
        idx.handle({ type: 'apply', seq: ++seq, upserts, deletes });
        if (step % 50 === 25) {
          for (const k of truth.keys()) usage.pods[k] = { at: step, containers: { app: { cpu: rand(), memory: rand() * 1e9 } } };
          idx.handle({ type: 'usage', seq: ++seq, usage: { ...usage, pods: { ...usage.pods } } });
        }
        const res = idx.result();
        expect(res.seq).toBe(seq);
        if (res.keys) keys = res.keys;
        const withUsage = [...truth.values()].map((r) => {
          const u = step >= 25 ? usage.pods[r.key] : undefined;
          return u ? { ...r, usage: { cpu: u.containers.app.cpu, memory: u.containers.app.memory } } : r;
        });
        const expected = applyFilters(withUsage, filters).rows.map((r) => r.key);
        expect(keys).toEqual(expected);
        expect(res.count).toBe(keys.length);
        expect(res.statuses).toEqual([...new Set([...truth.values()].map((r) => r.status))].sort());
      }
      expect(keys.length).toBeGreaterThan(qs === 'q=zz' ? -1 : 0);
    });

  it('says the order is unchanged when an update leaves a row where it was', () => {
    const idx = new ListIndex();
    const rand = rng(1);
    idx.handle({ type: 'query', seq: 1, query: { filters: filtersFromParams(new URLSearchParams()) } });
    const rows = Array.from({ length: 20 }, (_, i) => row(rand, 'ns', `p-${String(i).padStart(2, '0')}`));
    idx.handle({ type: 'apply', seq: 2, upserts: rows, deletes: [] });
    expect(idx.result().keys).toHaveLength(20);
    idx.handle({ type: 'apply', seq: 3, upserts: [{ ...rows[5], restarts: 9 }], deletes: [] });
    expect(idx.result().keys).toBeUndefined();
    idx.handle({ type: 'apply', seq: 4, upserts: [], deletes: [rows[5].key] });
    expect(idx.result().keys).toHaveLength(19);
  });
});

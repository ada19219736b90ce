// For every scenario pod, Podscope's STATUS, READY and RESTARTS (computed from the object it
// streams) equal what the API server's own Table rendering prints for the same object version.
import { describe, expect, it } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { humanDuration } from '@/lib/k8s/duration';
import { podColumns, readyCell, restartsCell } from '@/lib/k8s/pod-status';
import { podRow } from '@/lib/pods/row';
import { SCENARIOS } from '../../local-cluster/sim/scenarios.ts';
import { apiGet, eventually } from '../support/local-cluster.ts';

interface TableWithObjects {
  columnDefinitions: { name: string }[];
  rows: { cells: (string | number)[]; object: V1Pod }[];
}

describe('STATUS, READY and RESTARTS match kubectl for every scenario pod', () => {
  it('all scenario namespaces', async () => {
    // wait until the slow scenarios have produced restarts, so RESTARTS "(Xs ago)" is exercised
    await eventually(
      'crash loops to have restarted',
      async () => {
        const t = await apiGet<TableWithObjects>(
          '/api/v1/namespaces/demo-crash-error/pods',
          'application/json;as=Table;g=meta.k8s.io;v=v1',
        );
        return t.rows.some((r) => String(r.cells[3]).includes('ago'));
      },
      60_000,
    );
    let compared = 0;
    for (const s of SCENARIOS) {
      const t = await apiGet<TableWithObjects>(
        `/api/v1/namespaces/${s.namespace}/pods?includeObject=Object`,
        'application/json;as=Table;g=meta.k8s.io;v=v1',
      );
      const col = (n: string) => t.columnDefinitions.findIndex((c) => c.name === n);
      const now = Date.now();
      for (const row of t.rows) {
        const ours = podColumns(row.object);
        const r = podRow(row.object);
        expect(r.status, `${s.namespace}/${row.object.metadata?.name}`).toBe(row.cells[col('Status')]);
        expect(readyCell(ours)).toBe(row.cells[col('Ready')]);
        const theirs = String(row.cells[col('Restarts')]);
        // the "(Xs ago)" part depends on the clock at rendering; allow a 2 s skew
        const candidates = [-2000, -1000, 0, 1000, 2000].map((d) => restartsCell(ours, now + d));
        expect(candidates, `RESTARTS of ${row.object.metadata?.name}: API says ${theirs}`).toContain(theirs);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(SCENARIOS.filter((s) => !s.noPods).length);
    expect(humanDuration(0)).toBe('0s');
  });
});

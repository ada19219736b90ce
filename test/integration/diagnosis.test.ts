// Against the live local cluster: every scenario pod gets its expected primary diagnosis, from
// data gathered the way the API route gathers it; healthy and completed pods get none.
import { describe, expect, it } from 'vitest';
import { diagnose, primary } from '@/lib/diagnosis/engine';
import { gatherDiagnosisInput } from '@/server/diagnosis/gather';
import { paths } from '../../local-cluster/lib/paths.ts';
import { SCENARIOS } from '../../local-cluster/sim/scenarios.ts';
import { EXPECTED_PRIMARY } from '../support/expected-diagnosis';
import { eventually, podTable } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;

describe('diagnosis of every scenario pod on the live cluster', () => {
  for (const s of SCENARIOS.filter((x) => !x.noPods)) {
    const want = EXPECTED_PRIMARY[s.name];
    it(`${s.name} → ${want ?? 'no finding'}`, async () => {
      const names = await eventually(
        `${s.namespace} pods in their expected state`,
        async () => {
          const rows = await podTable(s.namespace, s.selector);
          return rows.length && rows.every((r) => new RegExp(`^(${s.expect})$`).test(r.status)) ? rows.map((r) => r.name) : undefined;
        },
        120_000,
      );
      // a crash loop can be caught between restarts: the finding must hold at some point soon
      const got = await eventually(
        `${want}`,
        async () => {
          const input = await gatherDiagnosisInput('podscope-local', s.namespace, names[0]);
          const f = diagnose(input);
          const id = primary(f)?.id ?? null;
          if (want === null) return f.length === 0 ? 'none' : undefined;
          return id === want ? id : undefined;
        },
        45_000,
        1000,
      );
      expect(got).toBe(want ?? 'none');
    });
  }
});

describe('names taken from a pod spec cannot steer requests', () => {
  it('a configMap volume named "../secrets/…" is not looked up', async () => {
    const { createNamespace, kubectl: k } = await import('../support/local-cluster.ts');
    const ns = `podscope-inject-${Date.now().toString(36)}`;
    await createNamespace(ns);
    try {
      // the API server accepts this name (it only checks that it is not empty)
      const r = await k(['apply', '-f', '-'], {
        allowFail: true,
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'sneaky', namespace: ns },
          spec: {
            volumes: [{ name: 'v', configMap: { name: '../secrets/db-credentials' } }],
            containers: [{ name: 'c', image: 'x:1', volumeMounts: [{ name: 'v', mountPath: '/v' }] }],
          },
        }),
      });
      if (r.code !== 0) {
        expect(r.stderr).toMatch(/Invalid value/);
        return;
      }
      const input = await gatherDiagnosisInput('podscope-local', ns, 'sneaky');
      // not looked up: recorded as unknown, with why
      expect(input.lookups?.configMaps?.['../secrets/db-credentials']).toEqual({
        state: 'unknown',
        why: 'not a valid object name: not looked up',
      });
      expect(JSON.stringify(input)).not.toContain('"kind":"Secret"');
    } finally {
      await k(['delete', 'namespace', ns, '--wait=false'], { allowFail: true });
    }
  });
});

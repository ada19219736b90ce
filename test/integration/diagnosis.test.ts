// Against the live local cluster: every scenario pod gets its expected primary diagnosis, from
// data gathered the way the API route gathers it; healthy and completed pods get none.
import { describe, expect, it } from 'vitest';
import { diagnose, primary } from '@/lib/diagnosis/engine';
import { gatherDiagnosisInput } from '@/server/diagnosis/gather';
import { paths } from '../../local-cluster/lib/paths.ts';
import { SCENARIOS } from '../../local-cluster/sim/scenarios.ts';
import { EXPECTED_PRIMARY, EXPECTED_WITH_USAGE } from '../support/expected-diagnosis';
import { eventually, podTable } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;

describe('diagnosis of every scenario pod on the live cluster', () => {
  for (const s of SCENARIOS.filter((x) => !x.noPods)) {
    const usage = EXPECTED_WITH_USAGE[s.name];
    const wants = usage ?? [EXPECTED_PRIMARY[s.name]];
    it(`${s.name} → ${wants.map((w) => w ?? 'no finding').join(' or ')}`, async () => {
      const names = await eventually(
        `${s.namespace} pods in their expected state`,
        async () => {
          const rows = await podTable(s.namespace, s.selector);
          return rows.length && rows.every((r) => new RegExp(`^(${s.expect})$`).test(r.status)) ? rows.map((r) => r.name) : undefined;
        },
        120_000,
      );
      // a crash loop can be caught between restarts: the finding must hold at some point soon
      // (usage needs a few 10 s scrapes; the leak a minute of its run before it nears the limit)
      const got = await eventually(
        wants.join(' or '),
        async () => {
          const input = await gatherDiagnosisInput('podscope-local', s.namespace, names[0]);
          const f = diagnose(input);
          const id = primary(f)?.id ?? null;
          if (!usage && wants[0] === null) return f.length === 0 ? 'none' : undefined;
          return wants.includes(id) ? (id ?? 'none') : undefined;
        },
        usage ? 150_000 : 45_000,
        1000,
      );
      expect(wants.map((w) => w ?? 'none')).toContain(got);
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

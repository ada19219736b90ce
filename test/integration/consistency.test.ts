// One diagnosis in every view: for every pod of every demo scenario on the live local cluster,
// the shared per-pod diagnosis (what the pod list's badge and the workload page show), the triage
// board's incident, the pod page's diagnosis (the API route's gathering), the live CLI and the
// offline CLI over `kubectl get … -o json` of the same cluster all name the same primary finding
// (id and container). Pods change as they crash and restart, so each pod must agree in one round
// of reads taken close together, within a minute.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnosisReport } from '@/lib/diagnosis/engine';
import type { Incident } from '@/lib/triage/incidents';
import { paths } from '../../local-cluster/lib/paths.ts';
import { SCENARIOS } from '../../local-cluster/sim/scenarios.ts';
import { crashLoopStatus } from '../../local-cluster/sim/crash-status.ts';
import { createNamespace, eventually, kubectl, podTable } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const CTX = 'podscope-local';
const { acquireDiagnoses } = await import('@/server/diagnosis/shared');
const { startTriage } = await import('@/server/triage/board');
const { gatherDiagnosisInput } = await import('@/server/diagnosis/gather');
const { LOCAL } = await import('@/server/auth/identity');
const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'podscope-consistency-'));

const shared = acquireDiagnoses(CTX, LOCAL, undefined);
let incidents: Incident[] = [];
const board = startTriage(
  CTX,
  LOCAL,
  undefined,
  (i) => (incidents = i),
  () => {},
);
afterAll(() => {
  board.stop();
  shared.release();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]): { pod: string; primaryKey: string | null }[] {
  const r = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', join(root, 'cli', 'podscope.ts'), 'diagnose', ...args, '--json'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, KUBECONFIG: paths.kubeconfig },
      timeout: 120_000,
    },
  );
  if (r.status !== 0 && r.status !== 1) throw new Error(`podscope diagnose ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  return out.pods ?? [out];
}

/** Every view's primary key for the pods asked about, read close together. */
async function views(pods: string[]) {
  const dump = await kubectl(['get', 'pod,rs,deploy,sts,ds,job,cronjob,pvc,sc,cm,nodes,events', '-A', '-o', 'json']);
  const file = join(dir, 'cluster.json');
  writeFileSync(file, dump.stdout);
  const offline = new Map(cli(['-f', file, '--all', ...pods]).map((p) => [p.pod, p.primaryKey]));
  const out = new Map<string, Record<string, string | null>>();
  for (const key of pods) {
    const [ns, name] = key.split('/');
    const s = shared.diagnoses.results.get(key);
    const api = diagnosisReport(await gatherDiagnosisInput(CTX, ns, name));
    const incident = s && incidents.find((i) => i.pods.some((p) => p.name === name) && i.workload.namespace === ns);
    out.set(key, {
      list: s?.summary.key ?? null,
      // (an incident groups pods by workload and finding id: it names no container)
      triage: incident?.findingId ?? null,
      page: api.primaryKey,
      cliOffline: offline.has(key) ? (offline.get(key) ?? null) : 'missing',
    });
  }
  return out;
}

describe('every view names the same primary finding for the same pod', () => {
  it('list, workload page, triage, pod page, API, live CLI and offline CLI agree on every demo scenario pod', async () => {
    const pods: string[] = [];
    for (const s of SCENARIOS.filter((x) => !x.noPods)) {
      const names = await eventually(
        `${s.namespace} settled`,
        async () => {
          const rows = await podTable(s.namespace, s.selector);
          return rows.length && rows.every((r) => new RegExp(`^(${s.expect})$`).test(r.status)) ? rows.map((r) => r.name) : undefined;
        },
        120_000,
      );
      pods.push(...names.map((n) => `${s.namespace}/${n}`));
    }
    await eventually(
      'the shared diagnosis and triage',
      async () => (shared.diagnoses.ready && incidents.length ? true : undefined),
      60_000,
      250,
    );

    const agreed = new Map<string, Record<string, string | null>>();
    let last: Map<string, Record<string, string | null>> | undefined;
    await eventually(
      'every pod agreeing in one round of reads',
      async () => {
        const todo = pods.filter((p) => !agreed.has(p));
        last = await views(todo);
        for (const [pod, v] of last) {
          // usage findings come from the Metrics API, which the offline CLI (kubectl's files) has
          // not got: for those it sees the pod as healthy
          const offlineWant = v.page?.startsWith('usage.') ? null : v.page;
          const keys = new Set([v.list, v.page]);
          if (keys.size === 1 && v.cliOffline === offlineWant && v.triage === (v.page?.split(':')[0] ?? null)) agreed.set(pod, v);
        }
        return agreed.size === pods.length ? true : undefined;
      },
      90_000,
      2000,
    ).catch((e) => {
      throw new Error(
        `${(e as Error).message}\n${JSON.stringify(Object.fromEntries([...(last ?? [])].filter(([p]) => !agreed.has(p))), null, 2)}`,
      );
    });
    // unhealthy pods have a finding in every view; healthy ones in none
    const unhealthy = [...agreed.values()].filter((v) => v.page !== null).length;
    expect(unhealthy).toBeGreaterThanOrEqual(18);
    expect([...agreed.values()].filter((v) => v.page === null).length).toBeGreaterThanOrEqual(2);

    // the live CLI, for one pod of each finding (it reads the API server the way the page does)
    const byFinding = new Map<string, string>();
    // (not for usage findings: the CLI does not read the Metrics API)
    for (const [pod, v] of agreed)
      if (v.page && !v.page.startsWith('usage.') && !byFinding.has(v.page.split(':')[0])) byFinding.set(v.page.split(':')[0], pod);
    const liveOk = await eventually(
      'the live CLI agreeing',
      async () => {
        for (const pod of byFinding.values()) {
          const [r] = cli([pod]);
          const [ns, name] = pod.split('/');
          if (r.primaryKey !== diagnosisReport(await gatherDiagnosisInput(CTX, ns, name)).primaryKey) return undefined;
        }
        return true;
      },
      60_000,
      2000,
    );
    expect(liveOk).toBe(true);
  });
});

describe('the shared diagnosis follows a change at once', () => {
  it('a pod that starts crash-looping while nothing else changes gets its diagnosis within 3 s (not at the 15 s refresh)', async () => {
    const NS = 'consistency-late';
    await kubectl(['delete', 'namespace', NS, '--ignore-not-found', '--wait=true']);
    await createNamespace(NS);
    await kubectl(['-n', NS, 'run', 'late', '--image=registry.local/app:1.0', '--restart=Always']);
    await eventually(`${NS}/late running`, async () => (await podTable(NS)).some((r) => r.status === 'Running') || undefined, 60_000);
    const key = `${NS}/late`;
    await eventually('the shared diagnosis idle, the pod seen healthy', async () => {
      const cached = shared.diagnoses.reflectors.Pod?.store.get(key) as { status?: { phase?: string } } | undefined;
      return (shared.diagnoses.ready && cached?.status?.phase === 'Running' && !shared.diagnoses.results.has(key)) || undefined;
    });
    // let the pass that saw it end, so the next one is the long refresh unless a change brings it forward
    await new Promise((r) => setTimeout(r, 2000));
    const status = {
      status: {
        containerStatuses: [
          crashLoopStatus({ name: 'late', image: 'registry.local/app:1.0', imageID: '' }, { name: 'late', namespace: NS }),
        ],
      },
    };
    const sent = Date.now();
    await kubectl(['-n', NS, 'patch', 'pod', 'late', '--subresource=status', '--type=strategic', '-p', JSON.stringify(status)]);
    const seen = await eventually('its diagnosis', async () => shared.diagnoses.results.get(key), 10_000, 50);
    expect(seen.summary.key).toMatch(/^crash\./);
    expect(Date.now() - sent).toBeLessThan(3000);
    await kubectl(['delete', 'namespace', NS, '--wait=false']);
  });
});

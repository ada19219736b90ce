// The flight recorder end to end, against the real cluster: events and transitions are recorded
// from the shared watch caches; events that expire upstream are still served on the pod's events
// stream; a deleted pod's page data (last state, diagnosis) comes from the record; snapshots
// freeze the evidence (redacted) and are shown only to identities that may read pods there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@/lib/api/stream';
import { paths } from '../../local-cluster/lib/paths.ts';
import { SIM } from '../../local-cluster/sim/convention.ts';
import { apiGet, createNamespace, eventually, kubectl } from '../support/local-cluster.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'podscope-fr-'));
process.env.PODSCOPE_DATA_DIR = dataDir;
process.env.KUBECONFIG = paths.kubeconfig;
const { acquire, onWatchStarted } = await import('@/server/watch/cache');
const { startRecorder } = await import('@/server/recorder');
const { onUsageSampled } = await import('@/server/usage/poller');
const { LOCAL, principalOf, tokenIdentity } = await import('@/server/auth/identity');
const store = await import('@/server/recorder/store');
const { setRetryMs } = await import('@/server/recorder/policy');
const { transitionsOf } = await import('@/server/recorder/transitions');
const { gatherDiagnosisInput } = await import('@/server/diagnosis/gather');
const { diagnose, primary } = await import('@/lib/diagnosis/engine');
const { createSnapshot, readSnapshot } = await import('@/server/snapshots/snapshot');
const { assertCanReadPods } = await import('@/server/auth/access');
const { Session } = await import('@/server/stream/session');

const CTX = 'podscope-local';
const NS = 'it-recorder';
const OTHER = 'it-recorder-other';
const releases: (() => void)[] = [];
let viewerToken = '';

beforeAll(async () => {
  await createNamespace(NS);
  await createNamespace(OTHER);
  // what server/startup.ts does: the recorder plugged into the watch caches (its background
  // watches are left to the test, on one namespace)
  startRecorder({ onWatchStarted, hold: () => ({ onEnd: () => {}, release: () => {} }), onUsageSampled, holdUsage: () => () => {} });
  // what the background recorder does in local mode: shared caches with the recorders attached
  for (const resource of ['pods', 'events'] as const)
    releases.push(acquire({ context: CTX, identity: LOCAL, resource, namespace: NS }).release);
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ledger', namespace: NS },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'ledger' } },
      template: {
        metadata: { labels: { app: 'ledger' }, annotations: { [SIM.fail]: 'crash', [SIM.exitCode]: '1', [SIM.runSeconds]: '3' } },
        spec: {
          containers: [
            {
              name: 'ledger',
              image: 'ghcr.io/podscope-demo/ledger:2.0.0',
              env: [
                { name: 'DB_PASSWORD', value: 'literal-hunter2-value' },
                { name: 'LOG_LEVEL', value: 'debug' },
              ],
            },
          ],
        },
      },
    },
  };
  // a viewer who may read pods only in OTHER
  const rbac = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'viewer', namespace: OTHER } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'pod-viewer', namespace: OTHER },
      rules: [{ apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'viewer', namespace: OTHER },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-viewer' },
      subjects: [{ kind: 'ServiceAccount', name: 'viewer', namespace: OTHER }],
    },
  ];
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [deployment, ...rbac] }) });
  viewerToken = (await kubectl(['-n', OTHER, 'create', 'token', 'viewer', '--duration=1h'])).stdout.trim();
});

afterAll(async () => {
  for (const r of releases) r();
  await kubectl(['delete', 'namespace', NS, OTHER, '--wait=false'], { allowFail: true });
  await store.resetStore();
  rmSync(dataDir, { recursive: true, force: true });
});

async function crashingPod(minRestarts: number): Promise<V1Pod> {
  return eventually(
    `a ledger pod with ${minRestarts}+ restarts`,
    async () => {
      const list = await apiGet<{ items: V1Pod[] }>(`/api/v1/namespaces/${NS}/pods?labelSelector=app%3Dledger`);
      const p = list.items.find((x) => !x.metadata?.deletionTimestamp);
      return p && (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= minRestarts ? p : undefined;
    },
    120_000,
    500,
  );
}

function eventsSnapshot(podName: string): Promise<{ reason: string; uid: string }[]> {
  const msgs: ServerMessage[] = [];
  const s = new Session(
    `fr-${Math.random()}`,
    principalOf(LOCAL),
    (m) => {
      msgs.push(
        Array.isArray(m)
          ? JSON.parse(
              Buffer.concat(m)
                .toString()
                .replace(/^data: /, ''),
            )
          : m,
      );
      return true;
    },
    () => {},
  );
  s.subscribe('ev', { context: CTX, resource: 'events', namespace: NS, involvedName: podName, view: 'rows' });
  return eventually(
    'the events snapshot',
    async () => {
      const snap = msgs.find((m) => m.type === 'snapshot');
      return snap && snap.type === 'snapshot' ? (snap.items as { reason: string; uid: string }[]) : undefined;
    },
    30_000,
    100,
  ).finally(() => s.close());
}

describe('flight recorder: events, deleted pods, snapshots', () => {
  let podName = '';
  let snapshotId = '';

  it('records the crash loop: every restart the API server counts, and the events', async () => {
    const first = await crashingPod(0);
    podName = first.metadata!.name!;
    const key = `${NS}/${podName}`;
    await crashingPod(3);
    // the recorder watched this pod from its creation, so it saw every restart, each once:
    // restart #1..#n where n is the restart count the API server reports
    const { recorded, apiCount } = await eventually(
      'recorded restarts to match the API server',
      async () => {
        const apiCount = (await apiGet<V1Pod>(`/api/v1/namespaces/${NS}/pods/${podName}`)).status!.containerStatuses![0].restartCount;
        const recorded = (await store.storedTransitions(CTX, key))
          .filter((t) => t.kind === 'container')
          .map((t) => /^restart #(\d+)/.exec(t.detail ?? '')?.[1])
          .filter(Boolean)
          .map(Number);
        return recorded.length === apiCount ? { recorded, apiCount } : undefined;
      },
      20_000,
      200,
    );
    expect(recorded).toEqual(Array.from({ length: apiCount }, (_, i) => i + 1));
    const reasons = await eventually(
      'BackOff recorded',
      async () => {
        const r = (await store.storedEvents(CTX, key)).map((e) => e.reason);
        return r.includes('BackOff') ? r : undefined;
      },
      60_000,
      300,
    );
    expect(reasons).toEqual(expect.arrayContaining(['Scheduled', 'Started', 'BackOff']));
  });

  it('a snapshot freezes diagnosis, events, timeline and both log streams, redacted', async () => {
    const s = await createSnapshot(CTX, LOCAL, NS, podName);
    snapshotId = s.id;
    expect(s.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(s.diagnosis.primary).toMatch(/^crash\./);
    expect(s.events.map((e) => e.reason)).toContain('BackOff');
    expect(s.transitions.some((t) => t.to.startsWith('terminated: Error (exit 1)'))).toBe(true);
    expect(s.owners.map((o) => o.kind)).toEqual(['ReplicaSet', 'Deployment']);
    expect(s.node?.name).toBe(s.pod.spec?.nodeName);
    const logs = s.logs.find((l) => l.container === 'ledger')!;
    expect(logs.previous?.length).toBeGreaterThan(0);
    const env = s.pod.spec!.containers[0].env!;
    expect(env.find((e) => e.name === 'DB_PASSWORD')?.value).toBe('[redacted]');
    expect(env.find((e) => e.name === 'LOG_LEVEL')?.value).toBe('debug');
    expect(JSON.stringify(s)).not.toContain('literal-hunter2-value');
    // stored as taken: reading it back gives the same bundle
    expect(await readSnapshot(s.id, () => LOCAL)).toEqual(s);
  });

  it("events that expire upstream are still served on the pod's events stream", async () => {
    const before = await eventsSnapshot(podName);
    expect(before.map((e) => e.reason)).toContain('BackOff');
    // what the API server's event TTL does after an hour, done now
    await kubectl(['-n', NS, 'delete', 'events', '--all']);
    await eventually(
      'events gone upstream',
      async () =>
        (await apiGet<{ items: unknown[] }>(`/api/v1/namespaces/${NS}/events?fieldSelector=involvedObject.name%3D${podName}`)).items
          .length === 0 || undefined,
      30_000,
      300,
    );
    const after = await eventsSnapshot(podName);
    expect(after.map((e) => e.uid)).toEqual(expect.arrayContaining(before.map((e) => e.uid)));
  });

  it('a deleted pod keeps its page: last state and diagnosis from the record, and a snapshot', async () => {
    const key = `${NS}/${podName}`;
    await kubectl(['-n', NS, 'delete', 'pod', podName, '--wait=true']);
    const rec = await eventually('the deleted pod recorded', async () => await store.deletedPod(CTX, key), 30_000, 200);
    expect(rec.pod.metadata?.name).toBe(podName);
    expect(rec.pod.status?.containerStatuses?.[0].lastState?.terminated?.exitCode).toBe(1);
    expect((await transitionsOf(CTX, key)).at(-1)?.kind).toBe('deleted');
    const input = await gatherDiagnosisInput(CTX, NS, podName, Date.now(), LOCAL);
    expect(input.deletedAt).toBe(rec.deletedAt);
    expect(primary(diagnose(input))?.id).toMatch(/^crash\./);
    const s = await createSnapshot(CTX, LOCAL, NS, podName);
    expect(s.deletedAt).toBe(rec.deletedAt);
    expect(s.events.map((e) => e.reason)).toContain('BackOff'); // from the record: upstream has none
    expect(s.logs[0].currentNote).toMatch(/deleted/);
  });

  it('only identities that may read pods in the namespace see the record or the snapshot', async () => {
    const viewer = tokenIdentity(viewerToken, CTX);
    (await expect(readSnapshot(snapshotId, () => viewer))).rejects.toMatchObject({ kind: 'forbidden' });
    (await expect(gatherDiagnosisInput(CTX, NS, podName, Date.now(), viewer))).rejects.toMatchObject({ kind: 'forbidden' });
    (await expect(readSnapshot('AAAAAAAAAAAAAAAA', () => LOCAL))).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('a viewer sees snapshots of namespaces they may read, minus what they may not (logs, nodes)', async () => {
    const viewer = tokenIdentity(viewerToken, CTX);
    await kubectl(['-n', OTHER, 'run', 'calm', '--image=ghcr.io/podscope-demo/app:1.0.0', '--restart=Never']);
    await eventually(
      'calm running',
      async () => (await apiGet<V1Pod>(`/api/v1/namespaces/${OTHER}/pods/calm`)).status?.phase === 'Running' || undefined,
      60_000,
      300,
    );
    const s = await createSnapshot(CTX, LOCAL, OTHER, 'calm');
    expect(s.node).toBeDefined();
    const seen = await readSnapshot(s.id, () => viewer);
    expect(seen.pod.metadata?.name).toBe('calm');
    expect(seen.events.length).toBeGreaterThan(0); // the role lists events there
    expect(seen.logs[0].current).toBeUndefined(); // but grants no pods/log
    expect(seen.logs[0].currentNote).toMatch(/withheld.*pods\/log/);
    expect(seen.node).toBeUndefined(); // nor nodes
    (await expect(assertCanReadPods(CTX, viewer, OTHER))).resolves.toBeUndefined();
    (await expect(assertCanReadPods(CTX, viewer, NS))).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('a reused pod name is another pod: transitions are kept per uid', async () => {
    store.recordTransitions(
      'reuse',
      'ns/web-0',
      [
        { at: 1000, kind: 'container', subject: 'app', to: 'terminated: Error (exit 1)' },
        { at: 2000, kind: 'deleted', to: 'deleted' },
      ],
      'uid-old',
    );
    store.recordTransitions('reuse', 'ns/web-0', [{ at: 3000, kind: 'phase', to: 'Running' }], 'uid-new');
    expect((await transitionsOf('reuse', 'ns/web-0', 'uid-new')).map((t) => t.to)).toEqual(['Running']);
    expect((await transitionsOf('reuse', 'ns/web-0', 'uid-old')).map((t) => t.kind)).toEqual(['container', 'deleted']);
  });

  it('a failed write pauses recording with a reason, and recording resumes by itself', async () => {
    const status = store.recorderStatus();
    expect(status.recording).toBe(true);
    // another process holding the write lock past the busy timeout (as a stuck writer would)
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
    const other = new DatabaseSync(status.path!);
    other.exec('BEGIN EXCLUSIVE');
    try {
      store.recordTransitions('lock', 'ns/p', [{ at: Date.now(), kind: 'phase', to: 'Running' }]);
      expect(store.recorderStatus()).toMatchObject({ recording: false, reason: expect.stringMatching(/writing failed: .*locked/) });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    setRetryMs(100);
    await new Promise((r) => setTimeout(r, 200));
    store.recordTransitions('lock', 'ns/p', [{ at: Date.now(), kind: 'phase', to: 'Succeeded' }]);
    expect(store.recorderStatus().recording).toBe(true);
    expect((await store.storedTransitions('lock', 'ns/p')).map((t) => t.to)).toEqual(['Succeeded']);
  });

  it('retention ages out events and deleted pods, and keeps the file under its size limit', async () => {
    const old = Date.now() - 100 * 3600_000;
    const ev = (uid: string, at: number) => ({
      podKey: 'ns/p',
      event: {
        uid,
        type: 'Normal',
        reason: 'Old',
        message: 'x'.repeat(200),
        count: 1,
        lastSeen: new Date(at).toISOString(),
        source: 'kubelet',
        involved: {},
      },
    });
    store.recordEvents('ret', [ev('old-1', old), ev('new-1', Date.now())]);
    store.recordDeletedPod('ret', 'ns/gone', { metadata: { name: 'gone', uid: 'u1' } }, old);
    await store.prune();
    expect((await store.storedEvents('ret', 'ns/p')).map((e) => e.uid)).toEqual(['new-1']);
    expect(await store.deletedPod('ret', 'ns/gone')).toBeUndefined();
  });

  it('the size limit drops the oldest records first', async () => {
    const { config } = await import('@/server/config');
    (config() as { PODSCOPE_RETENTION_MB: number }).PODSCOPE_RETENTION_MB = 16; // read once per process: set directly
    const t0 = Date.now() - 3600_000;
    for (let batch = 0; batch < 10; batch++) {
      store.recordEvents(
        'size',
        Array.from({ length: 1000 }, (_, i) => {
          const n = batch * 1000 + i;
          return {
            podKey: 'ns/chatty',
            event: {
              uid: `e-${n}`,
              type: 'Normal',
              reason: 'Chatty',
              message: `${n} ${'y'.repeat(2000)}`,
              count: 1,
              lastSeen: new Date(t0 + n).toISOString(),
              source: 'kubelet',
              involved: {},
            },
          };
        }),
      );
    }
    expect(await store.prune()).toBeGreaterThan(0);
    const kept = (await store.storedEvents('size', 'ns/chatty', 20_000)).map((e) => Number(e.uid.slice(2)));
    expect(kept.length).toBeLessThan(10_000);
    expect(kept).toContain(9999); // the newest stays
    expect(kept).not.toContain(0); // the oldest went first
    expect(Math.min(...kept)).toBe(10_000 - kept.length);
  });
});

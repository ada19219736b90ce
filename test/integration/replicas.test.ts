// Several replicas, one history: two Podscope servers (real processes, different ports) share a
// real PostgreSQL (Debian's, started here with a throwaway data directory) and the local cluster.
// A snapshot made on one opens on the other; the background recorder runs on one of them at a
// time, elected through a real Lease on the real API server; when the leader is killed (SIGKILL:
// no goodbye), the other takes over within 15 s and recording goes on; nothing is stored twice.
// First the Lease election on its own, with in-process candidates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { startAppServer, stopAppServer } from '../../e2e/app-server.ts';
import { paths, REPO_DIR } from '../../local-cluster/lib/paths.ts';
import { type Postgres, startPostgres } from '../../local-cluster/lib/postgres.ts';
import { startRoundRobin, type RoundRobin } from '../support/round-robin.ts';
import { openStream, request, waitFor } from '../support/sse.ts';
import { createNamespace, eventually, kubectl, pausePod } from '../support/local-cluster.ts';

process.env.KUBECONFIG = paths.kubeconfig;
const { LeaseElector } = await import('@/server/coordination/lease');

const CTX = 'podscope-local';
const NS = `podscope-replicas-${Date.now().toString(36)}`;
let server: Postgres;
let lb: RoundRobin | undefined;

beforeAll(async () => {
  await createNamespace(NS);
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  lb?.close();
  stopAppServer('replica-a');
  stopAppServer('replica-b');
  await server?.stop();
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { allowFail: true });
});

const holder = async (name: string) =>
  (await kubectl(['-n', NS, 'get', 'lease', name, '-o', 'jsonpath={.spec.holderIdentity}'], { allowFail: true })).stdout;

describe('Lease election', () => {
  it('one candidate of two leads; when it stops, it gives the Lease up and the other leads', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(paths.kubeconfig);
    const opts = { namespace: NS, name: 'election', durationSeconds: 6, retryMs: 500 };
    const a = new LeaseElector(kc, { ...opts, identity: 'a' });
    const b = new LeaseElector(kc, { ...opts, identity: 'b' });
    const changes: string[] = [];
    a.onChange((l) => changes.push(`a ${l}`));
    b.onChange((l) => changes.push(`b ${l}`));
    a.start();
    b.start();
    try {
      await eventually('a leader', async () => a.isLeader || b.isLeader || undefined, 10_000, 100);
      await new Promise((r) => setTimeout(r, 1500)); // a few rounds: still exactly one
      expect([a.isLeader, b.isLeader].filter(Boolean)).toHaveLength(1);
      const [leader, follower] = a.isLeader ? [a, b] : [b, a];
      const who = a.isLeader ? 'a' : 'b';
      expect(await holder('election')).toBe(who);
      const t = Date.now();
      await leader.stop();
      await eventually('the other leading', async () => follower.isLeader || undefined, 10_000, 50);
      // given up, not waited out: well within the lease's 6 s
      expect(Date.now() - t).toBeLessThan(3000);
      expect(await holder('election')).toBe(who === 'a' ? 'b' : 'a');
      expect(changes).toEqual([`${who} true`, `${who} false`, `${who === 'a' ? 'b' : 'a'} true`]);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

describe('two replicas on one PostgreSQL', () => {
  it('share snapshots and streams behind a round-robin balancer; record once, on the elected replica; the other takes over within 15 s when it is killed', async () => {
    const url = await server.createDatabase('replicas_app');
    // both behind one round-robin balancer: its host is theirs
    const balancer = (lb = await startRoundRobin());
    const front = `http://127.0.0.1:${balancer.port}`;
    const env = (name: string) => ({
      PODSCOPE_DATABASE_URL: url,
      PODSCOPE_LEASE: `${NS}/podscope-recorder`,
      POD_NAME: name,
      PODSCOPE_ALLOWED_HOSTS: `127.0.0.1:${balancer.port}`,
    });
    const a = await startAppServer({ name: 'replica-a', env: env('replica-a') });
    const b = await startAppServer({ name: 'replica-b', env: env('replica-b'), build: false });
    balancer.setBackends([new URL(a.url).port, new URL(b.url).port].map(Number));
    const servers = { 'replica-a': a, 'replica-b': b };
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const leader = (
        await eventually('a replica elected', async () => (await holder('podscope-recorder')) || undefined, 30_000, 200)
      ).split('_')[0] as keyof typeof servers;
      const other = leader === 'replica-a' ? 'replica-b' : 'replica-a';

      // a snapshot made on one replica opens on the other
      await kubectl(['apply', '-f', '-'], { input: pausePod(NS, 'kept') });
      await eventually(
        'kept running',
        async () => (await kubectl(['-n', NS, 'get', 'pod', 'kept', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running' || undefined,
        60_000,
        500,
      );
      const made = await request(`${a.url}/api/c/${CTX}/pods/${NS}/kept/snapshots`, { method: 'POST', headers: { Origin: a.url } });
      expect(made.status).toBe(201);
      const id = (JSON.parse(made.body) as { url: string }).url.slice('/s/'.length);
      const opened = await request(`${b.url}/api/snapshots/${id}?format=json`);
      expect(opened.status).toBe(200);
      expect((JSON.parse(opened.body) as { pod: { metadata: { name: string } } }).pod.metadata.name).toBe('kept');

      // a stream opened through the balancer lives on one replica; its control requests, each on a
      // connection of its own, alternate between both: every subscription still starts
      await new Promise((r) => setTimeout(r, 1500)); // (both replicas have announced where they answer)
      const stream = await openStream(front);
      expect(stream.status).toBe(200);
      try {
        const specs = [
          { id: 's-pods', spec: { context: CTX, resource: 'pods', namespace: NS, view: 'rows' } },
          { id: 's-events', spec: { context: CTX, resource: 'events', namespace: NS, view: 'rows' } },
          { id: 's-kept', spec: { context: CTX, resource: 'pods', namespace: NS, name: 'kept', view: 'objects' } },
          { id: 's-nodes', spec: { context: CTX, resource: 'nodes', view: 'rows' } },
        ];
        const before = [...balancer.counts];
        for (const s of specs) {
          const res = await request(`${front}/api/stream/${stream.session}`, {
            method: 'POST',
            body: JSON.stringify({ subscribe: [s] }),
            headers: { 'Content-Type': 'application/json', Origin: front, Connection: 'close' },
          });
          expect(res.status).toBe(200);
        }
        // (both replicas got some of them)
        expect(balancer.counts.map((n, i) => n - (before[i] ?? 0)).every((n) => n >= 1)).toBe(true);
        for (const s of specs)
          await waitFor(`the ${s.id} snapshot`, () => stream.msgs.some((m) => m.type === 'snapshot' && m.sub === s.id));
        // and live: a change reaches the stream
        await kubectl(['-n', NS, 'label', 'pod', 'kept', 'seen=yes']);
        await waitFor('the label change', () =>
          stream.msgs.some((m) => m.type === 'deltas' && m.sub === 's-kept' && JSON.stringify(m).includes('"seen":"yes"')),
        );
      } finally {
        stream.close();
      }

      // the leader records the pod's transitions (nobody has the pod open: the background recorder)
      const transitionsOf = async (pod: string) =>
        (await db.query('SELECT to_state FROM transitions WHERE context = $1 AND pod = $2', [CTX, `${NS}/${pod}`])).rows.map(
          (r) => r.to_state as string,
        );
      await eventually('kept recorded', async () => (await transitionsOf('kept')).includes('Running') || undefined, 30_000, 500);

      // only the leader watches in the background
      const logOf = (name: string) => readFileSync(join(REPO_DIR, 'test-results', `${name}.log`), 'utf8');
      expect(logOf(leader)).toContain('"msg":"flight recorder watching"');
      expect(logOf(other)).not.toContain('"msg":"flight recorder watching"');

      // the leader dies without a word
      process.kill(-servers[leader].pid, 'SIGKILL');
      const killed = Date.now();
      await eventually(
        'the other replica elected',
        async () => (await holder('podscope-recorder')).startsWith(`${other}_`) || undefined,
        20_000,
        200,
      );
      const takeover = Date.now() - killed;
      expect(takeover).toBeLessThanOrEqual(15_000);

      // recording goes on, on the survivor
      await eventually(
        'the survivor watching',
        async () => logOf(other).includes('"msg":"flight recorder watching"') || undefined,
        10_000,
        200,
      );
      await kubectl(['apply', '-f', '-'], { input: pausePod(NS, 'after') });
      await eventually(
        'after recorded by the survivor',
        async () => (await transitionsOf('after')).includes('Running') || undefined,
        45_000,
        500,
      );
      // and nothing was stored twice, whoever recorded it
      const dup = await db.query(
        "SELECT count(*)::int AS n FROM (SELECT 1 FROM transitions GROUP BY context, pod, coalesce(uid, ''), at, kind, coalesce(subject, ''), to_state HAVING count(*) > 1) d",
      );
      expect(dup.rows[0].n).toBe(0);
      console.log(`replicas: takeover after the leader was killed: ${takeover} ms`);
    } finally {
      await db.end();
    }
  }, 240_000);
});

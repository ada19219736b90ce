// One test suite, both stores: what the flight recorder and snapshots keep behaves the same in
// SQLite (a file under a fresh data directory) and in PostgreSQL (a real server, Debian's, started
// here on 127.0.0.1 with a throwaway data directory: local-cluster/lib/postgres.ts). Then what
// only PostgreSQL has to do: two stores (two replicas) on one database, migrations run once, a
// database that stops answering pauses recording, and it resumes with nothing lost.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Postgres, startPostgres } from '../../local-cluster/lib/postgres.ts';
import type { RecorderStore } from '@/server/recorder/types';
import type { PodEvent } from '@/lib/events/normalize';

const dataDir = mkdtempSync(join(tmpdir(), 'podscope-contract-'));
process.env.PODSCOPE_DATA_DIR = dataDir;
const { config } = await import('@/server/config');
const { SqliteRecorderStore } = await import('@/server/recorder/sqlite/recorder-store');
const { PostgresRecorderStore } = await import('@/server/recorder/postgres/store');
const { setRetryMs } = await import('@/server/recorder/policy');
const { SCHEMA_VERSION } = await import('@/server/recorder/sqlite/database');
const { PG_SCHEMA_VERSION } = await import('@/server/recorder/postgres/schema');

let server: Postgres;
let dbs = 0;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Engine {
  /** A new, empty store; `reopen` gives another store over the same data (a restart, a second replica). */
  fresh(): Promise<{ store: RecorderStore; reopen: () => RecorderStore; url?: string }>;
}
const ENGINES: Record<'sqlite' | 'postgres', Engine> = {
  sqlite: {
    async fresh() {
      (config() as { PODSCOPE_DATA_DIR: string }).PODSCOPE_DATA_DIR = mkdtempSync(join(dataDir, 'db-'));
      return { store: new SqliteRecorderStore(), reopen: () => new SqliteRecorderStore() };
    },
  },
  postgres: {
    async fresh() {
      const url = await server.createDatabase(`contract_${++dbs}`);
      return { store: new PostgresRecorderStore(url, pg.Pool), reopen: () => new PostgresRecorderStore(url, pg.Pool), url };
    },
  },
};

const event = (uid: string, reason: string, lastSeen: string, count = 1): PodEvent => ({
  uid,
  type: 'Warning',
  reason,
  message: `${reason} happened`,
  count,
  firstSeen: lastSeen,
  lastSeen,
  source: 'kubelet',
  involved: { kind: 'Pod' },
});

describe.each(Object.keys(ENGINES) as (keyof typeof ENGINES)[])('the %s store', (engine) => {
  let store: RecorderStore;
  let reopen: () => RecorderStore;
  beforeAll(async () => {
    ({ store, reopen } = await ENGINES[engine].fresh());
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps transitions in order, per pod uid, each once', async () => {
    const t0 = Date.now();
    const a = [
      { at: t0, kind: 'phase' as const, to: 'Pending' },
      { at: t0 + 1, kind: 'container' as const, subject: 'app', from: 'waiting: ContainerCreating', to: 'running' },
    ];
    store.recordTransitions('ctx', 'ns/web-0', a, 'uid-1');
    store.recordTransitions('ctx', 'ns/web-0', a, 'uid-1'); // a second replica saw the same
    store.recordTransitions('ctx', 'ns/web-0', [{ at: t0 + 5, kind: 'phase', to: 'Running' }], 'uid-2'); // a new pod, same name
    expect(await store.storedTransitions('ctx', 'ns/web-0', 100, 'uid-1')).toEqual(a);
    expect((await store.storedTransitions('ctx', 'ns/web-0')).map((t) => t.to)).toEqual(['Pending', 'running', 'Running']);
    expect(await store.storedTransitions('ctx', 'ns/web-0', 1)).toEqual([{ at: t0 + 5, kind: 'phase', to: 'Running' }]);
    expect(await store.storedTransitions('other', 'ns/web-0')).toEqual([]);
  });

  it("keeps events by their uid (a repeat replaces the row), newest first, and a namespace's alone", async () => {
    store.recordEvents('ctx', [
      { podKey: 'a/p', event: event('e1', 'BackOff', '2026-12-01T10:00:00Z') },
      { podKey: 'ab/q', event: event('e2', 'Failed', '2026-12-01T10:01:00Z') },
    ]);
    store.recordEvents('ctx', [{ podKey: 'a/p', event: event('e1', 'BackOff', '2026-12-01T10:02:00Z', 5) }]);
    const mine = await store.storedEvents('ctx', 'a/p');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ uid: 'e1', count: 5 });
    expect((await store.recentEvents('ctx', { limit: 10 })).map((e) => [e.namespace, e.uid])).toEqual([
      ['a', 'e1'],
      ['ab', 'e2'],
    ]);
    // "a/" is not a prefix of "ab/…": namespaces never mix
    expect((await store.recentEvents('ctx', { namespace: 'a', limit: 10 })).map((e) => e.uid)).toEqual(['e1']);
    expect(await store.recentEvents('ctx', { namespace: 'b', limit: 10 })).toEqual([]);
  });

  it("keeps a deleted pod's version from when its deletion began, once the deletion is done", async () => {
    const pod = (restarts: number) => ({
      metadata: { name: 'gone', namespace: 'ns', uid: 'u-gone' },
      status: { containerStatuses: [{ restartCount: restarts }] },
    });
    store.recordDeletionStart('ctx', 'ns/gone', pod(7) as never, 1000);
    store.recordDeletionStart('ctx', 'ns/gone', pod(8) as never, 1500); // later versions during the deletion
    expect(await store.deletedPod('ctx', 'ns/gone')).toBeUndefined(); // still being deleted
    store.recordDeletedPod('ctx', 'ns/gone', pod(9) as never, 2000);
    const d = await store.deletedPod('ctx', 'ns/gone');
    expect(d?.deletedAt).toBe(2000);
    expect(d?.pod.status?.containerStatuses?.[0].restartCount).toBe(7);
  });

  it('takes a whole cluster in one call (20,000 events: more parameters than one PostgreSQL statement may carry)', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({
      podKey: `bulk/p-${i}`,
      event: event(`bulk-${i}`, 'Scheduled', new Date(Date.parse('2026-12-01T09:00:00Z') + i).toISOString()),
    }));
    store.recordEvents('bulk', many);
    store.recordTransitions(
      'bulk',
      'bulk/p-0',
      Array.from({ length: 8000 }, (_, i) => ({ at: Date.now() - 8000 + i, kind: 'phase' as const, to: `s${i}` })),
    );
    expect(await store.recentEvents('bulk', { limit: 30_000 })).toHaveLength(20_000);
    expect(await store.storedTransitions('bulk', 'bulk/p-0', 10_000)).toHaveLength(8000);
    expect(store.status()).toMatchObject({ recording: true });
  });

  it('keeps a usage sample once, per container, from a time on', async () => {
    const now = Date.now();
    const s = (at: number, cpu: number) => ({ podKey: 'ns/u', container: 'app', point: { at, cpu, memory: 1e6 } });
    store.recordUsage('ctx', [s(now - 30_000, 0.1), s(now - 15_000, 0.2), s(now - 15_000, 0.2)]);
    store.recordUsage('ctx', [s(now - 15_000, 0.2), s(now, 0.3)]);
    expect((await store.storedUsage('ctx', 'ns/u', 0)).app.map((p) => p.cpu)).toEqual([0.1, 0.2, 0.3]);
    expect((await store.storedUsage('ctx', 'ns/u', now - 20_000)).app.map((p) => p.cpu)).toEqual([0.2, 0.3]);
  });

  it('saves and opens snapshots; an id is taken once', async () => {
    const row = { id: 'snap-1', context: 'ctx', namespace: 'ns', pod: 'web', createdAt: Date.now(), body: '{"x":1}' };
    await store.saveSnapshot(row);
    expect(await store.loadSnapshot('snap-1')).toEqual({ context: 'ctx', namespace: 'ns', body: '{"x":1}' });
    await expect(store.saveSnapshot(row)).rejects.toThrow();
    expect(await store.loadSnapshot('nope')).toBeUndefined();
  });

  it('everything survives a restart (another store over the same data)', async () => {
    await store.flush();
    const again = reopen();
    try {
      expect((await again.storedTransitions('ctx', 'ns/web-0')).length).toBe(3);
      expect((await again.storedEvents('ctx', 'a/p'))[0].count).toBe(5);
      expect(await again.loadSnapshot('snap-1')).toBeDefined();
      expect(again.status()).toMatchObject({ recording: true });
    } finally {
      await again.close();
    }
  });

  it('retention: older than the age limit, then the oldest beyond the row limit', async () => {
    const cfg = config() as { PODSCOPE_RETENTION_ROWS: number };
    const rows = cfg.PODSCOPE_RETENTION_ROWS;
    try {
      const now = Date.now();
      // (the first batch written after opening runs retention: that one first)
      store.recordTransitions('ctx', 'ns/new', [{ at: now, kind: 'phase', to: 'Running' }]);
      await store.flush();
      store.recordTransitions('ctx', 'ns/old', [{ at: now - 100 * 3600_000, kind: 'phase', to: 'Running' }]);
      await store.flush();
      expect(await store.storedTransitions('ctx', 'ns/old')).toHaveLength(1);
      expect(await store.prune(now)).toBeGreaterThanOrEqual(1);
      expect(await store.storedTransitions('ctx', 'ns/old')).toEqual([]);
      cfg.PODSCOPE_RETENTION_ROWS = 1000;
      store.recordTransitions(
        'ctx',
        'ns/many',
        Array.from({ length: 1200 }, (_, i) => ({ at: now - 1200 + i, kind: 'phase' as const, to: `s${i}` })),
      );
      await store.flush();
      await store.prune(now);
      const left = await store.storedTransitions('ctx', 'ns/many', 5000);
      expect(left.length).toBeLessThanOrEqual(1000);
      expect(left.at(-1)?.to).toBe('s1199'); // the newest stay
    } finally {
      cfg.PODSCOPE_RETENTION_ROWS = rows;
    }
  });
});

describe('SQLite only', () => {
  it('a database the previous release wrote (schema 4) opens in this one: migrated, its duplicate transition kept once', async () => {
    const dir = mkdtempSync(join(dataDir, 'fixture-'));
    const { DatabaseSync } = await import('node:sqlite');
    const sql = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'recorder-schema-4.sql'), 'utf8').replaceAll(
      ':NOW',
      String(Date.now()),
    );
    const old = new DatabaseSync(join(dir, 'history.db'));
    old.exec(sql);
    old.close();
    (config() as { PODSCOPE_DATA_DIR: string }).PODSCOPE_DATA_DIR = dir;
    const s = new SqliteRecorderStore();
    try {
      expect(s.status()).toMatchObject({ recording: true });
      const t = await s.storedTransitions('podscope-local', 'shop/cart-0', 100, 'u-1');
      expect(t.map((x) => x.to)).toEqual(['Pending', 'running', 'terminated: OOMKilled (exit 137)']);
      expect((await s.storedEvents('podscope-local', 'shop/cart-0'))[0]).toMatchObject({ reason: 'BackOff', count: 3 });
      expect(await s.loadSnapshot('fixture-snapshot')).toMatchObject({ body: '{"fixture":true}' });
      // and it records on, the new key in force
      s.recordTransitions('podscope-local', 'shop/cart-0', [t[1]], 'u-1');
      expect(await s.storedTransitions('podscope-local', 'shop/cart-0', 100, 'u-1')).toHaveLength(3);
    } finally {
      await s.close();
    }
    const after = new DatabaseSync(join(dir, 'history.db'));
    expect((after.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(SCHEMA_VERSION);
    after.close();
  });
});

describe('PostgreSQL only', () => {
  it('two replicas on one database: migrated once, each reads what the other wrote, and says where without the password', async () => {
    const url = await server.createDatabase('replicas');
    const a = new PostgresRecorderStore(url, pg.Pool);
    const b = new PostgresRecorderStore(url, pg.Pool);
    try {
      a.recordEvents('ctx', [{ podKey: 'ns/p', event: event('shared', 'OOMKilling', '2026-12-01T10:00:00Z') }]);
      await a.saveSnapshot({ id: 'from-a', context: 'ctx', namespace: 'ns', pod: 'p', createdAt: Date.now(), body: '{}' });
      await a.flush();
      expect((await b.storedEvents('ctx', 'ns/p')).map((e) => e.uid)).toEqual(['shared']);
      expect(await b.loadSnapshot('from-a')).toMatchObject({ namespace: 'ns' });
      // both replicas record the same event: one row
      b.recordEvents('ctx', [{ podKey: 'ns/p', event: event('shared', 'OOMKilling', '2026-12-01T10:00:00Z') }]);
      expect(await b.storedEvents('ctx', 'ns/p')).toHaveLength(1);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      expect((await c.query('SELECT version FROM podscope_schema')).rows).toEqual([{ version: PG_SCHEMA_VERSION }]);
      await c.end();
      const password = new URL(url).password;
      expect(a.status().path).toMatch(/^postgres:\/\/127\.0\.0\.1:\d+\/replicas$/);
      expect(JSON.stringify(a.status())).not.toContain(password);
      // where each replica answers, for the streams' control requests
      await a.announceReplica('r-a', '10.0.0.7:3000');
      expect(await b.replicaAddress('r-a')).toBe('10.0.0.7:3000');
      expect(await b.replicaAddress('r-unknown')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a database that stops answering pauses recording with the reason; it resumes, and the writes made meanwhile land', async () => {
    const url = await server.createDatabase('outage');
    const name = 'outage';
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    setRetryMs(300);
    const s = new PostgresRecorderStore(url, pg.Pool);
    try {
      const t = Date.now();
      s.recordTransitions('ctx', 'ns/p', [{ at: t, kind: 'phase', to: 'Pending' }]);
      await s.flush();
      expect(s.status().recording).toBe(true);
      // the database refuses connections and drops the ones it has (a failover, a restart)
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      s.recordTransitions('ctx', 'ns/p', [{ at: t + 1, kind: 'phase', to: 'Running' }]);
      await s.flush();
      expect(s.status()).toMatchObject({ recording: false, reason: expect.stringMatching(/writing failed: .+/) });
      expect(await s.storedTransitions('ctx', 'ns/p')).toEqual([]); // reads answer "nothing", never throw
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await new Promise((r) => setTimeout(r, 400));
      await s.flush();
      expect(s.status().recording).toBe(true);
      expect((await s.storedTransitions('ctx', 'ns/p')).map((t) => t.to)).toEqual(['Pending', 'Running']);
    } finally {
      setRetryMs(30_000);
      await s.close();
      await admin.end();
    }
  });

  it('a database the previous schema wrote (fixture, schema 1) opens in this one, migrated once', async () => {
    const url = await server.createDatabase('fixture_v1');
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(
      readFileSync(join(import.meta.dirname, '..', 'fixtures', 'postgres-schema-1.sql'), 'utf8').replaceAll(':NOW', String(Date.now())),
    );
    const s = new PostgresRecorderStore(url, pg.Pool);
    try {
      expect((await s.storedTransitions('podscope-local', 'shop/cart-0')).map((t) => t.to)).toEqual(['Pending', 'running']);
      expect(await s.loadSnapshot('pg-fixture-snapshot')).toMatchObject({ body: '{"fixture":true}' });
      expect(s.status()).toMatchObject({ recording: true });
      expect((await c.query('SELECT version FROM podscope_schema')).rows).toEqual([{ version: PG_SCHEMA_VERSION }]);
    } finally {
      await s.close();
      await c.end();
    }
  });

  it('a database from a newer Podscope is refused with the reason, and nothing is written to it', async () => {
    const url = await server.createDatabase('newer');
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('CREATE TABLE podscope_schema (version integer NOT NULL); INSERT INTO podscope_schema VALUES (99)');
    const s = new PostgresRecorderStore(url, pg.Pool);
    try {
      s.recordTransitions('ctx', 'ns/p', [{ at: 1, kind: 'phase', to: 'Pending' }]);
      await s.flush();
      expect(s.status()).toMatchObject({ recording: false, reason: expect.stringMatching(/newer Podscope \(schema 99/) });
      expect((await c.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'transitions'")).rows[0].n).toBe(0);
    } finally {
      await s.close();
      await c.end();
    }
  });
});

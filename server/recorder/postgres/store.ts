import 'server-only';
// The flight recorder and snapshots in PostgreSQL (PODSCOPE_DATABASE_URL=postgres://…), for
// several replicas sharing one history: any replica reads what any other wrote. It behaves as the
// SQLite store does (server/recorder/sqlite/): writes are queued and committed in transactions
// every FLUSH_MS, reads see every write queued before them, retention by age, rows and size, a
// failure pauses recording with the reason and it resumes by itself. One difference: while
// paused, writes wait in memory (up to MAX_PENDING) instead of being dropped, since a database
// that restarts is the usual failure here, not a full disk.
// Every write is idempotent (keyed by the event's uid, the pod's uid, the sample's time, the
// transition itself), so two replicas recording the same change during a takeover store it once.
// The driver is `pg` (node-postgres): a pool of at most POOL connections, each with a statement
// timeout; the URL's credentials are never logged or shown (status says host, port, database).
import type { V1Pod } from '@kubernetes/client-node';
import type { Pool, PoolClient } from 'pg';
import type { PodEvent } from '@/lib/events/normalize';
import { timeMs } from '@/lib/k8s/time';
import type { Transition } from '@/lib/timeline/transitions';
import type { UsagePoint } from '@/lib/usage/usage';
import { config } from '../../config';
import { log } from '../../log';
import { metrics } from '../../metrics';
import type { DeletedPod, RecorderStatus, RecorderStore, SnapshotRow } from '../types';
import { AGE, CHUNK, FLUSH_MS, PRUNE_EVERY_MS, RECORDED, retryAfterMs, type Table } from '../policy';
import { migrate } from './schema';

const MAX_PENDING = 100_000;
const POOL = 5;

interface Statement {
  text: string;
  values: unknown[];
}

/** postgres://user:password@host:port/db?… → "postgres://host:port/db" (what status and logs may say). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/**
 * Rows per INSERT: a statement's parameters are counted in 16 bits by PostgreSQL's protocol
 * (65,535 at most); a whole list of 13,000 events in one statement would overflow it.
 */
const ROWS_PER_STATEMENT = 1000;

/** One multi-row INSERT: `rows` tuples of `width` parameters. */
function valuesList(rows: number, width: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push(`(${Array.from({ length: width }, (_, i) => `$${r * width + i + 1}`).join(', ')})`);
  return out.join(', ');
}

export class PostgresRecorderStore implements RecorderStore {
  private readonly pool: Pool;
  private readonly where: string;
  private ready: Promise<boolean>;
  private st: RecorderStatus;
  private pending: Statement[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private pausedAt = 0;
  private lastPrune = 0;
  private dropped = 0;

  constructor(url: string, PoolClass: typeof Pool) {
    this.where = describeUrl(url);
    this.st = { recording: true, path: this.where };
    this.pool = new PoolClass({
      connectionString: url,
      max: POOL,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 15_000,
      query_timeout: 20_000,
      application_name: 'podscope',
    });
    // (an idle connection the server drops must not take the process with it)
    this.pool.on('error', (err) => log.warn('PostgreSQL connection lost', { where: this.where, reason: err.message }));
    this.ready = this.open();
  }

  /**
   * A connection of the pool's, for several statements. (pg leaves a checked-out connection
   * with no 'error' listener: one the server drops meanwhile would end the process. The failing
   * statement rejects anyway; the listener only keeps the event from being unhandled.)
   */
  private async checkout(): Promise<PoolClient> {
    const c = await this.pool.connect();
    const onError = (err: Error) => log.debug('PostgreSQL connection failed in use', { reason: err.message });
    c.on('error', onError);
    const release = c.release.bind(c);
    c.release = (err?: Error | boolean) => {
      c.removeListener('error', onError);
      release(err);
    };
    return c;
  }

  private async migrateNow(): Promise<void> {
    const c = await this.checkout();
    try {
      await migrate(c);
    } finally {
      c.release();
    }
  }

  private async open(): Promise<boolean> {
    try {
      await this.migrateNow();
      return true;
    } catch (err) {
      this.pause(err, 'cannot open');
      return false;
    }
  }

  status(): RecorderStatus {
    return this.st;
  }

  private pause(err: unknown, what = 'writing failed'): void {
    this.pausedAt = Date.now();
    if (!this.st.recording) return;
    this.st = { recording: false, path: this.where, reason: `${what}: ${(err as Error).message}` };
    log.warn('history recording paused', { reason: this.st.reason, retryInSeconds: retryAfterMs() / 1000 });
  }

  /** Queues `rows` as INSERTs of at most ROWS_PER_STATEMENT rows each: `text(n)` is the statement for n rows. */
  private queueRows<R>(rows: R[], text: (n: number) => string, params: (r: R) => unknown[]): void {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const part = rows.slice(i, i + ROWS_PER_STATEMENT);
      this.queue({ text: text(part.length), values: part.flatMap(params) });
    }
  }

  private queue(s: Statement): void {
    this.pending.push(s);
    metrics.recorderPending.inc();
    if (this.pending.length > MAX_PENDING) {
      this.pending.shift();
      metrics.recorderPending.dec();
      if (this.dropped++ % 10_000 === 0) log.warn('history writes dropped while paused', { dropped: this.dropped });
    }
    this.arm(FLUSH_MS);
  }

  private arm(ms: number): void {
    if (this.timer || this.flushing) return;
    this.timer = setTimeout(() => void this.flush(), ms);
    this.timer.unref?.();
  }

  /** Commits what is queued, a chunk per transaction; paused, it tries again only after retryAfterMs(). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.flushing) await this.flushing;
    if (!this.pending.length) return;
    this.flushing = this.commitAll().finally(() => {
      this.flushing = undefined;
      if (this.pending.length) this.arm(this.st.recording ? FLUSH_MS : retryAfterMs());
    });
    await this.flushing;
  }

  private async commitAll(): Promise<void> {
    if (!(await this.ready) && !(await this.reopen())) return;
    if (!this.st.recording && Date.now() - this.pausedAt < retryAfterMs()) return;
    while (this.pending.length) {
      const batch = this.pending.slice(0, CHUNK);
      let c: PoolClient | undefined;
      try {
        c = await this.checkout();
        await c.query('BEGIN');
        for (const s of batch) await c.query(s.text, s.values);
        await c.query('COMMIT');
      } catch (err) {
        await c?.query('ROLLBACK').catch(() => {});
        c?.release(true); // (not back into the pool: it may be the broken one)
        c = undefined;
        this.pause(err);
        return;
      } finally {
        c?.release();
      }
      this.pending.splice(0, batch.length);
      metrics.recorderPending.dec(batch.length);
      metrics.recorderWrites.inc(batch.length);
      if (!this.st.recording) {
        this.st = { recording: true, path: this.where };
        log.info('history recording resumed', { path: this.where });
      }
    }
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) await this.prune(Date.now());
  }

  /** After a failed start: migrate again, at most once per retryAfterMs(). */
  private async reopen(): Promise<boolean> {
    if (Date.now() - this.pausedAt < retryAfterMs()) return false;
    this.pausedAt = Date.now();
    try {
      await this.migrateNow();
    } catch {
      return false;
    }
    this.ready = Promise.resolve(true);
    this.pausedAt = 0; // (the queued writes go now)
    return true;
  }

  /** Reads never throw: an unreachable database means "nothing recorded". */
  private async read<T>(fallback: T, text: string, values: unknown[], map: (rows: Record<string, unknown>[]) => T): Promise<T> {
    await this.flush();
    try {
      if (!(await this.ready)) return fallback;
      return map((await this.pool.query(text, values)).rows);
    } catch {
      return fallback;
    }
  }

  recordTransitions(context: string, podKey: string, added: Transition[], uid?: string): void {
    this.queueRows(
      added,
      (n) =>
        `INSERT INTO transitions (context, pod, uid, at, kind, subject, from_state, to_state, detail) VALUES ${valuesList(n, 9)} ON CONFLICT DO NOTHING`,
      (t) => [context, podKey, uid ?? null, t.at, t.kind, t.subject ?? null, t.from ?? null, t.to, t.detail ?? null],
    );
  }

  storedTransitions(context: string, podKey: string, limit = 2000, uid?: string): Promise<Transition[]> {
    return this.read(
      [],
      'SELECT at, kind, subject, from_state, to_state, detail FROM transitions WHERE context = $1 AND pod = $2 AND ($3::text IS NULL OR uid IS NULL OR uid = $3) ORDER BY at DESC LIMIT $4',
      [context, podKey, uid ?? null, limit],
      (rows) =>
        rows.reverse().map((r) => ({
          at: Number(r.at),
          kind: r.kind as Transition['kind'],
          subject: (r.subject as string | null) ?? undefined,
          from: (r.from_state as string | null) ?? undefined,
          to: r.to_state as string,
          detail: (r.detail as string | null) ?? undefined,
        })),
    );
  }

  recordEvents(context: string, events: { podKey: string; event: PodEvent }[]): void {
    // (one statement may not name the same key twice: the newest of each uid)
    const byUid = new Map<string, { podKey: string; event: PodEvent }>();
    for (const e of events) byUid.set(e.event.uid, e);
    this.queueRows(
      [...byUid.values()],
      (n) =>
        `INSERT INTO events (context, pod, uid, last_seen, body) VALUES ${valuesList(n, 5)} ON CONFLICT (context, uid) DO UPDATE SET last_seen = excluded.last_seen, body = excluded.body`,
      ({ podKey, event }) => [context, podKey, event.uid, timeMs(event.lastSeen) ?? Date.now(), JSON.stringify(event)],
    );
  }

  storedEvents(context: string, podKey: string, limit = 1000): Promise<PodEvent[]> {
    return this.read(
      [],
      'SELECT body FROM events WHERE context = $1 AND pod = $2 ORDER BY last_seen DESC LIMIT $3',
      [context, podKey, limit],
      (rows) => rows.map((r) => JSON.parse(r.body as string) as PodEvent),
    );
  }

  recentEvents(context: string, opts: { namespace?: string; limit: number }): Promise<PodEvent[]> {
    const [text, values] = opts.namespace
      ? [
          'SELECT pod, body FROM events WHERE context = $1 AND starts_with(pod, $2) ORDER BY last_seen DESC LIMIT $3',
          [context, `${opts.namespace}/`, opts.limit],
        ]
      : ['SELECT pod, body FROM events WHERE context = $1 ORDER BY last_seen DESC LIMIT $2', [context, opts.limit]];
    return this.read([], text as string, values as unknown[], (rows) =>
      rows.map((r) => {
        const pod = r.pod as string;
        return { namespace: pod.slice(0, pod.indexOf('/')), ...(JSON.parse(r.body as string) as PodEvent) };
      }),
    );
  }

  recordDeletionStart(context: string, podKey: string, pod: V1Pod, at: number): void {
    // deleted_at < 0: deletion began at -deleted_at and has not finished; the first version wins
    this.queue({
      text: 'INSERT INTO deleted_pods (context, pod, uid, deleted_at, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      values: [context, podKey, pod.metadata?.uid ?? '', -at, JSON.stringify(pod)],
    });
  }

  recordDeletedPod(context: string, podKey: string, pod: V1Pod, at: number): void {
    this.queue({
      text: 'INSERT INTO deleted_pods (context, pod, uid, deleted_at, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (context, pod, uid) DO UPDATE SET deleted_at = excluded.deleted_at',
      values: [context, podKey, pod.metadata?.uid ?? '', at, JSON.stringify(pod)],
    });
  }

  deletedPod(context: string, podKey: string): Promise<DeletedPod | undefined> {
    return this.read(
      undefined,
      'SELECT deleted_at, body FROM deleted_pods WHERE context = $1 AND pod = $2 AND deleted_at > 0 ORDER BY deleted_at DESC LIMIT 1',
      [context, podKey],
      (rows) => (rows[0] ? { pod: JSON.parse(rows[0].body as string) as V1Pod, deletedAt: Number(rows[0].deleted_at) } : undefined),
    );
  }

  recordUsage(context: string, samples: { podKey: string; container: string; point: UsagePoint }[]): void {
    const seen = new Map<string, (typeof samples)[number]>();
    for (const s of samples) seen.set(`${s.podKey}\0${s.container}\0${s.point.at}`, s);
    this.queueRows(
      [...seen.values()],
      (n) => `INSERT INTO usage (context, pod, container, at, cpu, memory) VALUES ${valuesList(n, 6)} ON CONFLICT DO NOTHING`,
      (s) => [context, s.podKey, s.container, s.point.at, s.point.cpu, s.point.memory],
    );
  }

  storedUsage(context: string, podKey: string, since: number): Promise<Record<string, UsagePoint[]>> {
    return this.read(
      {},
      'SELECT container, at, cpu, memory FROM usage WHERE context = $1 AND pod = $2 AND at >= $3 ORDER BY at ASC LIMIT 50000',
      [context, podKey, since],
      (rows) => {
        const out: Record<string, UsagePoint[]> = {};
        for (const r of rows) (out[r.container as string] ??= []).push({ at: Number(r.at), cpu: Number(r.cpu), memory: Number(r.memory) });
        return out;
      },
    );
  }

  async saveSnapshot(row: SnapshotRow): Promise<void> {
    await this.flush();
    if (!(await this.ready)) throw new Error(`the database is not usable (${this.st.reason ?? 'unknown reason'})`);
    await this.pool.query('INSERT INTO snapshots (id, context, namespace, pod, created_at, body) VALUES ($1, $2, $3, $4, $5, $6)', [
      row.id,
      row.context,
      row.namespace,
      row.pod,
      row.createdAt,
      row.body,
    ]);
  }

  loadSnapshot(id: string): Promise<Pick<SnapshotRow, 'context' | 'namespace' | 'body'> | undefined> {
    return this.read(undefined, 'SELECT context, namespace, body FROM snapshots WHERE id = $1', [id], (rows) =>
      rows[0] ? { context: rows[0].context as string, namespace: rows[0].namespace as string, body: rows[0].body as string } : undefined,
    );
  }

  async announceReplica(id: string, address: string): Promise<void> {
    if (!(await this.ready)) return;
    await this.pool.query(
      'INSERT INTO replicas (id, address, seen_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET address = excluded.address, seen_at = excluded.seen_at',
      [id, address, Date.now()],
    );
    // (replicas gone for an hour are forgotten)
    await this.pool.query('DELETE FROM replicas WHERE seen_at < $1', [Date.now() - 3600_000]);
  }

  async replicaAddress(id: string): Promise<string | undefined> {
    try {
      if (!(await this.ready)) return undefined;
      const { rows } = await this.pool.query('SELECT address FROM replicas WHERE id = $1 AND seen_at >= $2', [id, Date.now() - 60_000]);
      return (rows[0]?.address as string | undefined) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Retention, as SQLite's: rows older than the age limit (snapshots by their own); then the
   * oldest beyond the row limit, per table; then, while the live rows are over the size limit,
   * the oldest tenth of every table. (Live size: PostgreSQL reuses a deleted row's space rather
   * than giving it back, so the tables' size on disk would never shrink below the limit.)
   */
  async prune(now = Date.now()): Promise<number> {
    this.lastPrune = now;
    if (!(await this.ready)) return 0;
    const cfg = config();
    let c: PoolClient | undefined;
    try {
      c = await this.checkout();
      const db = c;
      const run = async (text: string, values: unknown[]) => (await db.query(text, values)).rowCount ?? 0;
      const count = async (t: Table) => Number((await db.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
      const dropOldest = (t: Table, n: number) =>
        run(`DELETE FROM ${t} WHERE ctid IN (SELECT ctid FROM ${t} ORDER BY ${AGE[t]} ASC LIMIT $1)`, [n]);
      const used = async () => {
        let bytes = 0;
        for (const t of Object.keys(AGE) as Table[])
          bytes += Number((await db.query(`SELECT coalesce(sum(pg_column_size(x.*)), 0) AS b FROM ${t} x`)).rows[0].b);
        return bytes;
      };
      let removed = 0;
      const cutoff = now - cfg.PODSCOPE_RETENTION_HOURS * 3600_000;
      for (const t of RECORDED) removed += await run(`DELETE FROM ${t} WHERE ${AGE[t]} < $1`, [cutoff]);
      removed += await run('DELETE FROM snapshots WHERE created_at < $1', [now - cfg.PODSCOPE_SNAPSHOT_RETENTION_DAYS * 86400_000]);
      for (const t of RECORDED) {
        const n = await count(t);
        if (n > cfg.PODSCOPE_RETENTION_ROWS) removed += await dropOldest(t, n - cfg.PODSCOPE_RETENTION_ROWS);
      }
      for (let i = 0; i < 10 && (await used()) > cfg.PODSCOPE_RETENTION_MB * 1024 * 1024; i++) {
        for (const t of Object.keys(AGE) as Table[]) removed += await dropOldest(t, Math.ceil((await count(t)) / 10));
      }
      return removed;
    } catch (err) {
      this.pause(err);
      return 0;
    } finally {
      c?.release();
    }
  }

  async close(): Promise<void> {
    await this.flush().catch(() => {});
    clearTimeout(this.timer);
    await this.pool.end().catch(() => {});
  }
}

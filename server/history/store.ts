import 'server-only';
// The flight recorder's store, in SQLite (Node's built-in node:sqlite, no server to run) under
// PODSCOPE_DATA_DIR: pod transitions and pod events observed while watching, the last state of
// deleted pods, and snapshots. It survives Podscope restarts and reaches back beyond what the API
// server keeps (events expire after about an hour). Retention by age, by row count and by file
// size. If the directory is read-only or the disk is full, recording pauses and says why; nothing
// else is affected.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync as Db } from 'node:sqlite';
import type { V1Pod } from '@kubernetes/client-node';
import type { PodEvent } from '@/lib/events/normalize';
import type { Transition } from '@/lib/timeline/transitions';
import { config } from '../config';
import { log } from '../log';
import { metrics } from '../metrics';

export interface RecorderStatus {
  recording: boolean;
  path?: string;
  reason?: string;
}

interface Store {
  db?: Db;
  status: RecorderStatus;
  lastPrune: number;
  pausedAt?: number;
}

const g = globalThis as unknown as { __podscopeStore?: Store };

const SCHEMA = `PRAGMA journal_mode = WAL;
  PRAGMA synchronous = NORMAL;
  CREATE TABLE IF NOT EXISTS transitions (context TEXT NOT NULL, pod TEXT NOT NULL, uid TEXT, at INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT, from_state TEXT, to_state TEXT NOT NULL, detail TEXT);
  CREATE INDEX IF NOT EXISTS transitions_pod ON transitions (context, pod, at);
  CREATE INDEX IF NOT EXISTS transitions_at ON transitions (at);
  CREATE TABLE IF NOT EXISTS events (context TEXT NOT NULL, pod TEXT NOT NULL, uid TEXT NOT NULL, last_seen INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (context, uid));
  CREATE INDEX IF NOT EXISTS events_pod ON events (context, pod, last_seen);
  CREATE INDEX IF NOT EXISTS events_seen ON events (last_seen);
  -- deleted_at: when the pod was gone (ms); negative while its deletion is under way (-start ms)
  CREATE TABLE IF NOT EXISTS deleted_pods (context TEXT NOT NULL, pod TEXT NOT NULL, uid TEXT NOT NULL, deleted_at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (context, pod, uid));
  CREATE INDEX IF NOT EXISTS deleted_at ON deleted_pods (deleted_at);
  CREATE TABLE IF NOT EXISTS snapshots (id TEXT PRIMARY KEY, context TEXT NOT NULL, namespace TEXT NOT NULL, pod TEXT NOT NULL, created_at INTEGER NOT NULL, body TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS snapshots_at ON snapshots (created_at);`;

function open(): Store {
  const dir = config().PODSCOPE_DATA_DIR;
  const path = join(dir, 'history.db');
  try {
    // the store holds deleted pods' specs and snapshots: readable by Podscope's own user only
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      chmodSync(dir, 0o700);
    } catch {
      /* a directory someone else owns: the files below still are ours alone */
    }
    // created 0600 before SQLite opens it (SQLite gives its -wal and -shm files the same mode)
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    // required lazily: the module is only loaded where the recorder runs
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
    // another Podscope on the same directory (a rolling update) holds the lock briefly: wait
    const db = new DatabaseSync(path, { timeout: 5000 });
    db.exec(SCHEMA);
    for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
    // files from before transitions carried the pod's uid (a reused name is another pod)
    if (!(db.prepare('PRAGMA table_info(transitions)').all() as { name: string }[]).some((c) => c.name === 'uid'))
      db.exec('ALTER TABLE transitions ADD COLUMN uid TEXT');
    return { db, status: { recording: true, path }, lastPrune: 0 };
  } catch (err) {
    const reason = `cannot open ${path}: ${(err as Error).message}`;
    log.warn('history recording paused', { reason });
    return { status: { recording: false, path, reason }, lastPrune: 0 };
  }
}

function store(): Store {
  return (g.__podscopeStore ??= open());
}

/** For tests: forget the open store (as a process restart would). */
export function resetStore(): void {
  flush();
  try {
    g.__podscopeStore?.db?.close();
  } catch {
    /* closed */
  }
  g.__podscopeStore = undefined;
}

export function recorderStatus(): RecorderStatus {
  flush(); // the status of every write made so far
  return store().status;
}

let RETRY_MS = 30_000;
/** For tests: how soon a paused recorder tries again. */
export function setRetryMs(ms: number): void {
  RETRY_MS = ms;
}

function pause(s: Store, err: unknown) {
  s.pausedAt = Date.now();
  if (!s.status.recording) return;
  s.status = { ...s.status, recording: false, reason: `writing failed: ${(err as Error).message}` };
  log.warn('history recording paused', { reason: s.status.reason, retryInSeconds: RETRY_MS / 1000 });
}

/**
 * After a failed write (disk full, locked), recording resumes by itself: every RETRY_MS the next
 * write first runs retention (which may free the space) and tries again.
 */
function mayWrite(s: Store): s is Store & { db: Db } {
  if (!s.db) return false;
  if (s.status.recording) return true;
  if (Date.now() - (s.pausedAt ?? 0) < RETRY_MS) return false;
  s.pausedAt = Date.now();
  try {
    pruneNow(s, Date.now());
    s.db.exec('BEGIN IMMEDIATE; COMMIT'); // can we take the write lock at all?
  } catch {
    return false;
  }
  s.status = { recording: true, path: s.status.path };
  log.info('history recording resumed', { path: s.status.path });
  return true;
}

/**
 * Recording is queued and written in transactions (of up to CHUNK) every FLUSH_MS, not per watch event: at 100
 * pod updates a second (and their events) that is a few commits a second instead of hundreds,
 * off the path that streams changes to browsers. A failure pauses recording instead of throwing.
 */
const FLUSH_MS = 250;
const CHUNK = 1000;
const pending: ((db: Db) => void)[] = [];
let flushTimer: NodeJS.Timeout | undefined;
let chunking = false;

function write(fn: (db: Db) => void): void {
  pending.push(fn);
  metrics.recorderPending.inc();
  if (!flushTimer && !chunking) {
    flushTimer = setTimeout(flushInChunks, FLUSH_MS);
    flushTimer.unref?.();
  }
}

/**
 * The timer's flush: at most CHUNK writes per transaction, then the event loop gets a turn
 * (setImmediate) before the next chunk, so the 40,000 events of a big cluster's first list are
 * written without holding up requests and streams for a second.
 */
function flushInChunks(): void {
  flushTimer = undefined;
  commit(pending.splice(0, CHUNK));
  chunking = pending.length > 0;
  if (chunking) setImmediate(flushInChunks);
}

/** Writes everything queued now (reads call it first, so they see every write made before them). */
export function flush(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  while (pending.length) commit(pending.splice(0, CHUNK));
}

function commit(batch: ((db: Db) => void)[]): void {
  if (!batch.length) return;
  metrics.recorderPending.dec(undefined, batch.length);
  const s = store();
  if (!mayWrite(s)) return;
  try {
    s.db.exec('BEGIN');
    try {
      for (const fn of batch) fn(s.db);
      s.db.exec('COMMIT');
    } catch (err) {
      try {
        s.db.exec('ROLLBACK');
      } catch {
        /* already rolled back */
      }
      throw err;
    }
    metrics.recorderWrites.inc(undefined, batch.length);
    if (Date.now() - s.lastPrune > 60_000) pruneSafely(s, Date.now());
  } catch (err) {
    pause(s, err);
  }
}

/** Reads never throw: an unreadable store means "nothing recorded". */
function read<T>(fn: (db: Db) => T, fallback: T): T {
  flush();
  const s = store();
  if (!s.db) return fallback;
  try {
    return fn(s.db);
  } catch {
    return fallback;
  }
}

export function recordTransitions(context: string, podKey: string, added: Transition[], uid?: string): void {
  write((db) => {
    const insert = db.prepare(
      'INSERT INTO transitions (context, pod, uid, at, kind, subject, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const t of added)
      insert.run(context, podKey, uid ?? null, t.at, t.kind, t.subject ?? null, t.from ?? null, t.to, t.detail ?? null);
  });
}

/** A pod's recorded transitions; with `uid`, only that pod's (not an earlier pod of the same name). */
export function storedTransitions(context: string, podKey: string, limit = 2000, uid?: string): Transition[] {
  return read((db) => {
    const rows = db
      .prepare(
        'SELECT at, kind, subject, from_state, to_state, detail FROM transitions WHERE context = ? AND pod = ? AND (? IS NULL OR uid IS NULL OR uid = ?) ORDER BY at DESC LIMIT ?',
      )
      .all(context, podKey, uid ?? null, uid ?? null, limit) as {
      at: number;
      kind: Transition['kind'];
      subject: string | null;
      from_state: string | null;
      to_state: string;
      detail: string | null;
    }[];
    return rows.reverse().map((r) => ({
      at: Number(r.at),
      kind: r.kind,
      subject: r.subject ?? undefined,
      from: r.from_state ?? undefined,
      to: r.to_state,
      detail: r.detail ?? undefined,
    }));
  }, []);
}

/** Events about pods, keyed by the Event's uid: a repeat (count++) replaces the row. */
export function recordEvents(context: string, events: { podKey: string; event: PodEvent }[]): void {
  if (!events.length) return;
  write((db) => {
    const upsert = db.prepare(
      'INSERT INTO events (context, pod, uid, last_seen, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (context, uid) DO UPDATE SET last_seen = excluded.last_seen, body = excluded.body',
    );
    for (const { podKey, event } of events)
      upsert.run(context, podKey, event.uid, Date.parse(event.lastSeen ?? '') || Date.now(), JSON.stringify(event));
  });
}

export function storedEvents(context: string, podKey: string, limit = 1000): PodEvent[] {
  return read(
    (db) =>
      (
        db.prepare('SELECT body FROM events WHERE context = ? AND pod = ? ORDER BY last_seen DESC LIMIT ?').all(context, podKey, limit) as {
          body: string;
        }[]
      ).map((r) => JSON.parse(r.body) as PodEvent),
    [],
  );
}

/**
 * A deleted pod's record keeps the first version that carried a deletionTimestamp (its status
 * still as it was before deletion began: the crash that got it deleted, not the containers the
 * deletion stopped), or the final version if deletion was not seen starting.
 */
export function recordDeletionStart(context: string, podKey: string, pod: V1Pod): void {
  write((db) => {
    // deleted_at < 0: deletion began at -deleted_at and has not finished
    db.prepare('INSERT OR IGNORE INTO deleted_pods (context, pod, uid, deleted_at, body) VALUES (?, ?, ?, ?, ?)').run(
      context,
      podKey,
      pod.metadata?.uid ?? '',
      -Date.now(),
      JSON.stringify(pod),
    );
  });
}

export function recordDeletedPod(context: string, podKey: string, pod: V1Pod, at: number): void {
  write((db) => {
    db.prepare(
      'INSERT INTO deleted_pods (context, pod, uid, deleted_at, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (context, pod, uid) DO UPDATE SET deleted_at = excluded.deleted_at',
    ).run(context, podKey, pod.metadata?.uid ?? '', at, JSON.stringify(pod));
  });
}

export interface DeletedPod {
  pod: V1Pod;
  deletedAt: number;
}

/** The most recently deleted pod with this name, if it was seen being deleted. */
export function deletedPod(context: string, podKey: string): DeletedPod | undefined {
  return read((db) => {
    const r = db
      .prepare(
        'SELECT deleted_at, body FROM deleted_pods WHERE context = ? AND pod = ? AND deleted_at > 0 ORDER BY deleted_at DESC LIMIT 1',
      )
      .get(context, podKey) as { deleted_at: number; body: string } | undefined;
    return r ? { pod: JSON.parse(r.body) as V1Pod, deletedAt: Number(r.deleted_at) } : undefined;
  }, undefined);
}

/** Snapshots are written on request, not recorded: a failure is an error the user sees. */
export function saveSnapshot(row: { id: string; context: string; namespace: string; pod: string; createdAt: number; body: string }): void {
  const s = store();
  if (!mayWrite(s)) throw new Error(`the data directory is not writable (${s.status.reason ?? 'unknown reason'})`);
  s.db
    .prepare('INSERT INTO snapshots (id, context, namespace, pod, created_at, body) VALUES (?, ?, ?, ?, ?, ?)')
    .run(row.id, row.context, row.namespace, row.pod, row.createdAt, row.body);
}

export function loadSnapshot(id: string): { context: string; namespace: string; body: string } | undefined {
  return read(
    (db) =>
      db.prepare('SELECT context, namespace, body FROM snapshots WHERE id = ?').get(id) as
        { context: string; namespace: string; body: string } | undefined,
    undefined,
  );
}

/**
 * Retention: rows older than the age limit; then the oldest beyond the row limit (per table);
 * then, while the file is over the size limit, the oldest tenth of the recorded rows.
 * Snapshots have their own, longer age limit: they are kept for incident tickets.
 */
export function prune(s: Store = store(), now = Date.now()): number {
  flush();
  return pruneSafely(s, now);
}

function pruneSafely(s: Store, now: number): number {
  try {
    return pruneNow(s, now);
  } catch (err) {
    pause(s, err);
    return 0;
  }
}

// oldest first, per table: how each kind of record ages
const AGE = { transitions: 'at', events: 'last_seen', deleted_pods: 'abs(deleted_at)', snapshots: 'created_at' } as const;

function pruneNow(s: Store, now: number): number {
  if (!s.db) return 0;
  const cfg = config();
  const db = s.db;
  s.lastPrune = now;
  const run = (sql: string, ...args: number[]) => Number(db.prepare(sql).run(...args).changes);
  const count = (table: keyof typeof AGE) => Number((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
  const dropOldest = (table: keyof typeof AGE, n: number) =>
    run(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} ORDER BY ${AGE[table]} ASC LIMIT ?)`, n);
  const cutoff = now - cfg.PODSCOPE_RETENTION_HOURS * 3600_000;
  let removed = 0;
  for (const table of ['transitions', 'events', 'deleted_pods'] as const)
    removed += run(`DELETE FROM ${table} WHERE ${AGE[table]} < ?`, cutoff);
  removed += run('DELETE FROM snapshots WHERE created_at < ?', now - cfg.PODSCOPE_SNAPSHOT_RETENTION_DAYS * 86400_000);
  for (const table of ['transitions', 'events', 'deleted_pods'] as const) {
    const n = count(table);
    if (n > cfg.PODSCOPE_RETENTION_ROWS) removed += dropOldest(table, n - cfg.PODSCOPE_RETENTION_ROWS);
  }
  // over the size limit: the oldest tenth of every table goes, snapshots included (they are the
  // largest rows), until the file's live pages fit
  const used = () =>
    Number(
      (
        db
          .prepare(
            'SELECT (page_count - freelist_count) * page_size AS bytes FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()',
          )
          .get() as { bytes: number }
      ).bytes,
    );
  for (let i = 0; i < 10 && used() > cfg.PODSCOPE_RETENTION_MB * 1024 * 1024; i++) {
    for (const table of Object.keys(AGE) as (keyof typeof AGE)[]) removed += dropOldest(table, Math.ceil(count(table) / 10));
  }
  return removed;
}

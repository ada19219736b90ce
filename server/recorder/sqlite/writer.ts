import 'server-only';
// The one connection to the SQLite file and the queue in front of it. Recording is queued and
// written in transactions (of up to CHUNK writes) every FLUSH_MS, not per watch event: at 100
// pod updates a second (and their events) that is a few commits a second instead of hundreds,
// off the path that streams changes to browsers, with the event loop served between chunks.
// A failed write (read-only directory, full disk, lock) pauses recording with the reason; after
// retryAfterMs() (server/recorder/policy.ts) the next write first runs retention (which may
// free space) and tries again.
import type { DatabaseSync } from 'node:sqlite';
import { config } from '../../config';
import { log } from '../../log';
import { metrics } from '../../metrics';
import type { RecorderStatus } from '../types';
import { CHUNK, FLUSH_MS, PRUNE_EVERY_MS, retryAfterMs } from '../policy';
import { openDatabase } from './database';
import { pruneDatabase } from './retention';

export type Write = (db: DatabaseSync) => void;

export class SqliteWriter {
  private db?: DatabaseSync;
  status: RecorderStatus;
  private lastPrune = 0;
  private pausedAt = 0;
  private pending: Write[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chunking = false;

  constructor() {
    const dir = config().PODSCOPE_DATA_DIR;
    try {
      const o = openDatabase(dir);
      this.db = o.db;
      this.status = { recording: true, path: o.path };
    } catch (err) {
      const reason = `cannot open ${dir}/history.db: ${(err as Error).message}`;
      log.warn('history recording paused', { reason });
      this.status = { recording: false, path: `${dir}/history.db`, reason };
    }
  }

  write(fn: Write): void {
    this.pending.push(fn);
    metrics.recorderPending.inc();
    if (!this.timer && !this.chunking) {
      this.timer = setTimeout(() => this.flushInChunks(), FLUSH_MS);
      this.timer.unref?.();
    }
  }

  /** The timer's flush: a chunk, then a turn of the event loop before the next one. */
  private flushInChunks(): void {
    this.timer = undefined;
    this.commit(this.pending.splice(0, CHUNK));
    this.chunking = this.pending.length > 0;
    if (this.chunking) setImmediate(() => this.flushInChunks());
  }

  /** Writes everything queued now (reads call it first, so they see every write made before them). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length) this.commit(this.pending.splice(0, CHUNK));
  }

  private commit(batch: Write[]): void {
    if (!batch.length) return;
    metrics.recorderPending.dec(batch.length);
    if (!this.mayWrite()) return;
    const db = this.db!;
    try {
      db.exec('BEGIN');
      try {
        for (const fn of batch) fn(db);
        db.exec('COMMIT');
      } catch (err) {
        try {
          db.exec('ROLLBACK');
        } catch {
          /* already rolled back */
        }
        throw err;
      }
      metrics.recorderWrites.inc(batch.length);
      if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) this.prune(Date.now());
    } catch (err) {
      this.pause(err);
    }
  }

  private pause(err: unknown) {
    this.pausedAt = Date.now();
    if (!this.status.recording) return;
    this.status = { ...this.status, recording: false, reason: `writing failed: ${(err as Error).message}` };
    log.warn('history recording paused', { reason: this.status.reason, retryInSeconds: retryAfterMs() / 1000 });
  }

  private mayWrite(): boolean {
    if (!this.db) return false;
    if (this.status.recording) return true;
    if (Date.now() - this.pausedAt < retryAfterMs()) return false;
    this.pausedAt = Date.now();
    try {
      this.lastPrune = Date.now();
      pruneDatabase(this.db, Date.now());
      this.db.exec('BEGIN IMMEDIATE; COMMIT'); // can we take the write lock at all?
    } catch {
      return false;
    }
    this.status = { recording: true, path: this.status.path };
    log.info('history recording resumed', { path: this.status.path });
    return true;
  }

  /** Reads never throw: an unreadable store means "nothing recorded". */
  read<T>(fn: (db: DatabaseSync) => T, fallback: T): T {
    this.flush();
    if (!this.db) return fallback;
    try {
      return fn(this.db);
    } catch {
      return fallback;
    }
  }

  /** A write someone asked for (a snapshot): done now, and its failure is theirs to see. */
  writeNow(fn: Write): void {
    this.flush();
    if (!this.mayWrite()) throw new Error(`the data directory is not writable (${this.status.reason ?? 'unknown reason'})`);
    fn(this.db!);
  }

  /** Retention now; a failure pauses recording like a failed write. */
  prune(now = Date.now()): number {
    if (!this.db) return 0;
    this.lastPrune = now;
    try {
      return pruneDatabase(this.db, now);
    } catch (err) {
      this.pause(err);
      return 0;
    }
  }

  close(): void {
    this.flush();
    try {
      this.db?.close();
    } catch {
      /* closed */
    }
    this.db = undefined;
  }
}

const g = globalThis as unknown as { __podscopeSqlite?: SqliteWriter };

/** The process's one writer, shared by the flight recorder and snapshots. */
export function sqliteWriter(): SqliteWriter {
  return (g.__podscopeSqlite ??= new SqliteWriter());
}

/** For tests: close and forget it (as a process restart would). */
export function resetSqliteWriter(): void {
  g.__podscopeSqlite?.close();
  g.__podscopeSqlite = undefined;
}

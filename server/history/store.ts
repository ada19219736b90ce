import 'server-only';
// The flight recorder's store: pod transitions observed while watching, kept in SQLite (Node's
// built-in node:sqlite, no server to run) under PODSCOPE_DATA_DIR, so a timeline survives
// Podscope restarts and reaches back beyond what the API server keeps. Retention by age and by
// row count. If the directory is read-only or the disk is full, recording pauses and says why;
// nothing else is affected.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync as Db } from 'node:sqlite';
import type { Transition } from '@/lib/timeline/transitions';
import { config } from '../config';
import { log } from '../log';

export interface RecorderStatus { recording: boolean; path?: string; reason?: string }

interface Store { db?: Db; status: RecorderStatus; lastPrune: number }

const g = globalThis as unknown as { __podscopeStore?: Store };

function open(): Store {
  const cfg = config();
  const dir = cfg.PODSCOPE_DATA_DIR;
  const path = join(dir, 'history.db');
  try {
    mkdirSync(dir, { recursive: true });
    // required lazily: the module is only loaded where the recorder runs
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA journal_mode = WAL;
      CREATE TABLE IF NOT EXISTS transitions (context TEXT NOT NULL, pod TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT, from_state TEXT, to_state TEXT NOT NULL, detail TEXT);
      CREATE INDEX IF NOT EXISTS transitions_pod ON transitions (context, pod, at);
      CREATE INDEX IF NOT EXISTS transitions_at ON transitions (at);`);
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
  try { g.__podscopeStore?.db?.close(); } catch { /* closed */ }
  g.__podscopeStore = undefined;
}

export function recorderStatus(): RecorderStatus {
  return store().status;
}

function pause(s: Store, err: unknown) {
  if (!s.status.recording) return;
  s.status = { ...s.status, recording: false, reason: `writing failed: ${(err as Error).message}` };
  log.warn('history recording paused', { reason: s.status.reason });
}

export function recordTransitions(context: string, podKey: string, added: Transition[]): void {
  const s = store();
  if (!s.db || !s.status.recording) return;
  try {
    const insert = s.db.prepare('INSERT INTO transitions (context, pod, at, kind, subject, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const t of added) insert.run(context, podKey, t.at, t.kind, t.subject ?? null, t.from ?? null, t.to, t.detail ?? null);
    if (Date.now() - s.lastPrune > 60_000) prune(s, Date.now());
  } catch (err) {
    pause(s, err);
  }
}

export function storedTransitions(context: string, podKey: string, limit = 2000): Transition[] {
  const s = store();
  if (!s.db) return [];
  try {
    const rows = s.db.prepare('SELECT at, kind, subject, from_state, to_state, detail FROM transitions WHERE context = ? AND pod = ? ORDER BY at DESC LIMIT ?').all(context, podKey, limit) as { at: number; kind: Transition['kind']; subject: string | null; from_state: string | null; to_state: string; detail: string | null }[];
    return rows.reverse().map((r) => ({ at: Number(r.at), kind: r.kind, subject: r.subject ?? undefined, from: r.from_state ?? undefined, to: r.to_state, detail: r.detail ?? undefined }));
  } catch {
    return [];
  }
}

/** Retention: rows older than the age limit, then the oldest beyond the row limit. */
export function prune(s: Store = store(), now = Date.now()): number {
  if (!s.db) return 0;
  const cfg = config();
  s.lastPrune = now;
  try {
    let removed = Number(s.db.prepare('DELETE FROM transitions WHERE at < ?').run(now - cfg.PODSCOPE_RETENTION_HOURS * 3600_000).changes);
    const count = Number((s.db.prepare('SELECT count(*) AS n FROM transitions').get() as { n: number }).n);
    if (count > cfg.PODSCOPE_RETENTION_ROWS) {
      removed += Number(s.db.prepare('DELETE FROM transitions WHERE rowid IN (SELECT rowid FROM transitions ORDER BY at ASC LIMIT ?)').run(count - cfg.PODSCOPE_RETENTION_ROWS).changes);
    }
    return removed;
  } catch (err) {
    pause(s, err);
    return 0;
  }
}

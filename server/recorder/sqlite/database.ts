import 'server-only';
// The SQLite file under PODSCOPE_DATA_DIR (Node's built-in node:sqlite: no server, no native
// addon) that holds the flight recorder and snapshots. Readable by Podscope's own user only (it
// holds deleted pods' specs). The schema is versioned (PRAGMA user_version) and migrated in
// order when the file is opened, so a file written by an earlier release opens in this one.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

/** Each step takes the schema from version i to i + 1. Never edit a released step: add one. */
const MIGRATIONS: ((db: DatabaseSync) => void)[] = [
  // 1: the first schema
  (db) =>
    db.exec(`CREATE TABLE IF NOT EXISTS transitions (context TEXT NOT NULL, pod TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT, from_state TEXT, to_state TEXT NOT NULL, detail TEXT);
      CREATE INDEX IF NOT EXISTS transitions_pod ON transitions (context, pod, at);
      CREATE INDEX IF NOT EXISTS transitions_at ON transitions (at);
      CREATE TABLE IF NOT EXISTS events (context TEXT NOT NULL, pod TEXT NOT NULL, uid TEXT NOT NULL, last_seen INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (context, uid));
      CREATE INDEX IF NOT EXISTS events_pod ON events (context, pod, last_seen);
      CREATE INDEX IF NOT EXISTS events_seen ON events (last_seen);
      -- deleted_at: when the pod was gone (ms); negative while its deletion is under way (-start ms)
      CREATE TABLE IF NOT EXISTS deleted_pods (context TEXT NOT NULL, pod TEXT NOT NULL, uid TEXT NOT NULL, deleted_at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (context, pod, uid));
      CREATE INDEX IF NOT EXISTS deleted_at ON deleted_pods (deleted_at);
      CREATE TABLE IF NOT EXISTS snapshots (id TEXT PRIMARY KEY, context TEXT NOT NULL, namespace TEXT NOT NULL, pod TEXT NOT NULL, created_at INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS snapshots_at ON snapshots (created_at);`),
  // 2: transitions carry the pod's uid (a reused name, a StatefulSet's web-0, is another pod)
  (db) => {
    if (!(db.prepare('PRAGMA table_info(transitions)').all() as { name: string }[]).some((c) => c.name === 'uid')) {
      db.exec('ALTER TABLE transitions ADD COLUMN uid TEXT');
    }
  },
  // 3: the events explorer reads a context's newest events, all pods at once
  (db) => db.exec('CREATE INDEX IF NOT EXISTS events_context_seen ON events (context, last_seen)'),
  // 4: resource usage samples (the Metrics API, every 15 s): cpu in cores, memory in bytes
  (db) =>
    db.exec(`CREATE TABLE IF NOT EXISTS usage (context TEXT NOT NULL, pod TEXT NOT NULL, container TEXT NOT NULL, at INTEGER NOT NULL, cpu REAL NOT NULL, memory REAL NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS usage_pod ON usage (context, pod, container, at);
      CREATE INDEX IF NOT EXISTS usage_at ON usage (at);`),
  // 5: a transition is kept once (two replicas recording during a takeover write the same rows);
  // duplicates an earlier release wrote go first
  (db) =>
    db.exec(`DELETE FROM transitions WHERE rowid NOT IN (SELECT min(rowid) FROM transitions GROUP BY context, pod, coalesce(uid, ''), at, kind, coalesce(subject, ''), to_state);
      CREATE UNIQUE INDEX IF NOT EXISTS transitions_once ON transitions (context, pod, coalesce(uid, ''), at, kind, coalesce(subject, ''), to_state);`),
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: DatabaseSync): void {
  const version = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  if (version > SCHEMA_VERSION)
    throw new Error(`the database is from a newer Podscope (schema ${version}, this one knows ${SCHEMA_VERSION})`);
  for (let v = version; v < SCHEMA_VERSION; v++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      MIGRATIONS[v](db);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
}

export interface OpenDatabase {
  db: DatabaseSync;
  path: string;
}

/**
 * Opens (creating and migrating) the data directory's database; throws why it cannot. (The path
 * comes from configuration at run time: the turbopackIgnore comments keep the bundler from
 * tracing the whole project for it.)
 */
export function openDatabase(dir: string): OpenDatabase {
  const path = join(dir, 'history.db');
  mkdirSync(/*turbopackIgnore: true*/ dir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(/*turbopackIgnore: true*/ dir, 0o700);
  } catch {
    /* a directory someone else owns: the files below still are ours alone */
  }
  // created 0600 before SQLite opens it (SQLite gives its -wal and -shm files the same mode)
  if (!existsSync(/*turbopackIgnore: true*/ path)) closeSync(openSync(/*turbopackIgnore: true*/ path, 'a', 0o600));
  // required lazily: the module is only loaded where the recorder runs
  const { DatabaseSync: Db } = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
  // another Podscope on the same directory (a rolling update) holds the lock briefly: wait
  const db = new Db(path, { timeout: 5000 });
  try {
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    migrate(db);
    for (const f of [path, `${path}-wal`, `${path}-shm`])
      if (existsSync(/*turbopackIgnore: true*/ f)) chmodSync(/*turbopackIgnore: true*/ f, 0o600);
  } catch (err) {
    db.close();
    throw err;
  }
  return { db, path };
}

import 'server-only';
// The flight recorder's tables in PostgreSQL: the columns, keys and meaning of SQLite's
// (server/recorder/sqlite/database.ts), so the two stores behave alike. Versioned in a table of
// its own (podscope_schema) and migrated in order at startup, under a transaction-scoped advisory
// lock: of several replicas starting at once, one migrates and the others wait, then find it done.
import type { PoolClient } from 'pg';

/** Each step takes the schema from version i to i + 1. Never edit a released step: add one. */
const MIGRATIONS: string[] = [
  // 1: SQLite's schema 5 (transitions with their pod's uid and kept once; events keyed by their
  // uid; deleted pods, deleted_at negative while the deletion is under way; snapshots; usage)
  `CREATE TABLE transitions (context text NOT NULL, pod text NOT NULL, uid text, at bigint NOT NULL, kind text NOT NULL, subject text, from_state text, to_state text NOT NULL, detail text);
   CREATE INDEX transitions_pod ON transitions (context, pod, at);
   CREATE INDEX transitions_at ON transitions (at);
   CREATE UNIQUE INDEX transitions_once ON transitions (context, pod, coalesce(uid, ''), at, kind, coalesce(subject, ''), to_state);
   CREATE TABLE events (context text NOT NULL, pod text NOT NULL, uid text NOT NULL, last_seen bigint NOT NULL, body text NOT NULL, PRIMARY KEY (context, uid));
   CREATE INDEX events_pod ON events (context, pod, last_seen);
   CREATE INDEX events_seen ON events (last_seen);
   CREATE INDEX events_context_seen ON events (context, last_seen);
   CREATE TABLE deleted_pods (context text NOT NULL, pod text NOT NULL, uid text NOT NULL, deleted_at bigint NOT NULL, body text NOT NULL, PRIMARY KEY (context, pod, uid));
   CREATE INDEX deleted_at ON deleted_pods (deleted_at);
   CREATE TABLE snapshots (id text PRIMARY KEY, context text NOT NULL, namespace text NOT NULL, pod text NOT NULL, created_at bigint NOT NULL, body text NOT NULL);
   CREATE INDEX snapshots_at ON snapshots (created_at);
   CREATE TABLE usage (context text NOT NULL, pod text NOT NULL, container text NOT NULL, at bigint NOT NULL, cpu double precision NOT NULL, memory double precision NOT NULL);
   CREATE UNIQUE INDEX usage_pod ON usage (context, pod, container, at);
   CREATE INDEX usage_at ON usage (at);`,
  // 2: where each replica answers (server/stream/replicas.ts), refreshed every few seconds
  `CREATE TABLE replicas (id text PRIMARY KEY, address text NOT NULL, seen_at bigint NOT NULL);`,
];

export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/** (any constant: the key of Podscope's migration lock) */
const LOCK_KEY = 0x706f6473;

export async function migrate(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await client.query('CREATE TABLE IF NOT EXISTS podscope_schema (version integer NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM podscope_schema');
    const version = rows[0]?.version ?? 0;
    if (!rows.length) await client.query('INSERT INTO podscope_schema (version) VALUES (0)');
    if (version > PG_SCHEMA_VERSION)
      throw new Error(`the database is from a newer Podscope (schema ${version}, this one knows ${PG_SCHEMA_VERSION})`);
    for (let v = version; v < PG_SCHEMA_VERSION; v++) {
      await client.query(MIGRATIONS[v]);
      await client.query('UPDATE podscope_schema SET version = $1', [v + 1]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

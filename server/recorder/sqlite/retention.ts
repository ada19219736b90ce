import 'server-only';
// Retention of the SQLite file: rows older than the age limit; then the oldest beyond the row
// limit (per table); then, while the file is over the size limit, the oldest tenth of every
// table (snapshots included: they are the largest rows) until its live pages fit. Snapshots have
// their own, longer age limit: they are kept for incident tickets.
import type { DatabaseSync } from 'node:sqlite';
import { config } from '../../config';
import { AGE, RECORDED, type Table } from '../policy';

export function pruneDatabase(db: DatabaseSync, now: number): number {
  const cfg = config();
  const run = (sql: string, ...args: number[]) => Number(db.prepare(sql).run(...args).changes);
  const count = (t: Table) => Number((db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);
  const dropOldest = (t: Table, n: number) =>
    run(`DELETE FROM ${t} WHERE rowid IN (SELECT rowid FROM ${t} ORDER BY ${AGE[t]} ASC LIMIT ?)`, n);
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
  let removed = 0;
  const cutoff = now - cfg.PODSCOPE_RETENTION_HOURS * 3600_000;
  for (const t of RECORDED) removed += run(`DELETE FROM ${t} WHERE ${AGE[t]} < ?`, cutoff);
  removed += run('DELETE FROM snapshots WHERE created_at < ?', now - cfg.PODSCOPE_SNAPSHOT_RETENTION_DAYS * 86400_000);
  for (const t of RECORDED) {
    const n = count(t);
    if (n > cfg.PODSCOPE_RETENTION_ROWS) removed += dropOldest(t, n - cfg.PODSCOPE_RETENTION_ROWS);
  }
  for (let i = 0; i < 10 && used() > cfg.PODSCOPE_RETENTION_MB * 1024 * 1024; i++) {
    for (const t of Object.keys(AGE) as Table[]) removed += dropOldest(t, Math.ceil(count(t) / 10));
  }
  return removed;
}

import 'server-only';
// Where snapshots are kept: the recorder's SQLite file (its retention also covers snapshots, by
// their own age limit and by the file's size). Written on request, not recorded: a failure is
// an error the user sees, not a pause.
import { sqliteWriter } from '../recorder/sqlite/writer';

export interface SnapshotRow {
  id: string;
  context: string;
  namespace: string;
  pod: string;
  createdAt: number;
  body: string;
}

export async function saveSnapshot(row: SnapshotRow): Promise<void> {
  sqliteWriter().writeNow((db) => {
    db.prepare('INSERT INTO snapshots (id, context, namespace, pod, created_at, body) VALUES (?, ?, ?, ?, ?, ?)').run(
      row.id,
      row.context,
      row.namespace,
      row.pod,
      row.createdAt,
      row.body,
    );
  });
}

export async function loadSnapshot(id: string): Promise<Pick<SnapshotRow, 'context' | 'namespace' | 'body'> | undefined> {
  return sqliteWriter().read(
    (db) =>
      db.prepare('SELECT context, namespace, body FROM snapshots WHERE id = ?').get(id) as
        Pick<SnapshotRow, 'context' | 'namespace' | 'body'> | undefined,
    undefined,
  );
}

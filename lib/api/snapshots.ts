// GET /api/snapshots/{id}?format=json|markdown: a snapshot's export (the JSON is a SnapshotBundle).
import { z } from 'zod';
import { SNAPSHOT_ID } from '../snapshot/types';

export type { SnapshotBundle } from '../snapshot/types';

export const snapshotExportQuery = z.object({
  id: z.string().regex(SNAPSHOT_ID, 'a snapshot id is 16 letters, digits, - or _'),
  format: z.enum(['json', 'markdown']).default('json'),
});

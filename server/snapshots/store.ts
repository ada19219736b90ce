import 'server-only';
// Where snapshots are kept: the recorder's store (SQLite, or PostgreSQL with PODSCOPE_DATABASE_URL,
// so every replica opens every link); its retention also covers snapshots, by their own age
// limit. Written on request, not recorded: a failure is an error the user sees, not a pause.
import { recorderStore } from '../recorder/store';
import type { SnapshotRow } from '../recorder/types';

export type { SnapshotRow };

export const saveSnapshot = (row: SnapshotRow): Promise<void> => recorderStore().saveSnapshot(row);

export const loadSnapshot = (id: string) => recorderStore().loadSnapshot(id);

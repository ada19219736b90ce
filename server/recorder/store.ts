import 'server-only';
// What the flight recorder keeps, behind one interface: pod transitions and pod events observed
// while watching, and the last state of deleted pods. Writes are queued and never throw (a
// failing store pauses recording and says why); reads never throw either (an unreadable store
// means "nothing recorded". Two engines: SQLite (server/recorder/sqlite/), embedded, under
// PODSCOPE_DATA_DIR, for one process; PostgreSQL (server/recorder/postgres/) with
// PODSCOPE_DATABASE_URL, for several replicas sharing one history and every snapshot.
import { Pool } from 'pg';
import { config } from '../config';
import { PostgresRecorderStore } from './postgres/store';
import { SqliteRecorderStore } from './sqlite/recorder-store';
import type { RecorderStore } from './types';

export type { DeletedPod, RecorderStatus, RecorderStore } from './types';

const g = globalThis as unknown as { __podscopeRecorderStore?: RecorderStore };

/** The process's one recorder store (on globalThis: Next loads server modules once per route bundle). */
export function recorderStore(): RecorderStore {
  if (!g.__podscopeRecorderStore) {
    const url = config().PODSCOPE_DATABASE_URL;
    g.__podscopeRecorderStore = url ? new PostgresRecorderStore(url, Pool) : new SqliteRecorderStore();
  }
  return g.__podscopeRecorderStore;
}

/** For tests: close and forget the open store (as a process restart would). */
export async function resetStore(): Promise<void> {
  const s = g.__podscopeRecorderStore;
  g.__podscopeRecorderStore = undefined;
  await s?.close();
}

export const recorderStatus = () => recorderStore().status();
export const recordTransitions: RecorderStore['recordTransitions'] = (...a) => recorderStore().recordTransitions(...a);
export const storedTransitions: RecorderStore['storedTransitions'] = (...a) => recorderStore().storedTransitions(...a);
export const recordEvents: RecorderStore['recordEvents'] = (...a) => recorderStore().recordEvents(...a);
export const storedEvents: RecorderStore['storedEvents'] = (...a) => recorderStore().storedEvents(...a);
export const recentEvents: RecorderStore['recentEvents'] = (...a) => recorderStore().recentEvents(...a);
export const recordDeletionStart: RecorderStore['recordDeletionStart'] = (...a) => recorderStore().recordDeletionStart(...a);
export const recordDeletedPod: RecorderStore['recordDeletedPod'] = (...a) => recorderStore().recordDeletedPod(...a);
export const deletedPod: RecorderStore['deletedPod'] = (...a) => recorderStore().deletedPod(...a);
export const recordUsage: RecorderStore['recordUsage'] = (...a) => recorderStore().recordUsage(...a);
export const storedUsage: RecorderStore['storedUsage'] = (...a) => recorderStore().storedUsage(...a);
export const flush = () => recorderStore().flush();
export const prune = (now?: number) => recorderStore().prune(now);

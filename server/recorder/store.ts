import 'server-only';
// What the flight recorder keeps, behind one interface: pod transitions and pod events observed
// while watching, and the last state of deleted pods. Writes are queued and never throw (a
// failing store pauses recording and says why); reads never throw either (an unreadable store
// means "nothing recorded"). Today's engine is SQLite (server/recorder/sqlite/), embedded, under
// PODSCOPE_DATA_DIR.
import { SqliteRecorderStore } from './sqlite/recorder-store';
import type { RecorderStore } from './types';

export type { DeletedPod, RecorderStatus, RecorderStore } from './types';

const g = globalThis as unknown as { __podscopeRecorderStore?: RecorderStore };

/** The process's one recorder store (on globalThis: Next loads server modules once per route bundle). */
export function recorderStore(): RecorderStore {
  return (g.__podscopeRecorderStore ??= new SqliteRecorderStore());
}

/** For tests: forget the open store (as a process restart would). */
export function resetStore(): void {
  g.__podscopeRecorderStore?.close();
  g.__podscopeRecorderStore = undefined;
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

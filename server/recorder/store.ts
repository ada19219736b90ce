import 'server-only';
// What the flight recorder keeps, behind one interface: pod transitions and pod events observed
// while watching, and the last state of deleted pods. Writes are queued and never throw (a
// failing store pauses recording and says why); reads never throw either (an unreadable store
// means "nothing recorded"). Today's engine is SQLite (server/recorder/sqlite/), embedded, under
// PODSCOPE_DATA_DIR.
import type { V1Pod } from '@kubernetes/client-node';
import type { PodEvent } from '@/lib/events/normalize';
import type { Transition } from '@/lib/timeline/transitions';
import { SqliteRecorderStore } from './sqlite/recorder-store';

export interface RecorderStatus {
  recording: boolean;
  path?: string;
  reason?: string;
}

export interface DeletedPod {
  pod: V1Pod;
  deletedAt: number;
}

export interface RecorderStore {
  status(): RecorderStatus;
  recordTransitions(context: string, podKey: string, added: Transition[], uid?: string): void;
  /** A pod's recorded transitions, oldest first; with `uid`, only that pod's (not an earlier pod of the same name). */
  storedTransitions(context: string, podKey: string, limit?: number, uid?: string): Promise<Transition[]>;
  /** Events about pods, keyed by the Event's uid: a repeat (count++) replaces the row. */
  recordEvents(context: string, events: { podKey: string; event: PodEvent }[]): void;
  storedEvents(context: string, podKey: string, limit?: number): Promise<PodEvent[]>;
  /** A pod's version as its deletion began (kept: the crash that got it deleted, not what the deletion stopped). */
  recordDeletionStart(context: string, podKey: string, pod: V1Pod, at: number): void;
  recordDeletedPod(context: string, podKey: string, pod: V1Pod, at: number): void;
  /** The most recently deleted pod with this name, if it was seen being deleted. */
  deletedPod(context: string, podKey: string): Promise<DeletedPod | undefined>;
  /** Writes everything queued now. */
  flush(): void;
  /** Runs retention now; answers how many rows went. */
  prune(now?: number): number;
  close(): void;
}

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
export const recordDeletionStart: RecorderStore['recordDeletionStart'] = (...a) => recorderStore().recordDeletionStart(...a);
export const recordDeletedPod: RecorderStore['recordDeletedPod'] = (...a) => recorderStore().recordDeletedPod(...a);
export const deletedPod: RecorderStore['deletedPod'] = (...a) => recorderStore().deletedPod(...a);
export const flush = () => recorderStore().flush();
export const prune = (now?: number) => recorderStore().prune(now);

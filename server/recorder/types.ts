// The flight recorder's store, as every engine implements it (server/recorder/store.ts picks one).
import type { V1Pod } from '@kubernetes/client-node';
import type { PodEvent } from '@/lib/events/normalize';
import type { Transition } from '@/lib/timeline/transitions';
import type { UsagePoint } from '@/lib/usage/usage';

export interface RecorderStatus {
  recording: boolean;
  /** where: the SQLite file, or the PostgreSQL server and database (never its credentials) */
  path?: string;
  reason?: string;
}

export interface DeletedPod {
  pod: V1Pod;
  deletedAt: number;
}

/** A pod debug snapshot as kept (body: the redacted snapshot, JSON). */
export interface SnapshotRow {
  id: string;
  context: string;
  namespace: string;
  pod: string;
  createdAt: number;
  body: string;
}

export interface RecorderStore {
  status(): RecorderStatus;
  recordTransitions(context: string, podKey: string, added: Transition[], uid?: string): void;
  /** A pod's recorded transitions, oldest first; with `uid`, only that pod's (not an earlier pod of the same name). */
  storedTransitions(context: string, podKey: string, limit?: number, uid?: string): Promise<Transition[]>;
  /** Events about pods, keyed by the Event's uid: a repeat (count++) replaces the row. */
  recordEvents(context: string, events: { podKey: string; event: PodEvent }[]): void;
  storedEvents(context: string, podKey: string, limit?: number): Promise<PodEvent[]>;
  /** A context's newest recorded pod events (optionally one namespace's), newest first. */
  recentEvents(context: string, opts: { namespace?: string; limit: number }): Promise<PodEvent[]>;
  /** A pod's version as its deletion began (kept: the crash that got it deleted, not what the deletion stopped). */
  recordDeletionStart(context: string, podKey: string, pod: V1Pod, at: number): void;
  recordDeletedPod(context: string, podKey: string, pod: V1Pod, at: number): void;
  /** The most recently deleted pod with this name, if it was seen being deleted. */
  deletedPod(context: string, podKey: string): Promise<DeletedPod | undefined>;
  /** Metrics API samples (a sample seen twice is kept once). */
  recordUsage(context: string, samples: { podKey: string; container: string; point: UsagePoint }[]): void;
  /** A pod's recorded samples per container since `since` (ms), oldest first. */
  storedUsage(context: string, podKey: string, since: number): Promise<Record<string, UsagePoint[]>>;
  /** A snapshot someone asked for: written now; a failure is thrown, theirs to see. */
  saveSnapshot(row: SnapshotRow): Promise<void>;
  loadSnapshot(id: string): Promise<Pick<SnapshotRow, 'context' | 'namespace' | 'body'> | undefined>;
  /**
   * Replicas sharing this store say where they answer (host:port), so a stream's control
   * request that reaches another replica can be passed to the one holding the stream. A store of
   * one process (SQLite) keeps none.
   */
  announceReplica(id: string, address: string): Promise<void>;
  /** A replica's address, if it announced itself within the last minute. */
  replicaAddress(id: string): Promise<string | undefined>;
  /** Writes everything queued now (or, paused, tries to). */
  flush(): Promise<void>;
  /** Runs retention now; answers how many rows went. */
  prune(now?: number): Promise<number>;
  /** Writes what is queued, then lets go of the file or the connections. */
  close(): Promise<void>;
}

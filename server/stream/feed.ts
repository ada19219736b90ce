import 'server-only';
// What a subscription is fed by. Each kind of subscription (a watch cache, the triage board, a
// pod's recorded transitions) is one Feed: it starts for one subscriber, writes to that
// subscriber's output, and returns what to undo when the subscriber leaves.
import type { SubscriptionSpec, WatchState } from '@/lib/api/stream';
import type { Identity } from '../auth/identity';

export interface FeedOutput {
  /** everything the subscriber should hold now (replaces what it held) */
  snapshot(items: unknown[], state: WatchState): void;
  /** the same, with the items already encoded as one JSON array (shared by many streams); `more`: parts that follow */
  snapshotEncoded(items: Uint8Array, state: WatchState, more?: number): void;
  /**
   * The next part of a snapshot sent in parts, already encoded (a JSON array of items), right
   * after it: a large collection's first items (the newest events) paint before the rest has
   * crossed the wire. `left`: parts still to come after this one
   */
  snapshotMoreEncoded(items: Uint8Array, left: number): void;
  /** changes after the snapshot: coalesced, newest version wins (dropped before the snapshot) */
  upsert(key: string, item: unknown): void;
  remove(key: string): void;
  /** the connection state behind the data (live, reconnecting, error) */
  state(s: WatchState): void;
  /** false once the subscriber has left (a feed that finishes late sends nothing) */
  readonly open: boolean;
}

export type Feed = (spec: SubscriptionSpec, identity: Identity, out: FeedOutput) => Promise<(() => void)[]> | (() => void)[];

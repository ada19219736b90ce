import 'server-only';
// What both flight-recorder stores (sqlite/, postgres/) do alike: when queued writes are
// committed, how often retention runs, how soon a paused store tries again, and how each table's
// rows age (oldest first). No engine of its own.

/** Queued writes are committed this long after the first of them, in transactions of up to CHUNK. */
export const FLUSH_MS = 250;
export const CHUNK = 1000;
export const PRUNE_EVERY_MS = 60_000;

let retryMs = 30_000;
/** How soon a paused store tries again. */
export const retryAfterMs = () => retryMs;
/** For tests: how soon a paused store tries again. */
export function setRetryMs(ms: number): void {
  retryMs = ms;
}

/** Each table's age, as SQL both engines speak; deleted_at is negative while a deletion is under way. */
export const AGE = {
  transitions: 'at',
  events: 'last_seen',
  deleted_pods: 'abs(deleted_at)',
  usage: 'at',
  snapshots: 'created_at',
} as const;
export type Table = keyof typeof AGE;
/** The recorded tables (snapshots have an age limit of their own). */
export const RECORDED: Table[] = ['transitions', 'events', 'deleted_pods', 'usage'];

// The browser's view of the stream, as pure functions: how a message changes one subscription's
// data, how the connection's phase moves, when a silent connection counts as dead, and how long
// to wait before reconnecting. The shell that owns the EventSource, timers and the query cache
// (components/data/stream-client.ts) only calls these.
import type { ServerMessage, SubscriptionSpec, WatchState } from '../api/stream';
import { backoffDelay } from '../backoff';
import { objectKey } from '../k8s/resources';

export interface SubData<T = unknown> {
  items: Map<string, T>;
  state: WatchState;
  /** true once the first snapshot (or a final error) arrived */
  ready: boolean;
  /** parts of the snapshot still on their way (a large one comes newest first, in parts) */
  pending?: number;
  version: number;
}

export type ConnectionPhase = 'connecting' | 'live' | 'reconnecting';
export interface ConnectionState {
  phase: ConnectionPhase;
  /** when the phase began; for reconnecting, the last moment the stream was known live (for "stale since") */
  since: number;
  lastMessageAt: number;
}

export const emptySub = (now: number): SubData => ({
  items: new Map(),
  state: { phase: 'connecting', since: now },
  ready: false,
  version: 0,
});

/** The key the browser files an item under (the server sends deletes by the same key). */
export function itemKey(spec: SubscriptionSpec, item: unknown): string {
  const i = item as {
    key?: string;
    uid?: string;
    at?: number;
    subject?: string;
    to?: string;
    id?: string;
    metadata?: { name?: string; namespace?: string };
  };
  if ((spec.resource === 'pods' && spec.view === 'rows') || spec.resource === 'diagnoses') return i.key ?? '';
  if (spec.resource === 'events') return i.uid ?? '';
  if (spec.resource === 'podtransitions') return `${i.at}|${i.subject ?? ''}|${i.to ?? ''}`;
  if (spec.resource === 'triage') return i.id ?? '';
  return objectKey(i);
}

/** A copy of a subscription's data that messages may then be applied to (once per frame, not per message). */
export function draftOf(cur: SubData): SubData {
  return { items: new Map(cur.items), state: cur.state, ready: cur.ready, pending: cur.pending, version: cur.version + 1 };
}

/**
 * Applies a message to a draft the caller owns: a snapshot replaces everything (so nothing stale
 * or deleted survives a reconnect), deltas change only what they name, a state message changes
 * only the state (an error makes the data final).
 */
export function applyTo(draft: SubData, spec: SubscriptionSpec, m: ServerMessage): void {
  if (m.type === 'snapshot') {
    draft.items = new Map(m.items.map((it) => [itemKey(spec, it), it]));
    draft.state = m.state;
    draft.ready = true;
    draft.pending = m.more || undefined;
  } else if (m.type === 'more') {
    for (const it of m.items) draft.items.set(itemKey(spec, it), it);
    draft.pending = m.left || undefined;
  } else if (m.type === 'deltas') {
    for (const k of m.deletes) draft.items.delete(k);
    for (const it of m.upserts) draft.items.set(itemKey(spec, it), it);
  } else if (m.type === 'state') {
    draft.state = m.state;
    if (m.state.phase === 'error') draft.ready = true;
  }
}

/** The data after one message, leaving `cur` as it was. */
export function applyMessage(cur: SubData, spec: SubscriptionSpec, m: ServerMessage): SubData {
  const d = draftOf(cur);
  applyTo(d, spec, m);
  return d;
}

/** The connection after it enters `phase` at `now` (unchanged if it already was there). */
export function moveConnection(c: ConnectionState, phase: ConnectionPhase, now: number): ConnectionState {
  if (c.phase === phase) return c;
  return { phase, since: phase === 'reconnecting' ? c.lastMessageAt : now, lastMessageAt: c.lastMessageAt };
}

/** No message for 2.5 heartbeat periods: the connection is dead even if the browser has not noticed. */
export function silentTooLong(c: ConnectionState, now: number, heartbeatMs: number): boolean {
  return c.phase === 'live' && now - c.lastMessageAt > heartbeatMs * 2.5;
}

/** How long to wait before the n-th reconnect in a row (1 s doubling to 30 s, with jitter). */
export const reconnectDelay = (attempt: number, random = Math.random) => backoffDelay(attempt, { minMs: 1000, maxMs: 30_000 }, random);

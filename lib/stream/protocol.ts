// The wire protocol of Podscope's one-stream-per-tab Server-Sent Events connection.
// Server → browser: `hello`, then per subscription a `snapshot`, `deltas` and `state`;
// `heartbeat` keeps the connection provably alive. Browser → server: POST subscribe/unsubscribe.
import type { ResourceName } from '../k8s/resources';

/** What a subscription asks for. `view` picks the projection sent to the browser. */
export interface SubscriptionSpec {
  context: string;
  resource: ResourceName | 'podtransitions' | 'triage';
  /** omitted = all namespaces (or cluster-scoped) */
  namespace?: string;
  /** only this object (by name) */
  name?: string;
  /** only objects involving this object (events): kind/name */
  involvedName?: string;
  view: 'rows' | 'objects';
}

export type WatchPhase = 'connecting' | 'live' | 'reconnecting' | 'error';

export interface WatchState {
  phase: WatchPhase;
  /** ms since epoch: when the data was last known to be current (live), or when the phase began */
  since: number;
  /** set when the phase is error/reconnecting: a plain-words reason */
  message?: string;
  errorKind?: 'forbidden' | 'not-found' | 'unavailable' | 'unauthenticated' | 'invalid' | 'too-many' | 'internal';
}

export type ServerMessage =
  | { type: 'hello'; session: string; serverTime: number; heartbeatMs: number }
  | { type: 'snapshot'; sub: string; items: unknown[]; state: WatchState }
  | { type: 'deltas'; sub: string; upserts: unknown[]; deletes: string[] }
  | { type: 'state'; sub: string; state: WatchState }
  | { type: 'heartbeat'; serverTime: number };

export interface SubscribeRequest {
  subscribe?: { id: string; spec: SubscriptionSpec }[];
  unsubscribe?: string[];
}

/** Stable id for a spec, so identical subscriptions from one tab share one server-side feed. */
export function subscriptionId(s: SubscriptionSpec): string {
  return [s.context, s.resource, s.namespace ?? '*', s.name ?? '*', s.involvedName ?? '*', s.view].join('|');
}

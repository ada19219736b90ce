// The wire contract of the one-stream-per-tab Server-Sent Events connection and its control
// route. Server → browser: `hello`, then per subscription a `snapshot` (with `more` parts after
// it when large: the newest events first), `deltas` and `state`;
// `heartbeat` keeps the connection provably alive. Browser → server: POST subscribe/unsubscribe.
// The server validates every control request with these schemas; the messages it sends are
// checked against them in tests (the browser does not re-validate every delta of 10,000 pods).
import { z } from 'zod';
import { RESOURCE_NAMES } from '../k8s/resources';
import { contextName, namespaceName, objectName } from '../validation/names';
import { ERROR_KINDS } from './errors';

export const subscriptionSpec = z
  .object({
    context: contextName,
    resource: z.enum(['podtransitions', 'triage', 'diagnoses', ...RESOURCE_NAMES]),
    /** omitted = all namespaces (or cluster-scoped) */
    namespace: namespaceName.optional(),
    /** only this object (by name) */
    name: objectName.optional(),
    /** only events about this pod (by name) */
    involvedName: objectName.optional(),
    /** which projection is sent: list rows, or whole objects */
    view: z.enum(['rows', 'objects']),
  })
  .strict();
export type SubscriptionSpec = z.infer<typeof subscriptionSpec>;

export const subscribeRequest = z
  .object({
    subscribe: z
      .array(z.object({ id: z.string().max(600), spec: subscriptionSpec }).strict())
      .max(100)
      .optional(),
    unsubscribe: z.array(z.string().max(600)).max(100).optional(),
  })
  .strict();
export type SubscribeRequest = z.infer<typeof subscribeRequest>;

export const watchState = z.object({
  phase: z.enum(['connecting', 'live', 'reconnecting', 'error']),
  /** ms since epoch: when the data was last known to be current (live), or when the phase began */
  since: z.number(),
  /** set when the phase is error/reconnecting: a plain-words reason */
  message: z.string().optional(),
  errorKind: z.enum(ERROR_KINDS).optional(),
});
export type WatchState = z.infer<typeof watchState>;
export type WatchPhase = WatchState['phase'];

export const serverMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), session: z.string(), serverTime: z.number(), heartbeatMs: z.number() }),
  z.object({ type: z.literal('snapshot'), sub: z.string(), items: z.array(z.unknown()), state: watchState, more: z.number().optional() }),
  /** the rest of a snapshot, in parts; `left`: how many parts still follow */
  z.object({ type: z.literal('more'), sub: z.string(), items: z.array(z.unknown()), left: z.number() }),
  z.object({ type: z.literal('deltas'), sub: z.string(), upserts: z.array(z.unknown()), deletes: z.array(z.string()) }),
  z.object({ type: z.literal('state'), sub: z.string(), state: watchState }),
  z.object({ type: z.literal('heartbeat'), serverTime: z.number() }),
]);
export type ServerMessage = z.infer<typeof serverMessage>;

/** Stable id for a spec, so identical subscriptions from one tab share one server-side feed. */
export function subscriptionId(s: SubscriptionSpec): string {
  return [s.context, s.resource, s.namespace ?? '*', s.name ?? '*', s.involvedName ?? '*', s.view].join('|');
}

/**
 * A subscription's later part ('more'), told from a message's raw text without parsing it, so the
 * browser can hold it until its first part is on screen (server/stream/sse.ts writes the type
 * first; a message written otherwise would only be applied sooner, never lost or reordered).
 */
export const isLaterPart = (data: string): boolean => data.startsWith('{"type":"more"');

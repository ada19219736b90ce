import 'server-only';
// The open streams, by session id, and the SSE response that carries one.
import type { ServerMessage, SubscriptionSpec } from '@/lib/api/stream';
import { SSE_HEADERS, SSE_RETRY, sseFrame } from '../http/sse';
import { metrics } from '../metrics';
import type { Principal } from '../auth/identity';
import { assertVerified } from '../auth/verify';
import { config } from '../config';
import { AppError } from '../errors';
import { listContexts } from '../kube/clusters';
import { newSessionId } from './replicas';
import { Session } from './session';

const g = globalThis as unknown as { __podscopeSessions?: Map<string, Session> };
const sessions = (g.__podscopeSessions ??= new Map<string, Session>());

/** A client that has this much unread data queued is dropped (it will reconnect and resnapshot). */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

/** Ends every open stream (shutdown): each browser reconnects by itself. Returns how many. */
export function closeAllSessions(): number {
  const all = [...sessions.values()];
  for (const s of all) s.close();
  return all.length;
}

/** The session with this id, if `who` owns it: another user's stream looks exactly like none. */
export function getSession(id: string, who: Principal): Session | undefined {
  const s = sessions.get(id);
  return s?.ownedBy(who) ? s : undefined;
}

/** Streams are bounded per user and in total: each holds a connection and timers. */
function assertRoom(who: Principal) {
  const cfg = config();
  if (sessions.size >= cfg.PODSCOPE_MAX_STREAMS)
    throw new AppError('too-many', `Podscope already serves ${sessions.size} streams, its limit (PODSCOPE_MAX_STREAMS)`, 'try again later');
  let mine = 0;
  for (const s of sessions.values()) if (s.ownedBy(who)) mine++;
  if (mine >= cfg.PODSCOPE_MAX_STREAMS_PER_USER)
    throw new AppError(
      'too-many',
      `you already have ${mine} Podscope tabs streaming, the limit per user (PODSCOPE_MAX_STREAMS_PER_USER)`,
      'close some tabs',
    );
}

/**
 * Token mode: before a stream opens, at least one of the caller's logins must be accepted by its
 * context's API server (one SelfSubjectReview per login a minute, remembered): a made-up cookie
 * gets a 401 here, not a stream whose subscriptions start watches.
 */
export async function assertStreamAllowed(who: Principal): Promise<void> {
  assertRoom(who);
  if (config().PODSCOPE_AUTH !== 'token') return;
  const contexts = listContexts().contexts.map((c) => c.name);
  const results = await Promise.allSettled(
    contexts.map(async (c) => {
      let id;
      try {
        id = who.identityFor(c);
      } catch {
        return false;
      } // not logged in to that one
      await assertVerified(c, id);
      return true;
    }),
  );
  if (results.some((r) => r.status === 'fulfilled' && r.value)) return;
  const unreachable = results.find(
    (r): r is PromiseRejectedResult => r.status === 'rejected' && (r.reason as AppError).kind !== 'unauthenticated',
  );
  if (unreachable) throw unreachable.reason;
  throw new AppError('unauthenticated', 'no API server accepts your login (expired or revoked token)', 'log in again at /login');
}

export function openStream(signal: AbortSignal, principal: Principal, initial: { id: string; spec: SubscriptionSpec }[] = []): Response {
  assertRoom(principal);
  const id = newSessionId();
  let session: Session | undefined;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        metrics.sseClients.inc();
        controller.enqueue(SSE_RETRY);
        const send = (m: ServerMessage | Uint8Array[]): boolean => {
          // a message, or pre-encoded chunks (a snapshot whose items are shared by many streams)
          const chunks = Array.isArray(m) ? m : [sseFrame(m)];
          try {
            for (const c of chunks) controller.enqueue(c);
          } catch {
            return false;
          }
          metrics.sseMessages.inc();
          metrics.sseBytes.inc(chunks.reduce((n, c) => n + c.byteLength, 0));
          return (controller.desiredSize ?? 0) > -MAX_QUEUED_BYTES;
        };
        session = new Session(id, principal, send, () => {
          sessions.delete(id);
          metrics.sseClients.dec();
          try {
            controller.close();
          } catch {
            /* already closed */
          }
        });
        sessions.set(id, session);
        for (const s of initial) session.subscribe(s.id, s.spec);
        signal.addEventListener('abort', () => session?.close(), { once: true });
      },
      cancel() {
        session?.close();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
  );
  return new Response(stream, { headers: { ...SSE_HEADERS, Connection: 'keep-alive' } });
}

import 'server-only';
// POST /api/stream/{session}: a tab adds or removes subscriptions on its own stream. The body is
// bounded and validated against the contract (lib/api/stream.ts) before anything happens; a
// stream that is closed, or not the caller's, is a 404 either way.
import { subscribeRequest, type SubscriptionSpec } from '@/lib/api/stream';
import type { Principal } from '../auth/identity';
import { AppError } from '../errors';
import { validated } from '../http/validate';
import { getSession } from './sessions';

const MAX_BODY = 256 * 1024;

/** The subscriptions a stream is opened with (GET /api/stream?subscribe=…), validated like a POST's. */
export function initialSubscriptions(param: string | null): { id: string; spec: SubscriptionSpec }[] {
  if (param === null) return [];
  if (param.length > MAX_BODY) throw new AppError('invalid', 'subscribe parameter too large');
  let json: unknown;
  try {
    json = JSON.parse(param);
  } catch {
    throw new AppError('invalid', 'the subscribe parameter is not JSON');
  }
  return validated(subscribeRequest, { subscribe: json }).subscribe ?? [];
}

export function controlStream(sessionId: string, who: Principal, body: string): void {
  const session = getSession(sessionId, who);
  if (!session) throw new AppError('not-found', 'this stream is closed; reconnect', 'the page reconnects by itself');
  if (body.length > MAX_BODY) throw new AppError('invalid', 'request body too large');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new AppError('invalid', 'the body is not JSON');
  }
  const req = validated(subscribeRequest, json);
  for (const s of req.subscribe ?? []) session.subscribe(s.id, s.spec);
  for (const u of req.unsubscribe ?? []) session.unsubscribe(u);
}

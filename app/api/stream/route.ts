// GET /api/stream[?subscribe=[{id,spec},…]]: this tab's one Server-Sent Events stream (see
// lib/stream/protocol.ts), with the subscriptions the page already has (they start with the
// stream, saving the round trip of a POST after the hello; later ones are POSTed).
// The request gate (proxy.ts) has checked Host and Origin; here the caller must be someone the
// API server accepts before anything is opened for them.
import { requestPrincipal } from '@/server/auth/identity';
import { errorResponse } from '@/server/errors';
import { initialSubscriptions } from '@/server/stream/control';
import { assertStreamAllowed, openStream } from '@/server/stream/sessions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  try {
    const who = requestPrincipal(request);
    // (validated before anything is opened: bad input changes nothing)
    const initial = initialSubscriptions(new URL(request.url).searchParams.get('subscribe'));
    await assertStreamAllowed(who);
    return openStream(request.signal, who, initial);
  } catch (err) {
    return errorResponse(err);
  }
}

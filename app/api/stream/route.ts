// GET /api/stream: this tab's one Server-Sent Events stream (see lib/stream/protocol.ts).
// The request gate (proxy.ts) has checked Host and Origin; here the caller must be someone the
// API server accepts before anything is opened for them.
import { requestPrincipal } from '@/server/auth/identity';
import { errorResponse } from '@/server/errors';
import { assertStreamAllowed, openStream } from '@/server/stream/sessions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  try {
    const who = requestPrincipal(request);
    await assertStreamAllowed(who);
    return openStream(request.signal, who);
  } catch (err) {
    return errorResponse(err);
  }
}

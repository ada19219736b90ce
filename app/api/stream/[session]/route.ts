// POST /api/stream/{session}: add or remove subscriptions on an open stream (server/stream/control.ts).
// A stream another replica holds gets the request passed to it (server/stream/replicas.ts).
import { requestPrincipal } from '@/server/auth/identity';
import { timed } from '@/server/http/timed';
import { controlStream } from '@/server/stream/control';
import { passToHolder } from '@/server/stream/replicas';
import { getSession } from '@/server/stream/sessions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = timed(
  'stream.subscribe',
  async (request: Request, ctx: { params: Promise<{ session: string }> }): Promise<Response> => {
    const session = (await ctx.params).session;
    const who = requestPrincipal(request);
    const body = await request.text();
    if (!getSession(session, who)) {
      const passed = await passToHolder(session, request, body);
      if (passed) return passed;
    }
    controlStream(session, who, body);
    return Response.json({ ok: true });
  },
);

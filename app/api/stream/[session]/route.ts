// POST /api/stream/{session}: add or remove subscriptions on an open stream (server/stream/control.ts).
import { requestPrincipal } from '@/server/auth/identity';
import { timed } from '@/server/http/timed';
import { controlStream } from '@/server/stream/control';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = timed(
  'stream.subscribe',
  async (request: Request, ctx: { params: Promise<{ session: string }> }): Promise<Response> => {
    controlStream((await ctx.params).session, requestPrincipal(request), await request.text());
    return Response.json({ ok: true });
  },
);

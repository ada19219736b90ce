// POST /api/stream/{session}: add or remove subscriptions on an open stream.
import { z } from 'zod';
import { RESOURCE_NAMES } from '@/lib/k8s/resources';
import { subscriptionId } from '@/lib/stream/protocol';
import { contextName, namespaceName, objectName } from '@/lib/validation/names';
import { AppError, errorResponse } from '@/server/errors';
import { validated } from '@/server/http/validate';
import { timed } from '@/server/http/timed';
import { getSession } from '@/server/stream/sessions';
import { requestPrincipal } from '@/server/auth/identity';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const spec = z
  .object({
    context: contextName,
    resource: z.enum(['podtransitions', 'triage', ...RESOURCE_NAMES]),
    namespace: namespaceName.optional(),
    name: objectName.optional(),
    involvedName: objectName.optional(),
    view: z.enum(['rows', 'objects']),
  })
  .strict();

const body = z
  .object({
    subscribe: z
      .array(z.object({ id: z.string().max(600), spec }).strict())
      .max(100)
      .optional(),
    unsubscribe: z.array(z.string().max(600)).max(100).optional(),
  })
  .strict();

export const POST = timed(
  'stream.subscribe',
  async (request: Request, ctx: { params: Promise<{ session: string }> }): Promise<Response> => {
    try {
      const { session: id } = await ctx.params;
      // a stream belongs to whoever opened it: for anyone else it does not exist (the same 404)
      const session = getSession(id, requestPrincipal(request));
      if (!session) throw new AppError('not-found', 'this stream is closed; reconnect', 'the page reconnects by itself');
      const text = await request.text();
      if (text.length > 256 * 1024) throw new AppError('invalid', 'request body too large');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new AppError('invalid', 'the body is not JSON');
      }
      const parsed = validated(body, json);
      for (const s of parsed.subscribe ?? []) session.subscribe(s.id, s.spec as Parameters<typeof subscriptionId>[0]);
      for (const u of parsed.unsubscribe ?? []) session.unsubscribe(u);
      return Response.json({ ok: true });
    } catch (err) {
      return errorResponse(err);
    }
  },
);

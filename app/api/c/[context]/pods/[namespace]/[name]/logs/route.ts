// GET /api/c/{context}/pods/{namespace}/{name}/logs?container=&previous=&follow=&tail=&sinceSeconds=
import { decodeSegment } from '@/lib/links';
// A container's log as Server-Sent Events (see server/logs/stream.ts).
import { z } from 'zod';
import { containerName, contextName, namespaceName, objectName } from '@/lib/validation/names';
import { errorResponse } from '@/server/errors';
import { validated } from '@/server/http/validate';
import { timed } from '@/server/http/timed';
import { logStream } from '@/server/logs/stream';
import { requestIdentity } from '@/server/auth/identity';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const query = z
  .object({
    container: containerName,
    previous: bool.default(false),
    follow: bool.default(false),
    tail: z.coerce.number().int().min(1).max(100_000).optional(),
    sinceSeconds: z.coerce
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 3600)
      .optional(),
    after: z.string().max(100).optional(),
  })
  .strict();

export const GET = timed(
  'logs',
  async (request: Request, ctx: { params: Promise<{ context: string; namespace: string; name: string }> }): Promise<Response> => {
    try {
      const p = await ctx.params;
      const params = validated(z.object({ context: contextName, namespace: namespaceName, name: objectName }), {
        ...p,
        context: decodeSegment(p.context),
      });
      const url = new URL(request.url);
      const q = validated(query, Object.fromEntries(url.searchParams));
      const identity = requestIdentity(request, params.context);
      return logStream(
        {
          identity,
          context: params.context,
          namespace: params.namespace,
          pod: params.name,
          container: q.container,
          previous: q.previous,
          follow: q.follow,
          tailLines: q.tail,
          sinceSeconds: q.sinceSeconds,
          resumeFrom: request.headers.get('last-event-id') ?? q.after,
        },
        request.signal,
      );
    } catch (err) {
      return errorResponse(err);
    }
  },
);

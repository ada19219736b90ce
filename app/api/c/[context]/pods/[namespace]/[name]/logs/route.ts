// GET /api/c/{context}/pods/{namespace}/{name}/logs?container=&previous=&follow=&tail=&sinceSeconds=
import { decodeSegment } from '@/lib/links';
// A container's log as Server-Sent Events (see server/logs/stream.ts).
import { z } from 'zod';
import { containerName, contextName, namespaceName, objectName } from '@/lib/validation/names';
import { AppError, errorResponse } from '@/server/errors';
import { timed } from '@/server/http/timed';
import { logStream } from '@/server/logs/stream';
import { requestIdentity } from '@/server/auth/identity';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const query = z.object({
  container: containerName,
  previous: bool.default(false),
  follow: bool.default(false),
  tail: z.coerce.number().int().min(1).max(100_000).optional(),
  sinceSeconds: z.coerce.number().int().min(1).max(30 * 24 * 3600).optional(),
  after: z.string().max(100).optional(),
}).strict();

export const GET = timed('logs', async (request: Request, ctx: { params: Promise<{ context: string; namespace: string; name: string }> }): Promise<Response> => {
  try {
    const p = await ctx.params;
    const params = z.object({ context: contextName, namespace: namespaceName, name: objectName }).safeParse({ ...p, context: decodeSegment(p.context) });
    if (!params.success) throw new AppError('invalid', params.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const url = new URL(request.url);
    const q = query.safeParse(Object.fromEntries(url.searchParams));
    if (!q.success) throw new AppError('invalid', q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const identity = requestIdentity(request);
    return logStream({
      identity,
      context: params.data.context, namespace: params.data.namespace, pod: params.data.name,
      container: q.data.container, previous: q.data.previous, follow: q.data.follow,
      tailLines: q.data.tail, sinceSeconds: q.data.sinceSeconds,
      resumeFrom: request.headers.get('last-event-id') ?? q.data.after,
    }, request.signal);
  } catch (err) {
    return errorResponse(err);
  }
});

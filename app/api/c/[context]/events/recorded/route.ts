// GET /api/c/{context}/events/recorded?namespace=&limit=: the flight recorder's pod events, newest
// first, for the events explorer (live events come on the stream). The record is shared by
// everyone watching the cluster, so it is served only to whoever may list events there now.
import { recordedEventsQuery } from '@/lib/api/events';
import { decodeSegment } from '@/lib/links';
import { allowed } from '@/server/auth/access';
import { requestIdentity } from '@/server/auth/identity';
import { AppError } from '@/server/errors';
import { timed } from '@/server/http/timed';
import { validated } from '@/server/http/validate';
import { recentEvents } from '@/server/recorder/store';

export const dynamic = 'force-dynamic';

export const GET = timed('recorded-events', async (request: Request, ctx: { params: Promise<{ context: string }> }) => {
  const url = new URL(request.url);
  const q = validated(recordedEventsQuery, {
    context: decodeSegment((await ctx.params).context),
    ...Object.fromEntries(url.searchParams),
  });
  const id = requestIdentity(request, q.context);
  if (!(await allowed(q.context, id, { namespace: q.namespace ?? '', verb: 'list', group: '', resource: 'events' })))
    throw new AppError(
      'forbidden',
      `you may not list events ${q.namespace ? `in namespace "${q.namespace}"` : 'in all namespaces'} on context "${q.context}"`,
      q.namespace ? 'ask for list on events in that namespace' : 'pick a namespace you may read',
    );
  return Response.json(await recentEvents(q.context, { namespace: q.namespace, limit: q.limit }), {
    headers: { 'Cache-Control': 'private, no-store' },
  });
});

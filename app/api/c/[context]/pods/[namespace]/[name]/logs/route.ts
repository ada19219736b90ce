// GET /api/c/{context}/pods/{namespace}/{name}/logs?container=&previous=&follow=&tail=&sinceSeconds=
// A container's log as Server-Sent Events (see server/logs/stream.ts).
import { logQuery } from '@/lib/api/pods';
import { requestIdentity } from '@/server/auth/identity';
import { podRoute } from '@/server/http/pod-route';
import { validated } from '@/server/http/validate';
import { logStream } from '@/server/logs/stream';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = podRoute('logs', async (request, p) => {
  const q = validated(logQuery, Object.fromEntries(new URL(request.url).searchParams));
  return logStream(
    {
      identity: requestIdentity(request, p.context),
      context: p.context,
      namespace: p.namespace,
      pod: p.name,
      container: q.container,
      previous: q.previous,
      follow: q.follow,
      tailLines: q.tail,
      sinceSeconds: q.sinceSeconds,
      resumeFrom: request.headers.get('last-event-id') ?? q.after,
    },
    request.signal,
  );
});

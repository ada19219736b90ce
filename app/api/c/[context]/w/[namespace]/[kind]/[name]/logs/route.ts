// GET /api/c/{context}/w/{namespace}/{kind}/{name}/logs?tail=&after=
// A workload's merged logs as Server-Sent Events (see server/logs/merged.ts).
import { mergedLogQuery, workloadParams } from '@/lib/api/workloads';
import { decodeSegment } from '@/lib/links';
import { requestIdentity } from '@/server/auth/identity';
import { timed } from '@/server/http/timed';
import { validated } from '@/server/http/validate';
import { mergedLogStream } from '@/server/logs/merged';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Params = { params: Promise<{ context: string; namespace: string; kind: string; name: string }> };

export const GET = timed('workload-logs', async (request: Request, ctx: Params) => {
  const p = await ctx.params;
  const w = validated(workloadParams, { ...p, context: decodeSegment(p.context) });
  const q = validated(mergedLogQuery, Object.fromEntries(new URL(request.url).searchParams));
  return mergedLogStream(
    {
      identity: requestIdentity(request, w.context),
      context: w.context,
      namespace: w.namespace,
      kind: w.kind,
      name: w.name,
      tailLines: q.tail,
      resumeFrom: request.headers.get('last-event-id') ?? q.after,
    },
    request.signal,
  );
});

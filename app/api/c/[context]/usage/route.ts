// GET /api/c/{context}/usage?namespace=: the newest Metrics API sample of every pod (and, cluster
// wide, every node) for the pod list's CPU and memory columns, with the poller's state (live,
// stale, or unavailable and why). Read as the caller: the Metrics API's own RBAC decides.
import type { UsageSnapshot } from '@/lib/api/usage';
import { usageQuery } from '@/lib/api/usage';
import { decodeSegment } from '@/lib/links';
import { requestIdentity } from '@/server/auth/identity';
import { timed } from '@/server/http/timed';
import { validated } from '@/server/http/validate';
import { withUsage } from '@/server/usage/poller';

export const dynamic = 'force-dynamic';

export const GET = timed('usage', async (request: Request, ctx: { params: Promise<{ context: string }> }) => {
  const url = new URL(request.url);
  const q = validated(usageQuery, { context: decodeSegment((await ctx.params).context), ...Object.fromEntries(url.searchParams) });
  const id = requestIdentity(request, q.context);
  const body = await withUsage({ context: q.context, identity: id, namespace: q.namespace }, (p): UsageSnapshot => {
    const pods: UsageSnapshot['pods'] = {};
    const prefix = q.namespace ? `${q.namespace}/` : '';
    for (const [key, s] of p.pods) {
      if (prefix && !key.startsWith(prefix)) continue;
      const containers = p.latest(key);
      if (containers && Object.keys(containers).length) pods[key] = { at: s.at, containers };
    }
    return { state: p.currentState(), pods, nodes: q.namespace ? {} : Object.fromEntries(p.nodes) };
  });
  return Response.json(body, { headers: { 'Cache-Control': 'private, no-store' } });
});

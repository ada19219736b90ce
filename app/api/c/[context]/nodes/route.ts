// GET /api/c/{context}/nodes: the nodes page's rows (lib/nodes/capacity.ts), from the shared
// watch caches of nodes and pods and the usage poller, read as the caller.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { NodesResponse } from '@/lib/api/nodes';
import { usageQuery } from '@/lib/api/usage';
import { decodeSegment } from '@/lib/links';
import { nodeRows } from '@/lib/nodes/capacity';
import { requestIdentity } from '@/server/auth/identity';
import { AppError } from '@/server/errors';
import { timed } from '@/server/http/timed';
import { validated } from '@/server/http/validate';
import { withUsage } from '@/server/usage/poller';
import { acquire } from '@/server/watch/cache';

export const dynamic = 'force-dynamic';

export const GET = timed('nodes', async (request: Request, ctx: { params: Promise<{ context: string }> }) => {
  const q = validated(usageQuery, { context: decodeSegment((await ctx.params).context) });
  const identity = requestIdentity(request, q.context);
  const nodes = acquire({ context: q.context, identity, resource: 'nodes' });
  const pods = acquire({ context: q.context, identity, resource: 'pods' });
  try {
    await Promise.race([
      Promise.all([nodes.reflector.waitForSync(), pods.reflector.waitForSync()]),
      new Promise((r) => setTimeout(r, 15_000)),
    ]);
    for (const r of [nodes.reflector, pods.reflector]) {
      const s = r.state;
      if (s.phase === 'error') throw new AppError(s.errorKind ?? 'internal', s.message ?? 'cannot list nodes and pods');
    }
    const { used, state } = await withUsage({ context: q.context, identity }, (p) => ({ used: new Map(p.nodes), state: p.currentState() }));
    const body: NodesResponse = {
      nodes: nodeRows([...nodes.reflector.store.values()] as V1Node[], pods.reflector.store.values() as Iterable<V1Pod>, used),
      usage: state,
    };
    return Response.json(body, { headers: { 'Cache-Control': 'private, no-store' } });
  } finally {
    nodes.release();
    pods.release();
  }
});

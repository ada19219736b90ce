// GET /api/clusters: the kubeconfig contexts with reachability, version and identity.
import { clusterInfo } from '@/server/kube/info';
import { listContexts } from '@/server/kube/clusters';
import { timed } from '@/server/http/timed';
import { requestIdentity } from '@/server/auth/identity';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = timed('clusters', async (request: Request): Promise<Response> => {
  const identity = requestIdentity(request);
  const reg = listContexts();
  const infos = await Promise.all(reg.contexts.map((c) => clusterInfo(c.name, 5000, identity)));
  return Response.json({ current: reg.current, problem: reg.problem, sources: reg.sources, clusters: infos });
});

// GET /api/clusters: the kubeconfig contexts with reachability, version and identity.
import { clusterInfo } from '@/server/kube/info';
import { listContexts } from '@/server/kube/clusters';
import { timed } from '@/server/http/timed';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = timed('clusters', async (): Promise<Response> => {
  const reg = listContexts();
  const infos = await Promise.all(reg.contexts.map((c) => clusterInfo(c.name)));
  return Response.json({ current: reg.current, problem: reg.problem, sources: reg.sources, clusters: infos });
});

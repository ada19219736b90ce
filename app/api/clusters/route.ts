// GET /api/clusters: the kubeconfig contexts with reachability, version and identity.
import { requestPrincipal } from '@/server/auth/identity';
import { clustersFor } from '@/server/kube/info';
import { timed } from '@/server/http/timed';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = timed('clusters', async (request: Request): Promise<Response> =>
  Response.json(await clustersFor(requestPrincipal(request))),
);

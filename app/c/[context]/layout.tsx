// Everything under /c/{context}: the cluster bar (switcher, reachability, version, identity).
import { decodeSegment } from '@/lib/links';
import { connection } from 'next/server';
import { ClusterBar } from '@/components/clusters/ClusterBar';
import { listContexts } from '@/server/kube/clusters';
import { clusterInfo } from '@/server/kube/info';
import { pageIdentityOrLogin } from '@/server/auth/page-identity';
import { NotAuthenticated } from '@/components/auth/NotAuthenticated';
import { config } from '@/server/config';
import { PATH_HEADER } from '@/server/http/gate';
import { headers } from 'next/headers';

export default async function ClusterLayout({ children, params }: { children: React.ReactNode; params: Promise<{ context: string }> }) {
  await connection();
  const context = decodeSegment((await params).context);
  const reg = listContexts();
  const known = reg.contexts.some((c) => c.name === context);
  const identity = known
    ? await pageIdentityOrLogin(context, (await headers()).get(PATH_HEADER) ?? `/c/${encodeURIComponent(context)}/pods`)
    : null;
  if (known && !identity) return <NotAuthenticated />;
  const info = known && identity ? await clusterInfo(context, 5000, identity) : undefined;
  return (
    <div>
      <ClusterBar context={context} contexts={reg.contexts.map((c) => c.name)} info={info ?? null} />
      {known ? (
        children
      ) : (
        <div className="mx-auto max-w-2xl p-8" data-testid="unknown-context">
          <h1 className="text-xl font-semibold">No context named “{context}”</h1>
          <p className="mt-2 text-slate-700">
            The kubeconfig Podscope reads{config().PODSCOPE_AUTH === 'none' ? ` (${reg.sources.join(', ') || 'none'})` : ''} has no such
            context. Pick one above.
          </p>
        </div>
      )}
    </div>
  );
}

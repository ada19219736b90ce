// Everything under /c/{context}: the cluster bar (switcher, reachability, version, identity).
import { decodeSegment } from '@/lib/links';
import { connection } from 'next/server';
import { notFound } from 'next/navigation';
import { ClusterBar } from '@/components/clusters/ClusterBar';
import { listContexts } from '@/server/kube/clusters';
import { clusterInfo } from '@/server/kube/info';
import { pageIdentityOrLogin } from '@/server/auth/page-identity';
import { NotAuthenticated } from '@/components/auth/NotAuthenticated';
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
  // an unknown context is a 404 (app/not-found.tsx says which name it did not know)
  if (!known) notFound();
  return (
    <div>
      <ClusterBar context={context} contexts={reg.contexts.map((c) => c.name)} info={info ?? null} />
      {children}
    </div>
  );
}

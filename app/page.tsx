// Start page: the configured clusters, or what to do when there are none.
import { connection } from 'next/server';
import { redirect } from 'next/navigation';
import Link from 'next/link';
import { listContexts } from '@/server/kube/clusters';
import { clustersFor } from '@/server/kube/info';
import { pageSignedIn } from '@/server/auth/page-identity';
import { requestPrincipal } from '@/server/auth/identity';
import { config } from '@/server/config';
import { headers } from 'next/headers';
import { NotAuthenticated } from '@/components/auth/NotAuthenticated';

export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const sp = await searchParams;
  const reg = listContexts();
  if (reg.contexts.length === 0) {
    return (
      <div className="mx-auto max-w-2xl p-8" data-testid="no-clusters">
        <h1 className="mb-2 text-xl font-semibold">No Kubernetes cluster configured</h1>
        <p className="mb-4 text-slate-700">{reg.problem}.</p>
        <ul className="list-disc space-y-1 pl-6 text-slate-700">
          <li>
            Point <code>KUBECONFIG</code> at your kubeconfig file(s) and restart Podscope, or put it at <code>~/.kube/config</code>.
          </li>
          <li>
            No cluster at hand? <code>npm run demo</code> starts a built-in local demo cluster and Podscope on it.
          </li>
        </ul>
      </div>
    );
  }
  if (reg.current && sp.choose === undefined && reg.contexts.length === 1) redirect(`/c/${encodeURIComponent(reg.current)}/pods`);
  if (!(await pageSignedIn())) {
    if (config().PODSCOPE_AUTH === 'token') redirect('/login');
    return <NotAuthenticated />;
  }
  const infos = (await clustersFor(requestPrincipal(new Request('http://podscope.invalid/', { headers: await headers() })))).clusters;
  return (
    <div className="mx-auto max-w-3xl p-8">
      <h1 className="mb-4 text-xl font-semibold">Clusters</h1>
      <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white" data-testid="cluster-list">
        {infos.map((i) => (
          <li key={i.context} className="flex items-center justify-between p-3">
            <div>
              <Link href={`/c/${encodeURIComponent(i.context)}/pods`} className="font-medium text-blue-700 hover:underline">
                {i.context}
              </Link>
              <div className="text-xs text-slate-500">{i.server}</div>
            </div>
            <div className="text-right text-sm">
              {i.loggedIn === false ? (
                <Link
                  className="text-blue-700 hover:underline"
                  data-testid="login-to-context"
                  href={`/login?context=${encodeURIComponent(i.context)}`}
                >
                  log in to this context
                </Link>
              ) : i.reachable ? (
                <span className="text-emerald-700">
                  reachable · {i.version}
                  {i.user ? ` · you are ${i.user}` : ''}
                </span>
              ) : (
                <span className="text-red-700" title={i.error?.hint}>
                  unreachable: {i.error?.message}
                </span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

'use client';
// The cluster switcher: one click to the same view on another context.
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import type { ClusterInfo } from '@/lib/api/clusters';

export function ClusterBar({ context, contexts, info }: { context: string; contexts: string[]; info: ClusterInfo | null }) {
  const router = useRouter();
  const path = usePathname();
  return (
    <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-1.5 text-sm">
      <label className="flex items-center gap-2">
        <span className="text-slate-500">cluster</span>
        <select
          data-testid="context-switcher"
          className="rounded border border-slate-300 bg-white px-2 py-0.5"
          value={context}
          onChange={(e) =>
            router.push(path.replace(/^\/c\/[^/]+/, `/c/${encodeURIComponent(e.target.value)}`).replace(/\/pods\/.*$/, '/pods'))
          }
        >
          {contexts.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      {info &&
        (info.reachable ? (
          <span className="text-slate-600" data-testid="cluster-info">
            {info.version}
            {info.user ? (
              <>
                {' '}
                · you are <span className="mono">{info.user}</span>
              </>
            ) : null}
          </span>
        ) : (
          <span className="text-red-700" data-testid="cluster-info">
            unreachable: {info.error?.message}
          </span>
        ))}
      {/* (not prefetched: the first seconds of a page belong to its own data, not to the other pages) */}
      <nav className="ml-auto flex gap-3">
        <Link
          prefetch={false}
          className="text-blue-700 hover:underline"
          href={`/c/${encodeURIComponent(context)}/pods`}
          data-testid="nav-pods"
        >
          Pods
        </Link>
        <Link
          prefetch={false}
          className="text-blue-700 hover:underline"
          href={`/c/${encodeURIComponent(context)}/triage`}
          data-testid="nav-triage"
        >
          Triage
        </Link>
        <Link
          prefetch={false}
          className="text-blue-700 hover:underline"
          href={`/c/${encodeURIComponent(context)}/events`}
          data-testid="nav-events"
        >
          Events
        </Link>
        <Link
          prefetch={false}
          className="text-blue-700 hover:underline"
          href={`/c/${encodeURIComponent(context)}/nodes`}
          data-testid="nav-nodes"
        >
          Nodes
        </Link>
      </nav>
    </div>
  );
}

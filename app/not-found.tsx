'use client';
// Podscope's 404 page: for /c/{context}/… a context the kubeconfig does not have, else an address
// Podscope does not serve. (Client-side: the path is all it needs, and it is shown as text.)
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { decodeSegment } from '@/lib/links';

export default function NotFound() {
  const path = usePathname() ?? '';
  const ctx = /^\/c\/([^/]+)/.exec(path)?.[1];
  return (
    <div className="mx-auto max-w-2xl p-8" data-testid={ctx ? 'unknown-context' : 'not-found'}>
      <h1 className="text-xl font-semibold">{ctx ? `No context named “${decodeSegment(ctx)}”` : 'Nothing here'}</h1>
      <p className="mt-2 text-slate-700">
        {ctx ? 'The kubeconfig Podscope reads has no such context.' : 'Podscope serves no page at this address.'}{' '}
        <Link className="text-blue-700 hover:underline" href="/">
          Pick a cluster
        </Link>
        .
      </p>
    </div>
  );
}

'use client';
// "Share snapshot": freezes this debug page on the server and shows a link to the frozen copy,
// which keeps working after the pod, its events and its logs are gone.
import { useShareSnapshot } from '../data/pod-hooks';
import { CopyButton } from '../ui/CopyButton';

export function ShareSnapshot({ context, namespace, name }: { context: string; namespace: string; name: string }) {
  const share = useShareSnapshot(context, namespace, name);
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        data-testid="share-snapshot"
        disabled={share.isPending}
        onClick={() => share.mutate()}
        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50"
      >
        {share.isPending ? 'saving snapshot…' : 'share snapshot'}
      </button>
      {share.isSuccess && (
        <span className="flex items-center gap-1 text-xs">
          <a href={share.data} target="_blank" rel="noreferrer" className="mono text-blue-700 hover:underline" data-testid="snapshot-link">
            {share.data}
          </a>
          <CopyButton text={share.data} />
        </span>
      )}
      {share.isError && (
        <span className="text-xs text-red-700" data-testid="snapshot-error">
          snapshot failed: {share.error.text}
        </span>
      )}
    </span>
  );
}

'use client';
// "Share snapshot": freezes this debug page on the server and shows a link to the frozen copy,
// which keeps working after the pod, its events and its logs are gone.
import { useState } from 'react';
import { CopyButton } from '../ui/CopyButton';

type State = { phase: 'idle' } | { phase: 'saving' } | { phase: 'done'; url: string } | { phase: 'failed'; message: string };

export function ShareSnapshot({ context, namespace, name }: { context: string; namespace: string; name: string }) {
  const [s, setS] = useState<State>({ phase: 'idle' });
  const take = async () => {
    setS({ phase: 'saving' });
    try {
      const res = await fetch(`/api/c/${encodeURIComponent(context)}/pods/${namespace}/${name}/snapshots`, { method: 'POST' });
      const body = (await res.json().catch(() => ({}))) as { url?: string; error?: { message?: string; hint?: string } };
      if (!res.ok || !body.url)
        throw new Error([body.error?.message ?? `HTTP ${res.status}`, body.error?.hint].filter(Boolean).join(' — '));
      setS({ phase: 'done', url: new URL(body.url, window.location.href).toString() });
    } catch (err) {
      setS({ phase: 'failed', message: (err as Error).message });
    }
  };
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        data-testid="share-snapshot"
        disabled={s.phase === 'saving'}
        onClick={take}
        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50"
      >
        {s.phase === 'saving' ? 'saving snapshot…' : 'share snapshot'}
      </button>
      {s.phase === 'done' && (
        <span className="flex items-center gap-1 text-xs">
          <a href={s.url} target="_blank" rel="noreferrer" className="mono text-blue-700 hover:underline" data-testid="snapshot-link">
            {s.url}
          </a>
          <CopyButton text={s.url} />
        </span>
      )}
      {s.phase === 'failed' && (
        <span className="text-xs text-red-700" data-testid="snapshot-error">
          snapshot failed: {s.message}
        </span>
      )}
    </span>
  );
}

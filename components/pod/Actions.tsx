'use client';
// Write actions on a pod, shown only when Podscope has them turned on and the user's own RBAC
// allows them (SelfSubjectAccessReview); each asks for confirmation and carries the CSRF token.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

interface Available {
  enabled: boolean;
  delete?: boolean;
  restart?: boolean;
  restartTarget?: { kind: string; name: string };
  csrf?: string;
}

export function Actions({ context, namespace, name }: { context: string; namespace: string; name: string }) {
  const base = `/api/c/${encodeURIComponent(context)}/pods/${namespace}/${name}/actions`;
  const q = useQuery<Available>({
    queryKey: ['actions', context, namespace, name],
    queryFn: async () => (await fetch(base)).json() as Promise<Available>,
    staleTime: 30_000,
    retry: false,
  });
  const [msg, setMsg] = useState<string>();
  if (!q.data?.enabled) return null;
  const run = async (action: 'delete' | 'restart', question: string) => {
    if (!window.confirm(question)) return;
    const res = await fetch(`${base}/${action}`, { method: 'POST', headers: { 'X-Podscope-CSRF': q.data!.csrf ?? '' } });
    const body = (await res.json().catch(() => ({}))) as { message?: string; error?: { message: string } };
    setMsg(res.ok ? body.message : `failed: ${body.error?.message ?? res.status}`);
  };
  return (
    <span className="flex items-center gap-2" data-testid="actions">
      {q.data.restart && q.data.restartTarget && (
        <button
          type="button"
          data-testid="action-restart"
          className="rounded border border-amber-400 bg-white px-2 py-0.5 text-xs text-amber-800 hover:bg-amber-50"
          onClick={() =>
            run(
              'restart',
              `Restart ${q.data!.restartTarget!.kind.toLowerCase()} ${namespace}/${q.data!.restartTarget!.name}? All its pods are replaced.`,
            )
          }
        >
          rollout restart
        </button>
      )}
      {q.data.delete && (
        <button
          type="button"
          data-testid="action-delete"
          className="rounded border border-red-400 bg-white px-2 py-0.5 text-xs text-red-700 hover:bg-red-50"
          onClick={() => run('delete', `Delete pod ${namespace}/${name}?`)}
        >
          delete pod
        </button>
      )}
      {msg && (
        <span className="text-xs text-slate-600" data-testid="action-result">
          {msg}
        </span>
      )}
    </span>
  );
}

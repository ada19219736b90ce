'use client';
// Write actions on a pod, shown only when Podscope has them turned on and the user's own RBAC
// allows them (SelfSubjectAccessReview); each asks for confirmation and carries the CSRF token.
import { useActions, useRunAction } from '../data/pod-hooks';

export function Actions({ context, namespace, name }: { context: string; namespace: string; name: string }) {
  const q = useActions(context, namespace, name);
  const act = useRunAction(context, namespace, name);
  const a = q.data;
  if (!a?.enabled) return null;
  const run = (action: 'delete' | 'restart', question: string) => {
    if (window.confirm(question)) act.mutate({ action, csrf: a.csrf });
  };
  const msg = act.isSuccess ? act.data.message : act.isError ? `failed: ${act.error.text}` : undefined;
  return (
    <span className="flex items-center gap-2" data-testid="actions">
      {a.restart && a.restartTarget && (
        <button
          type="button"
          data-testid="action-restart"
          className="rounded border border-amber-400 bg-white px-2 py-0.5 text-xs text-amber-800 hover:bg-amber-50"
          onClick={() =>
            run(
              'restart',
              `Restart ${a.restartTarget!.kind.toLowerCase()} ${namespace}/${a.restartTarget!.name}? All its pods are replaced.`,
            )
          }
        >
          rollout restart
        </button>
      )}
      {a.delete && (
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

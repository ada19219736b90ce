// Token mode's login: paste a Kubernetes bearer token (e.g. `kubectl create token <sa>`) for one
// context. That context's API server checks it; Podscope keeps it only in an HttpOnly, Secure,
// SameSite=Strict cookie and sends it only to that API server. Each context needs its own login.
import { listContexts } from '@/server/kube/clusters';

export default async function Login({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const reg = listContexts();
  const chosen = sp.context && reg.contexts.some((c) => c.name === sp.context) ? sp.context : reg.current;
  return (
    <div className="mx-auto max-w-lg p-8">
      <h1 className="mb-2 text-xl font-semibold">Log in to Podscope</h1>
      <p className="mb-4 text-sm text-slate-600">
        Paste a Kubernetes bearer token for the cluster below. Everything you see there is read with that token, so you see exactly what
        your RBAC allows; the token is sent to that cluster only.
      </p>
      {sp.error && (
        <div className="mb-3 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800" data-testid="login-error">
          {sp.error}
        </div>
      )}
      <form method="post" action="/api/auth/login" className="space-y-3">
        <input type="hidden" name="next" value={sp.next ?? '/'} />
        <label className="block text-sm">
          <span className="text-slate-600">cluster (kubeconfig context)</span>
          <select
            name="context"
            defaultValue={chosen}
            data-testid="login-context"
            className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1"
          >
            {reg.contexts.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <textarea
          name="token"
          required
          rows={5}
          autoComplete="off"
          spellCheck={false}
          data-testid="login-token"
          className="mono w-full rounded border border-slate-300 p-2 text-xs"
          placeholder="eyJhbGciOi…"
        />
        <button type="submit" data-testid="login-submit" className="rounded bg-blue-600 px-3 py-1.5 text-white">
          Log in
        </button>
      </form>
    </div>
  );
}

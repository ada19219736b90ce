// Token mode's login: paste a Kubernetes bearer token (e.g. `kubectl create token <sa>`). The API
// server checks it; Podscope keeps it only in an HttpOnly, Secure, SameSite=Strict cookie.
export default async function Login({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  return (
    <div className="mx-auto max-w-lg p-8">
      <h1 className="mb-2 text-xl font-semibold">Log in to Podscope</h1>
      <p className="mb-4 text-sm text-slate-600">Paste a Kubernetes bearer token. Everything you see is read with that token, so you see exactly what your RBAC allows.</p>
      {sp.error && <div className="mb-3 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800" data-testid="login-error">{sp.error}</div>}
      <form method="post" action="/api/auth/login" className="space-y-3">
        <input type="hidden" name="next" value={sp.next ?? '/'} />
        <textarea name="token" required rows={5} autoComplete="off" spellCheck={false} data-testid="login-token" className="mono w-full rounded border border-slate-300 p-2 text-xs" placeholder="eyJhbGciOi…" />
        <button type="submit" data-testid="login-submit" className="rounded bg-blue-600 px-3 py-1.5 text-white">Log in</button>
      </form>
    </div>
  );
}

// Proxy mode, for a page request that did not come through the authenticating proxy.
export function NotAuthenticated() {
  return (
    <div className="mx-auto max-w-2xl p-8" data-testid="not-authenticated">
      <h1 className="text-xl font-semibold">Not authenticated by the proxy</h1>
      <p className="mt-2 text-slate-700">
        Podscope runs behind an authenticating proxy here and acts as the user it vouches for. Open Podscope through that proxy.
      </p>
    </div>
  );
}

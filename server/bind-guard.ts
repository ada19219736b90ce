// Refuses to serve on anything but loopback while Podscope acts with the local user's identity.
// Beyond loopback only in a shared mode (token or proxy), where every request carries its user's
// own identity, and only when asked for explicitly.
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

export function assertLoopbackBind(env: Record<string, string | undefined>, argv: string[]): void {
  const fromArgs = (() => {
    const i = argv.findIndex((a) => a === '-H' || a === '--hostname');
    if (i >= 0) return argv[i + 1];
    return argv.find((a) => a.startsWith('--hostname='))?.split('=')[1];
  })();
  // the standalone server (Docker image) binds HOSTNAME; `next start` binds --hostname (default all interfaces)
  const host = fromArgs ?? env.PODSCOPE_HOST ?? env.HOSTNAME;
  const standalone = !!env.HOSTNAME && !fromArgs;
  if (host === undefined && !standalone && argv.some((a) => a.endsWith('next') || a.includes('next-server') || a === 'start')) {
    // `next start` without --hostname listens on every interface
    if (argv.includes('start'))
      throw new Error(
        'podscope: refusing to start: pass --hostname 127.0.0.1 (use `npm start` or scripts/demo.sh). Podscope acts with your own kubeconfig identity and has no login, so it only listens on loopback.',
      );
    return;
  }
  if (host !== undefined) checkBindHost(host, env);
}

/** Throws unless `host` is loopback, or a shared mode (token, proxy) was explicitly allowed beyond it. */
export function checkBindHost(host: string, env: Record<string, string | undefined>): void {
  if (!LOOPBACK.test(host)) {
    if ((env.PODSCOPE_AUTH === 'token' || env.PODSCOPE_AUTH === 'proxy') && env.PODSCOPE_ALLOW_REMOTE === '1') {
      const who =
        env.PODSCOPE_AUTH === 'token'
          ? 'Every user must log in with their own token'
          : 'Only the authenticating proxy (holding PODSCOPE_PROXY_SECRET) should reach it';
      console.warn(`\n*** podscope: listening on "${host}" beyond this machine. ${who}; serve it only behind TLS. ***\n`);
      return;
    }
    throw new Error(
      `podscope: refusing to listen on "${host}": Podscope acts with your own kubeconfig identity and has no login in this mode, so it only listens on 127.0.0.1. Use an SSH tunnel or kubectl port-forward, or turn on logins (PODSCOPE_AUTH=token, or PODSCOPE_AUTH=proxy behind an authenticating proxy) and allow it explicitly (PODSCOPE_ALLOW_REMOTE=1).`,
    );
  }
}

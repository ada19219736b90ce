// Which Host a request may name, and which Origin a state-changing request may come from.
// DNS rebinding points a name the attacker controls (rebind.evil.example) at 127.0.0.1, so the
// browser sends that name as Host; a check that compares Origin with Host alone passes, because
// the attacker picks both. Like kubectl proxy's --accept-hosts, Podscope answers only for its own
// names: a loopback name or address with the port it serves, or a name configured for a shared
// install (PODSCOPE_ALLOWED_HOSTS). No imports: proxy.ts and unit tests use it directly.

export interface HostPolicy {
  /** the port Podscope serves on; undefined when unknown (then any loopback port passes) */
  port?: string;
  /** configured names, lower case: "podscope.example.com" (any port) or "name:8443" (that port) */
  allowed: string[];
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

export function hostPolicy(env: Record<string, string | undefined>): HostPolicy {
  const allowed = (env.PODSCOPE_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return { port: env.PORT || undefined, allowed };
}

/** "Name:port" → name and port (the scheme's default when absent); undefined when malformed. */
function split(hostHeader: string): { name: string; port?: string } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(hostHeader.trim().toLowerCase());
  return m ? { name: m[1].replace(/\.$/, ''), port: m[2] } : undefined;
}

/** May a request with this Host header be answered at all? */
export function hostAllowed(hostHeader: string | null | undefined, p: HostPolicy): boolean {
  if (!hostHeader) return false;
  const h = split(hostHeader);
  if (!h) return false;
  const port = h.port ?? '80';
  // (a loopback name on another port, e.g. a kubectl port-forward's, only when listed as such)
  if (LOOPBACK.test(h.name) && (p.port === undefined || port === p.port)) return true;
  return p.allowed.some((a) => {
    const e = split(a);
    return !!e && e.name === h.name && (e.port === undefined || e.port === port);
  });
}

/**
 * May a request carrying these headers change state or open a stream? A browser labels every
 * request with Sec-Fetch-Site and sends Origin on every cross-origin one (and on POSTs): the
 * Origin must be one of Podscope's own names and the very host the request was sent to.
 * Returns why not, or undefined when it may.
 */
export function originProblem(
  headers: { get(name: string): string | null },
  p: HostPolicy,
  opts: { requireOrigin: boolean },
): string | undefined {
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return `cross-site request refused (${site})`;
  const origin = headers.get('origin');
  if (origin === null) return opts.requireOrigin ? 'cross-site request refused: no Origin header' : undefined;
  // browsers send "null" for some same-origin requests under a strict referrer policy
  if (origin === 'null') return site === 'same-origin' ? undefined : 'cross-site request refused: opaque origin';
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return 'cross-site request refused: bad Origin header';
  }
  if (o.protocol !== 'http:' && o.protocol !== 'https:') return 'cross-site request refused: bad Origin scheme';
  const host = headers.get('host') ?? '';
  if (!hostAllowed(o.host, p)) return `cross-site request refused: ${o.host} is not one of Podscope's own hosts`;
  if (o.host.toLowerCase() !== host.toLowerCase()) return `cross-site request refused: ${o.host} is not ${host}`;
  return undefined;
}

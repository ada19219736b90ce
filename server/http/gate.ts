// The request gate, run before every request (proxy.ts). In order:
// 1. Host: only Podscope's own names (server/http/host.ts), whatever the mode, so a DNS-rebound
//    page gets nothing. Probes and metrics (/healthz, /readyz, /metrics) answer any Host: kubelet
//    and Prometheus address the pod by IP, and they carry no data.
// 2. Origin: state-changing requests and the stream only from Podscope's own origin.
// 3. Who: token mode needs a login cookie (else 401 for the API, /login for pages); proxy mode
//    needs the proxy's secret and a user (no login to fall back to). Route handlers check the
//    identity again when they build it; this is the first line. Local mode passes.
// No server-only import: Next runs this file outside the route handlers' module graph.
import { NextResponse, type NextRequest } from 'next/server';
import { type ProxySettings, proxySettings, readProxyHeaders } from '../auth/proxy-headers';
import { hasTokenCookie } from '../auth/token-cookie';
import { hostAllowed, hostPolicy, originProblem } from '../auth/host';
import { urlProblem, urlProblemPage } from './bad-url';

const PROBES = /^\/(healthz|readyz|metrics)$/;
const OPEN = [PROBES, /^\/_next\//, /^\/icon\.svg$/, /^\/favicon\.ico$/];
const LOGIN = [/^\/login(\/|$)/, /^\/api\/auth\//];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The request's own path, for pages (set here, so never the client's word). */
export const PATH_HEADER = 'x-podscope-path';

let settings: ProxySettings | undefined;

const TITLES = { 401: 'Not authenticated', 403: 'Forbidden', 404: 'Not found' } as const;

function refuse(
  path: string,
  status: 401 | 403 | 404,
  kind: string,
  message: string,
  hint: string,
  title: string = TITLES[status],
): NextResponse {
  const headers = { 'Cache-Control': 'no-store' };
  if (path.startsWith('/api/')) return NextResponse.json({ error: { kind, message, hint } }, { status, headers });
  return new NextResponse(`${title}\n\n${message}\n${hint}\n`, {
    status,
    headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

function proxyMode(req: NextRequest, path: string): NextResponse {
  if (LOGIN.some((re) => re.test(path)))
    return refuse(
      path,
      404,
      'not-found',
      'there is no login in proxy mode',
      'sign in through the authenticating proxy in front of Podscope',
    );
  const who = readProxyHeaders(req.headers, (settings ??= proxySettings(process.env)));
  if (!who.ok)
    return refuse(
      path,
      401,
      'unauthenticated',
      who.message,
      'open Podscope through its authenticating proxy',
      'Not authenticated by the proxy',
    );
  return NextResponse.next();
}

export function gate(req: NextRequest): NextResponse {
  const path = req.nextUrl.pathname;
  const policy = hostPolicy(process.env);
  if (!PROBES.test(path) && !hostAllowed(req.headers.get('host'), policy)) {
    // nothing about Podscope or its clusters: not even which page was asked for
    return new NextResponse(
      'Podscope does not answer for this host name.\nOpen it at http://127.0.0.1 or localhost (or a name listed in PODSCOPE_ALLOWED_HOSTS).\n',
      { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } },
    );
  }
  // (the path as sent: nextUrl.pathname keeps its percent-escapes)
  const bad = urlProblem(path, req.nextUrl.search);
  if (bad) {
    const headers = { 'Cache-Control': 'no-store' };
    if (path.startsWith('/api/'))
      return NextResponse.json(
        { error: { kind: 'invalid', message: bad.problems.join('; '), hint: 'check the address' } },
        { status: bad.status, headers },
      );
    return new NextResponse(urlProblemPage(bad), {
      status: bad.status,
      headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' },
    });
  }
  const stream = path === '/api/stream';
  if (!SAFE_METHODS.has(req.method) || stream) {
    const why = originProblem(req.headers, policy, { requireOrigin: !SAFE_METHODS.has(req.method) });
    if (why) return refuse(path, 403, 'forbidden', why, 'use Podscope from its own page');
  }
  const mode = process.env.PODSCOPE_AUTH ?? 'none';
  if (mode === 'none' || OPEN.some((re) => re.test(path))) return NextResponse.next();
  if (mode === 'proxy') return proxyMode(req, path);
  if (LOGIN.some((re) => re.test(path))) return NextResponse.next();
  if (hasTokenCookie(req.cookies.getAll())) {
    // pages learn the path they render (a login for another context comes back to it)
    const headers = new Headers(req.headers);
    headers.set(PATH_HEADER, `${path}${req.nextUrl.search}`);
    return NextResponse.next({ request: { headers } });
  }
  if (path.startsWith('/api/')) return refuse(path, 401, 'unauthenticated', 'log in first', 'open /login');
  const login = new URL('/login', req.url);
  login.searchParams.set('next', `${path}${req.nextUrl.search}`);
  return NextResponse.redirect(login, 307);
}

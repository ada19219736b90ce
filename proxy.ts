// Token mode: every request needs a logged-in user. Pages without one go to /login; API calls
// get 401. Proxy mode: every request must come through the authenticating proxy (its shared
// secret and a user in the headers), else 401, with no login to fall back to; route handlers
// and pages check the headers again when they build the identity. Local mode (the default)
// passes everything: it acts as the kubeconfig's own user and only listens on loopback.
import { NextResponse, type NextRequest } from 'next/server';
import { type ProxySettings, proxySettings, readProxyHeaders } from './server/auth/proxy-headers';

const OPEN = [/^\/healthz$/, /^\/readyz$/, /^\/metrics$/, /^\/_next\//, /^\/icon\.svg$/, /^\/favicon\.ico$/];
const LOGIN = [/^\/login(\/|$)/, /^\/api\/auth\//];

let settings: ProxySettings | undefined;

function refuse(path: string, status: 401 | 404, message: string, hint: string): NextResponse {
  if (path.startsWith('/api/')) return NextResponse.json({ error: { kind: status === 401 ? 'unauthenticated' : 'not-found', message, hint } }, { status });
  const title = status === 401 ? 'Not authenticated by the proxy' : 'Not found';
  return new NextResponse(`${title}\n\n${message}\n${hint}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

function proxyMode(req: NextRequest, path: string): NextResponse {
  if (LOGIN.some((re) => re.test(path))) return refuse(path, 404, 'there is no login in proxy mode', 'sign in through the authenticating proxy in front of Podscope');
  const who = readProxyHeaders(req.headers, (settings ??= proxySettings(process.env)));
  if (!who.ok) return refuse(path, 401, who.message, 'open Podscope through its authenticating proxy');
  return NextResponse.next();
}

export function proxy(req: NextRequest) {
  const mode = process.env.PODSCOPE_AUTH ?? 'none';
  if (mode === 'none') return NextResponse.next();
  const path = req.nextUrl.pathname;
  if (OPEN.some((re) => re.test(path))) return NextResponse.next();
  if (mode === 'proxy') return proxyMode(req, path);
  if (LOGIN.some((re) => re.test(path))) return NextResponse.next();
  if (req.cookies.get('podscope_token')?.value) return NextResponse.next();
  if (path.startsWith('/api/')) {
    return NextResponse.json({ error: { kind: 'unauthenticated', message: 'log in first', hint: 'open /login' } }, { status: 401 });
  }
  const login = new URL('/login', req.url);
  login.searchParams.set('next', `${path}${req.nextUrl.search}`);
  return NextResponse.redirect(login, 307);
}

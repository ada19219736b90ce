// Token mode: every request needs a logged-in user. Pages without one go to /login; API calls
// get 401. Local mode (the default) passes everything: it acts as the kubeconfig's own user and
// only listens on loopback.
import { NextResponse, type NextRequest } from 'next/server';

const OPEN = [/^\/login(\/|$)/, /^\/api\/auth\//, /^\/healthz$/, /^\/readyz$/, /^\/metrics$/, /^\/_next\//, /^\/icon\.svg$/, /^\/favicon\.ico$/];

export function proxy(req: NextRequest) {
  if ((process.env.PODSCOPE_AUTH ?? 'none') === 'none') return NextResponse.next();
  const path = req.nextUrl.pathname;
  if (OPEN.some((re) => re.test(path))) return NextResponse.next();
  if (req.cookies.get('podscope_token')?.value) return NextResponse.next();
  if (path.startsWith('/api/')) {
    return NextResponse.json({ error: { kind: 'unauthenticated', message: 'log in first', hint: 'open /login' } }, { status: 401 });
  }
  const login = new URL('/login', req.url);
  login.searchParams.set('next', `${path}${req.nextUrl.search}`);
  return NextResponse.redirect(login, 307);
}

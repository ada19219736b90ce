// POST /api/auth/login (form: token, next): the API server checks the token (SelfSubjectReview);
// a valid one goes into an HttpOnly, Secure, SameSite=Strict cookie — never into a URL or storage.
import { assertSameOrigin } from '@/server/auth/origin';
import { TOKEN_COOKIE, tokenIdentity } from '@/server/auth/identity';
import { AppError, toAppError } from '@/server/errors';
import { listContexts } from '@/server/kube/clusters';
import { clusterInfo } from '@/server/kube/info';
import { log } from '@/server/log';

export const dynamic = 'force-dynamic';

const safeNext = (n: unknown) => (typeof n === 'string' && n.startsWith('/') && !n.startsWith('//') && !n.includes('\\') ? n : '/');

export async function POST(req: Request): Promise<Response> {
  // relative Locations: behind a proxy or with another host name, req.url may not be the URL the browser used
  const back = (msg: string, next: string) => new Response(null, { status: 303, headers: { Location: `/login?error=${encodeURIComponent(msg)}&next=${encodeURIComponent(next)}` } });
  let next = '/';
  try {
    assertSameOrigin(req);
    const form = await req.formData();
    next = safeNext(form.get('next'));
    const token = String(form.get('token') ?? '').trim();
    if (!token || token.length > 16_384 || /\s/.test(token)) throw new AppError('invalid', 'paste one bearer token');
    const context = listContexts().current;
    if (!context) throw new AppError('unavailable', listContexts().problem ?? 'no cluster configured');
    const info = await clusterInfo(context, 0, tokenIdentity(token));
    if (!info.reachable) throw new AppError(info.error?.kind === 'unauthenticated' ? 'unauthenticated' : 'unavailable', info.error?.kind === 'unauthenticated' ? 'the API server rejected this token' : `cannot check the token: ${info.error?.message}`);
    log.info('login', { user: info.user ?? 'unknown' });
    const res = new Response(null, { status: 303, headers: { Location: next } });
    res.headers.append('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=43200`);
    return res;
  } catch (err) {
    const e = toAppError(err);
    if (e.kind === 'forbidden') return Response.json({ error: { kind: e.kind, message: e.message } }, { status: 403 });
    return back(e.message, next);
  }
}

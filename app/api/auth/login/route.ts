// POST /api/auth/login (form: token, context, next): see server/auth/login.ts.
import { login, safeNext } from '@/server/auth/login';
import { assertSameOrigin } from '@/server/auth/origin';
import { toAppError } from '@/server/errors';
import { peerAddress } from '@/server/http/peer';

export const dynamic = 'force-dynamic';

export async function POST(req: Request): Promise<Response> {
  // relative Locations: behind a proxy or with another host name, req.url may not be the URL the browser used
  const back = (msg: string, next: string, context: string) =>
    new Response(null, {
      status: 303,
      headers: {
        Location: `/login?error=${encodeURIComponent(msg)}&next=${encodeURIComponent(next)}${context ? `&context=${encodeURIComponent(context)}` : ''}`,
        'Cache-Control': 'no-store',
      },
    });
  let next = '/';
  let context = '';
  try {
    assertSameOrigin(req);
    const form = await req.formData();
    next = safeNext(form.get('next'));
    context = String(form.get('context') ?? '');
    const r = await login({ token: form.get('token'), context }, peerAddress(req));
    const res = new Response(null, { status: 303, headers: { Location: next, 'Cache-Control': 'no-store' } });
    res.headers.append('Set-Cookie', r.cookie);
    return res;
  } catch (err) {
    const e = toAppError(err);
    if (e.kind === 'forbidden')
      return Response.json({ error: { kind: e.kind, message: e.message } }, { status: 403, headers: { 'Cache-Control': 'no-store' } });
    if (e.kind === 'too-many')
      return new Response(`${e.message}\n`, {
        status: 429,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '60', 'Cache-Control': 'no-store' },
      });
    return back(e.message, next, context);
  }
}

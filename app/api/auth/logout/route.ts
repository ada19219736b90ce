// POST /api/auth/logout: forget every login (all contexts).
import { assertSameOrigin } from '@/server/auth/origin';
import { clearCookie, tokenCookieNames } from '@/server/auth/token-cookie';
import { errorResponse } from '@/server/errors';

export async function POST(req: Request): Promise<Response> {
  try {
    assertSameOrigin(req);
    const res = new Response(null, { status: 303, headers: { Location: '/login', 'Cache-Control': 'no-store' } });
    for (const name of tokenCookieNames(req.headers.get('cookie'))) res.headers.append('Set-Cookie', clearCookie(name));
    return res;
  } catch (err) {
    return errorResponse(err);
  }
}

// POST /api/auth/logout: forget the token.
import { assertSameOrigin } from '@/server/auth/origin';
import { TOKEN_COOKIE } from '@/server/auth/identity';
import { errorResponse } from '@/server/errors';

export async function POST(req: Request): Promise<Response> {
  try {
    assertSameOrigin(req);
    const res = new Response(null, { status: 303, headers: { Location: '/login' } });
    res.headers.append('Set-Cookie', `${TOKEN_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`);
    return res;
  } catch (err) {
    return errorResponse(err);
  }
}

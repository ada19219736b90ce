import 'server-only';
// The identity of the request a page is rendering for (server components read cookies and headers).
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { config } from '../config';
import { type Identity, identityFromProxyHeaders, LOCAL, TOKEN_COOKIE, tokenIdentity } from './identity';

/** null when nobody is logged in (token mode) or the proxy vouched for nobody (proxy mode). */
export async function pageIdentity(): Promise<Identity | null> {
  switch (config().PODSCOPE_AUTH) {
    case 'none': return LOCAL;
    case 'token': {
      const token = (await cookies()).get(TOKEN_COOKIE)?.value;
      return token ? tokenIdentity(token) : null;
    }
    case 'proxy':
      try { return identityFromProxyHeaders(await headers()); } catch { return null; }
  }
}

/**
 * For pages that need someone: token mode sends nobody to /login; proxy mode has no login, so
 * null comes back and the page says "not authenticated by the proxy" (proxy.ts answers such
 * requests with a 401 before they get here; this is the second line).
 */
export async function pageIdentityOrLogin(): Promise<Identity | null> {
  const identity = await pageIdentity();
  if (!identity && config().PODSCOPE_AUTH === 'token') redirect('/login');
  return identity;
}

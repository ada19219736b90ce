import 'server-only';
// The identity of the request a page is rendering for (server components read cookies and headers).
import { cookies, headers } from 'next/headers';
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

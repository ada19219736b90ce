import 'server-only';
// The identity of the request a page is rendering for (server components read cookies and headers).
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { config } from '../config';
import { type Identity, identityFromCookies, identityFromProxyHeaders, LOCAL } from './identity';
import { hasTokenCookie } from './token-cookie';

async function cookieHeader(): Promise<string> {
  return (await cookies())
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join('; ');
}

/**
 * The identity on `context`: null when nobody is logged in to it (token mode) or the proxy
 * vouched for nobody (proxy mode).
 */
export async function pageIdentity(context: string): Promise<Identity | null> {
  switch (config().PODSCOPE_AUTH) {
    case 'none':
      return LOCAL;
    case 'token':
      try {
        return identityFromCookies(await cookieHeader(), context);
      } catch {
        return null;
      }
    case 'proxy':
      try {
        return identityFromProxyHeaders(await headers());
      } catch {
        return null;
      }
  }
}

/** Is anyone there at all (any login in token mode, the proxy's user in proxy mode)? */
export async function pageSignedIn(): Promise<boolean> {
  switch (config().PODSCOPE_AUTH) {
    case 'none':
      return true;
    case 'token':
      return hasTokenCookie((await cookies()).getAll());
    case 'proxy':
      try {
        identityFromProxyHeaders(await headers());
        return true;
      } catch {
        return false;
      }
  }
}

/**
 * For pages that need someone on `context`: token mode sends nobody to /login for that context;
 * proxy mode has no login, so null comes back and the page says "not authenticated by the
 * proxy" (the request gate answers such requests with a 401 before they get here).
 */
export async function pageIdentityOrLogin(context: string, next?: string): Promise<Identity | null> {
  const identity = await pageIdentity(context);
  if (!identity && config().PODSCOPE_AUTH === 'token')
    redirect(`/login?context=${encodeURIComponent(context)}${next ? `&next=${encodeURIComponent(next)}` : ''}`);
  return identity;
}

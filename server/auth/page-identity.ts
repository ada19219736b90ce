import 'server-only';
// The identity of the request a page is rendering for: the same rules as for API requests
// (server/auth/identity.ts), read from the page request's headers.
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { config } from '../config';
import { type Identity, requestIdentity, requestPrincipal } from './identity';

const pageRequest = async () => new Request('http://podscope.invalid/', { headers: await headers() });

/**
 * The identity on `context`: null when nobody is logged in to it (token mode) or the proxy
 * vouched for nobody (proxy mode).
 */
export async function pageIdentity(context: string): Promise<Identity | null> {
  try {
    return requestIdentity(await pageRequest(), context);
  } catch {
    return null;
  }
}

/** Is anyone there at all (any login in token mode, the proxy's user in proxy mode)? */
export async function pageSignedIn(): Promise<boolean> {
  try {
    requestPrincipal(await pageRequest());
    return true;
  } catch {
    return false;
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

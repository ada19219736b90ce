import 'server-only';
// Who a request acts as. Local mode: the kubeconfig context's own user. Token mode: the bearer
// token the user logged in to that context with (one HttpOnly cookie per context): a token is
// bound to the context whose API server accepted it, and kubeConfigFor refuses to send it
// anywhere else. Proxy mode: the user and groups an authenticating proxy vouches for,
// impersonated on top of Podscope's own credentials. In both shared modes every Kubernetes
// request is made with the user's own rights, never Podscope's. Watch caches are keyed by
// identity, so two identities never share cached data.
import { hash, type Identity, impersonateIdentity, LOCAL, type Principal, principalOf, tokenIdentity } from '../kube/identities';
import { config } from '../config';
import { AppError } from '../errors';
import { proxySettings, readProxyHeaders } from './proxy-headers';
import { parseCookies, TOKEN_COOKIE_PREFIX, tokenFor } from './token-cookie';

export { identityKey } from '../kube/clusters';
export { impersonateIdentity, LOCAL, principalOf, tokenIdentity, type Identity, type Principal } from '../kube/identities';

function notLoggedIn(context: string): AppError {
  return new AppError('unauthenticated', `log in to context "${context}" first`, `open /login?context=${encodeURIComponent(context)}`);
}

/** Token mode: the login for `context` in these cookies; a request without one is refused. */
export function identityFromCookies(cookieHeader: string | null | undefined, context: string): Identity {
  const token = tokenFor(cookieHeader, context);
  if (!token) throw notLoggedIn(context);
  return tokenIdentity(token, context);
}

/** Proxy mode: the identity the proxy's headers carry; without the proxy's secret and a user, refused. */
export function identityFromProxyHeaders(headers: Headers): Identity {
  const who = readProxyHeaders(headers, proxySettings(config()));
  if (!who.ok) throw new AppError('unauthenticated', who.message, 'open Podscope through its authenticating proxy');
  return impersonateIdentity(who.user, who.groups);
}

/** The identity a request acts as on `context`. There is no anonymous fallback in the shared modes. */
export function requestIdentity(req: Request, context: string): Identity {
  switch (config().PODSCOPE_AUTH) {
    case 'none':
      return LOCAL;
    case 'token':
      return identityFromCookies(req.headers.get('cookie'), context);
    case 'proxy':
      return identityFromProxyHeaders(req.headers);
  }
}

/** Who a request is, on every context: for the stream, whose subscriptions name their context. */
export function requestPrincipal(req: Request): Principal {
  switch (config().PODSCOPE_AUTH) {
    case 'none':
      return principalOf(LOCAL);
    case 'proxy':
      return principalOf(identityFromProxyHeaders(req.headers));
    case 'token': {
      const cookie = req.headers.get('cookie');
      const logins = [...parseCookies(cookie).entries()]
        .filter(([n, v]) => n.startsWith(TOKEN_COOKIE_PREFIX) && v)
        .map(([n, v]) => `${n}=${hash(v)}`)
        .sort();
      if (logins.length === 0) throw new AppError('unauthenticated', 'log in first: no token', 'open /login and paste a bearer token');
      return { key: `token:${hash(logins.join('\u0000'))}`, identityFor: (context) => identityFromCookies(cookie, context) };
    }
  }
}

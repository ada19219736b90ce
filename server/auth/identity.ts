import 'server-only';
// Who a request acts as. Local mode: the kubeconfig context's own user. Token mode: the bearer
// token the user logged in to that context with (one HttpOnly cookie per context): a token is
// bound to the context whose API server accepted it, and kubeConfigFor refuses to send it
// anywhere else. Proxy mode: the user and groups an authenticating proxy vouches for,
// impersonated on top of Podscope's own credentials. In both shared modes every Kubernetes
// request is made with the user's own rights, never Podscope's. Watch caches are keyed by
// identity, so two identities never share cached data.
import { createHash } from 'node:crypto';
import { config } from '../config';
import { AppError } from '../errors';
import { listContexts } from '../kube/clusters';
import { proxySettings, readProxyHeaders } from './proxy-headers';
import { parseCookies, TOKEN_COOKIE_PREFIX, tokenFor } from './token-cookie';

export type Identity =
  | { kind: 'kubeconfig' }
  /** `context`: the one context this token was checked against and may be sent to */
  | { kind: 'token'; token: string; key: string; context: string }
  | { kind: 'impersonate'; user: string; groups: string[]; key: string };

export const LOCAL: Identity = { kind: 'kubeconfig' };

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);

export function tokenIdentity(token: string, context: string): Identity {
  return { kind: 'token', token, context, key: hash(`${context}\u0000${token}`) };
}

/** The user and groups an authenticating proxy vouched for; the key is the same for any order of groups. */
export function impersonateIdentity(user: string, groups: string[]): Identity {
  return { kind: 'impersonate', user, groups, key: hash(JSON.stringify([user, [...new Set(groups)].sort()])) };
}

/** The cache key of an identity on a context. Never contains the token itself. */
export function identityKey(context: string, id: Identity): string {
  if (id.kind === 'token') return `token:${id.key}`;
  if (id.kind === 'impersonate') return `impersonate:${id.key}`;
  const ctx = listContexts().contexts.find((c) => c.name === context);
  return `kubeconfig:${context}:${ctx?.user ?? ''}`;
}

/**
 * Whoever opened a stream (or owns a session): the identity to act as on each context. In token
 * mode that is a different login per context, and a context without one has none.
 */
export interface Principal {
  /** stable for the same logins: a stream's control requests must come from its owner */
  key: string;
  identityFor(context: string): Identity;
}

/** One identity for every context (local mode, proxy mode, tests). */
export function principalOf(id: Identity): Principal {
  return { key: id.kind === 'kubeconfig' ? 'kubeconfig' : `${id.kind}:${id.key}`, identityFor: () => id };
}

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

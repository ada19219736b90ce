import 'server-only';
// Who a request acts as. Local mode: the kubeconfig context's own user. Token mode: the bearer
// token the user logged in with (kept in an HttpOnly cookie). Proxy mode: the user and groups an
// authenticating proxy vouches for, impersonated on top of Podscope's own credentials. In both
// shared modes every Kubernetes request is made with the user's own rights, never Podscope's.
// Watch caches are keyed by identity, so two identities never share cached data.
import { createHash } from 'node:crypto';
import { config } from '../config';
import { AppError } from '../errors';
import { listContexts } from '../kube/clusters';
import { proxySettings, readProxyHeaders } from './proxy-headers';

export const TOKEN_COOKIE = 'podscope_token';

export type Identity =
  | { kind: 'kubeconfig' }
  | { kind: 'token'; token: string; key: string }
  | { kind: 'impersonate'; user: string; groups: string[]; key: string };

export const LOCAL: Identity = { kind: 'kubeconfig' };

export function tokenIdentity(token: string): Identity {
  return { kind: 'token', token, key: createHash('sha256').update(token).digest('hex').slice(0, 24) };
}

/** The user and groups an authenticating proxy vouched for; the key is the same for any order of groups. */
export function impersonateIdentity(user: string, groups: string[]): Identity {
  const key = createHash('sha256').update(JSON.stringify([user, [...new Set(groups)].sort()])).digest('hex').slice(0, 24);
  return { kind: 'impersonate', user, groups, key };
}

/** The cache key of an identity on a context. Never contains the token itself. */
export function identityKey(context: string, id: Identity): string {
  if (id.kind === 'token') return `token:${id.key}`;
  if (id.kind === 'impersonate') return `impersonate:${id.key}`;
  const ctx = listContexts().contexts.find((c) => c.name === context);
  return `kubeconfig:${context}:${ctx?.user ?? ''}`;
}

/** @deprecated kept for call sites in local mode only */
export function identityFor(context: string): string {
  return identityKey(context, LOCAL);
}

function cookieValue(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** Token mode: the identity of the token cookie; a request without a token is refused. */
export function identityFromCookieHeader(header: string | null | undefined): Identity {
  const token = cookieValue(header, TOKEN_COOKIE);
  if (!token || token.length > 16_384) throw new AppError('unauthenticated', 'log in first: no token', 'open /login and paste a bearer token');
  return tokenIdentity(token);
}

/** Proxy mode: the identity the proxy's headers carry; without the proxy's secret and a user, refused. */
export function identityFromProxyHeaders(headers: Headers): Identity {
  const who = readProxyHeaders(headers, proxySettings(config()));
  if (!who.ok) throw new AppError('unauthenticated', who.message, 'open Podscope through its authenticating proxy');
  return impersonateIdentity(who.user, who.groups);
}

/** The identity a request acts as. There is no anonymous fallback in the shared modes. */
export function requestIdentity(req: Request): Identity {
  switch (config().PODSCOPE_AUTH) {
    case 'none': return LOCAL;
    case 'token': return identityFromCookieHeader(req.headers.get('cookie'));
    case 'proxy': return identityFromProxyHeaders(req.headers);
  }
}

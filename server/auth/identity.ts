import 'server-only';
// Who a request acts as. Local mode: the kubeconfig context's own user. Token mode: the bearer
// token the user logged in with (kept in an HttpOnly cookie), so every Kubernetes request is
// made with the user's own rights, never Podscope's. Watch caches are keyed by identity, so two
// identities never share cached data.
import { createHash } from 'node:crypto';
import { config } from '../config';
import { AppError } from '../errors';
import { listContexts } from '../kube/clusters';

export const TOKEN_COOKIE = 'podscope_token';

export type Identity = { kind: 'kubeconfig' } | { kind: 'token'; token: string; key: string };

export const LOCAL: Identity = { kind: 'kubeconfig' };

export function tokenIdentity(token: string): Identity {
  return { kind: 'token', token, key: createHash('sha256').update(token).digest('hex').slice(0, 24) };
}

/** The cache key of an identity on a context. Never contains the token itself. */
export function identityKey(context: string, id: Identity): string {
  if (id.kind === 'token') return `token:${id.key}`;
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

/** The identity a request acts as; in token mode, a request without a token is refused. */
export function identityFromCookieHeader(header: string | null | undefined): Identity {
  if (config().PODSCOPE_AUTH === 'none') return LOCAL;
  const token = cookieValue(header, TOKEN_COOKIE);
  if (!token || token.length > 16_384) throw new AppError('unauthenticated', 'log in first: no token', 'open /login and paste a bearer token');
  return tokenIdentity(token);
}

export function requestIdentity(req: Request): Identity {
  return identityFromCookieHeader(req.headers.get('cookie'));
}

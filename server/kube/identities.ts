import 'server-only';
// Who a request to an API server acts as: the kubeconfig's own user, a user's bearer token bound
// to the one context that accepted it, or a user and groups impersonated (server/auth/identity.ts
// says how a request to Podscope gets one).
import { createHash } from 'node:crypto';

export const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 24);

export type Identity =
  | { kind: 'kubeconfig' }
  /** `context`: the one context this token was checked against and may be sent to */
  | { kind: 'token'; token: string; key: string; context: string }
  | { kind: 'impersonate'; user: string; groups: string[]; key: string };

export const LOCAL: Identity = { kind: 'kubeconfig' };

export function tokenIdentity(token: string, context: string): Identity {
  return { kind: 'token', token, context, key: hash(`${context}\u0000${token}`) };
}

/** The user and groups an authenticating proxy vouched for; the key is the same for any order of groups. */
export function impersonateIdentity(user: string, groups: string[]): Identity {
  return { kind: 'impersonate', user, groups, key: hash(JSON.stringify([user, [...new Set(groups)].sort()])) };
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

// Proxy mode (PODSCOPE_AUTH=proxy): an authenticating proxy in front of Podscope (oauth2-proxy
// and the like) vouches for the user in request headers, and Podscope impersonates that user.
// Next.js gives route handlers and proxy.ts no peer address, so the proxy proves itself with a
// shared secret in a header. Pure (no Next.js, no server-only): proxy.ts, the startup check and
// requestIdentity share these rules, and unit tests run them directly.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface ProxySettings {
  secret: string;
  secretHeader: string;
  userHeader: string;
  groupsHeader: string;
}

export type ProxyEnv = {
  PODSCOPE_PROXY_SECRET?: string;
  PODSCOPE_PROXY_SECRET_HEADER?: string;
  PODSCOPE_PROXY_USER_HEADER?: string;
  PODSCOPE_PROXY_GROUPS_HEADER?: string;
};

export const MIN_SECRET_LENGTH = 32;
export const MAX_NAME_LENGTH = 256;
export const MAX_GROUPS = 64;

const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
// C0 controls and DEL: never part of a user or group name. (Bytes above 0x7f are left alone:
// header values arrive as Latin-1, so a UTF-8 name passes through to the API server unchanged.)
// eslint-disable-next-line no-control-regex -- control characters are exactly what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The proxy-mode settings; throws a message fit for the startup log (never the secret itself). */
export function proxySettings(env: ProxyEnv & Record<string, unknown>): ProxySettings {
  const header = (name: keyof ProxyEnv, fallback: string) => {
    const v = (env[name] || fallback).trim().toLowerCase();
    if (!HEADER_NAME.test(v)) throw new Error(`${name} is not a valid HTTP header name`);
    return v;
  };
  const s = {
    secret: env.PODSCOPE_PROXY_SECRET ?? '',
    secretHeader: header('PODSCOPE_PROXY_SECRET_HEADER', 'x-podscope-proxy-secret'),
    userHeader: header('PODSCOPE_PROXY_USER_HEADER', 'x-forwarded-user'),
    groupsHeader: header('PODSCOPE_PROXY_GROUPS_HEADER', 'x-forwarded-groups'),
  };
  if (s.secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `PODSCOPE_AUTH=proxy needs PODSCOPE_PROXY_SECRET (${s.secret ? 'it is too short' : 'it is not set'}): at least ${MIN_SECRET_LENGTH} characters, e.g. from \`openssl rand -hex 32\`, that the authenticating proxy sends in the ${s.secretHeader} header`,
    );
  }
  if (new Set([s.secretHeader, s.userHeader, s.groupsHeader]).size !== 3)
    throw new Error('the proxy secret, user and groups headers must be three different headers');
  return s;
}

export type ProxyCheck = { ok: true; user: string; groups: string[] } | { ok: false; message: string };

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant time whatever the lengths: equal-length digests are compared, never the strings. */
function sameSecret(presented: string, secret: string): boolean {
  return timingSafeEqual(digest(presented), digest(secret));
}

function nameProblem(v: string): string | undefined {
  if (v.length > MAX_NAME_LENGTH) return `is longer than ${MAX_NAME_LENGTH} characters`;
  if (CONTROL.test(v)) return 'contains control characters';
  // system: names are Kubernetes' own (system:masters, nodes, service accounts); no identity
  // provider issues them, so a proxy asking for one is misconfigured or compromised
  if (v.startsWith('system:')) return 'names a reserved "system:" identity';
  return undefined;
}

/** Who the proxy says the request is from, or why the request is not authenticated. */
export function readProxyHeaders(headers: Headers, s: ProxySettings): ProxyCheck {
  const fail = (why: string): ProxyCheck => ({ ok: false, message: `not authenticated by the proxy: ${why}` });
  const presented = headers.get(s.secretHeader);
  if (presented === null) return fail(`the request has no ${s.secretHeader} header`);
  if (!sameSecret(presented, s.secret)) return fail(`the ${s.secretHeader} header does not match PODSCOPE_PROXY_SECRET`);

  const user = (headers.get(s.userHeader) ?? '').trim();
  if (!user) return fail(`no user in the ${s.userHeader} header`);
  // a repeated header arrives joined with ", ": one request is one user
  if (user.includes(',')) return fail(`the ${s.userHeader} header carries more than one user`);
  const userProblem = nameProblem(user);
  if (userProblem) return fail(`the user in ${s.userHeader} ${userProblem}`);

  // comma-separated, or the header repeated (which Headers joins with ", ")
  const groups = [
    ...new Set(
      (headers.get(s.groupsHeader) ?? '')
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    ),
  ];
  if (groups.length > MAX_GROUPS) return fail(`more than ${MAX_GROUPS} groups in ${s.groupsHeader}`);
  for (const g of groups) {
    const p = nameProblem(g);
    if (p) return fail(`a group in ${s.groupsHeader} ${p}`);
  }
  return { ok: true, user, groups };
}

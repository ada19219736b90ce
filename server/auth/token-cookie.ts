// Token mode keeps one login per kubeconfig context, each in its own HttpOnly cookie: a token
// the API server of context A accepted is only ever sent to A. Other contexts need their own
// login. No server-only import: the request gate (proxy.ts) reads these too.
import { createHash } from 'node:crypto';

export const TOKEN_COOKIE_PREFIX = 'podscope_token_';
export const MAX_TOKEN_LENGTH = 16_384;

/** The cookie holding the token for `context` (its name derived from the context's). */
export function tokenCookieName(context: string): string {
  return TOKEN_COOKIE_PREFIX + createHash('sha256').update(context).digest('hex').slice(0, 16);
}

export function hasTokenCookie(cookies: { name: string; value: string }[]): boolean {
  return cookies.some((c) => c.name.startsWith(TOKEN_COOKIE_PREFIX) && c.value !== '');
}

/** name → value of a Cookie header. */
export function parseCookies(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (out.has(name)) continue; // the first (most specific path) wins, as browsers order them
    try {
      out.set(name, decodeURIComponent(part.slice(i + 1).trim()));
    } catch {
      /* a malformed value is no token */
    }
  }
  return out;
}

/** The token the user logged in to `context` with, if any. */
export function tokenFor(cookieHeader: string | null | undefined, context: string): string | undefined {
  const t = parseCookies(cookieHeader).get(tokenCookieName(context));
  return t && t.length <= MAX_TOKEN_LENGTH ? t : undefined;
}

/** The names of every token cookie the request carries (to clear them at logout). */
export function tokenCookieNames(cookieHeader: string | null | undefined): string[] {
  return [...parseCookies(cookieHeader).keys()].filter((n) => n.startsWith(TOKEN_COOKIE_PREFIX));
}

export function setTokenCookie(context: string, token: string, maxAgeSeconds = 43_200): string {
  return `${tokenCookieName(context)}=${encodeURIComponent(token)}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

export function clearCookie(name: string): string {
  return `${name}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;
}

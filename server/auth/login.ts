import 'server-only';
// Token mode's login: the API server of the chosen context checks the token (SelfSubjectReview);
// a valid one goes into that context's HttpOnly, Secure, SameSite=Strict cookie, never into a
// URL or storage, and is only ever sent to that context's API server. Failures are rate-limited
// per client address and in total, and each leaves an audit line.
import { config } from '../config';
import { AppError, toAppError } from '../errors';
import { listContexts } from '../kube/clusters';
import { clusterInfo } from '../kube/info';
import { log } from '../log';
import { tokenIdentity } from './identity';
import { MAX_TOKEN_LENGTH, setTokenCookie } from './token-cookie';

/**
 * Where to go after logging in: a path on this origin only. Browsers drop tabs and newlines from
 * URLs and read "\" as "/", so `/%09/evil.example` or `/\evil.example` would leave the origin;
 * the path is resolved as a browser would and kept only if it stays here.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2048) return '/';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return '/';
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
  if (/[\u0000-\u001f\u007f\\]/.test(decoded) || decoded.startsWith('//')) return '/';
  const base = 'http://podscope.invalid';
  let u: URL;
  try {
    u = new URL(next, base);
  } catch {
    return '/';
  }
  if (u.origin !== base || u.pathname.startsWith('//')) return '/';
  return `${u.pathname}${u.search}${u.hash}`;
}

const WINDOW_MS = 60_000;
const failures = { byClient: new Map<string, number[]>(), all: [] as number[] };

function recent(list: number[], now: number): number[] {
  while (list.length && now - list[0] > WINDOW_MS) list.shift();
  return list;
}

function assertNotThrottled(client: string, now: number) {
  const cfg = config();
  if (recent(failures.all, now).length >= cfg.PODSCOPE_LOGIN_FAILURES_TOTAL) {
    throw new AppError('too-many', 'too many failed logins on this Podscope in the last minute; try again in a minute');
  }
  if (recent(failures.byClient.get(client) ?? [], now).length >= cfg.PODSCOPE_LOGIN_FAILURES_PER_CLIENT) {
    throw new AppError('too-many', 'too many failed logins from your address in the last minute; try again in a minute');
  }
}

function noteFailure(client: string, now: number) {
  failures.all.push(now);
  const list = failures.byClient.get(client) ?? [];
  list.push(now);
  if (failures.byClient.size > 10_000) failures.byClient.clear();
  failures.byClient.set(client, list);
}

export interface LoginResult {
  cookie: string;
  context: string;
  user: string;
}

/** Checks a token against `context`'s API server; throws an AppError saying why it cannot log in. */
export async function login(form: { token: unknown; context: unknown }, client: string | undefined): Promise<LoginResult> {
  const now = Date.now();
  const who = client ?? 'unknown';
  const reg = listContexts();
  const context = typeof form.context === 'string' && form.context ? form.context : reg.current;
  try {
    assertNotThrottled(who, now);
    if (!context) throw new AppError('unavailable', reg.problem ?? 'no cluster configured');
    if (!reg.contexts.some((c) => c.name === context)) throw new AppError('invalid', `there is no context named "${context}"`);
    const token = String(form.token ?? '').trim();
    if (!token || token.length > MAX_TOKEN_LENGTH || /\s/.test(token)) throw new AppError('invalid', 'paste one bearer token');
    const info = await clusterInfo(context, 0, tokenIdentity(token, context));
    if (!info.reachable) {
      if (info.error?.kind === 'unauthenticated') throw new AppError('unauthenticated', 'the API server rejected this token');
      throw new AppError('unavailable', `cannot check the token: ${info.error?.message ?? 'the API server is unreachable'}`);
    }
    log.info('login', { user: info.user ?? 'unknown', context, client: who });
    return { cookie: setTokenCookie(context, token), context, user: info.user ?? 'unknown' };
  } catch (err) {
    const e = toAppError(err);
    // an unreachable API server says nothing about the token, and a refused attempt was never
    // tried: neither counts against the client (but both are audited)
    if (e.kind !== 'unavailable' && e.kind !== 'too-many') noteFailure(who, now);
    log.warn('audit', {
      action: 'login',
      result: `failed: ${e.kind}: ${e.message}`,
      context: context ?? '',
      client: who,
      at: new Date(now).toISOString(),
    });
    throw e;
  }
}

/** For tests: forget the failures seen so far. */
export function resetLoginLimits(): void {
  failures.byClient.clear();
  failures.all.length = 0;
}

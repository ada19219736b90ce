import 'server-only';
// CSRF tokens for write actions: an HMAC of the caller's identity with a key that lives only in
// this process. A page gets it from a same-origin GET; another site can neither read nor forge it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Identity, identityKey } from './identity';

const g = globalThis as unknown as { __podscopeCsrfKey?: Buffer };
const key = (g.__podscopeCsrfKey ??= randomBytes(32));

export function csrfToken(context: string, id: Identity): string {
  return createHmac('sha256', key)
    .update(`${context}\u0000${identityKey(context, id)}`)
    .digest('base64url');
}

export function csrfValid(context: string, id: Identity, presented: string | null): boolean {
  if (!presented) return false;
  const want = Buffer.from(csrfToken(context, id));
  const got = Buffer.from(presented);
  return want.length === got.length && timingSafeEqual(want, got);
}

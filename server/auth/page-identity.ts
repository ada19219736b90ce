import 'server-only';
// The identity of the request a page is rendering for (server components read cookies).
import { cookies } from 'next/headers';
import { config } from '../config';
import { type Identity, LOCAL, TOKEN_COOKIE, tokenIdentity } from './identity';

/** null in token mode when nobody is logged in. */
export async function pageIdentity(): Promise<Identity | null> {
  if (config().PODSCOPE_AUTH === 'none') return LOCAL;
  const token = (await cookies()).get(TOKEN_COOKIE)?.value;
  return token ? tokenIdentity(token) : null;
}

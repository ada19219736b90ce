import 'server-only';
// State-changing requests must come from a page of this origin (the Origin header browsers
// send on POST), or they are refused: the CSRF check that needs no state.
import { AppError } from '../errors';

export function assertSameOrigin(req: Request): void {
  // browsers label every request with Sec-Fetch-Site; a cross-site one can never claim same-origin
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin') throw new AppError('forbidden', `cross-site request refused (${site})`);
  const origin = req.headers.get('origin');
  if (origin === 'null' && site === 'same-origin') return;
  const host = req.headers.get('host');
  if (!origin || !host) throw new AppError('forbidden', 'cross-site request refused: no Origin header');
  let o: URL;
  try { o = new URL(origin); } catch { throw new AppError('forbidden', 'cross-site request refused: bad Origin header'); }
  if (o.host !== host) throw new AppError('forbidden', `cross-site request refused: ${o.host} is not ${host}`);
}

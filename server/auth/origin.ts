import 'server-only';
// State-changing requests must come from a page of Podscope's own origin (the Origin header
// browsers send on POST), or they are refused: the CSRF check that needs no state. The request
// gate (proxy.ts) applies the same rule to every request first; routes that change state call
// this again so the rule holds wherever a handler is reached from.
import { AppError } from '../errors';
import { hostPolicy, originProblem } from './host';

export function assertSameOrigin(req: Request): void {
  const why = originProblem(req.headers, hostPolicy(process.env), { requireOrigin: true });
  if (why) throw new AppError('forbidden', why);
}

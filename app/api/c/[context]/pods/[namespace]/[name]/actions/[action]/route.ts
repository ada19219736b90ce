// POST .../actions/{delete|restart}: only when actions are on, from this origin, with the CSRF token.
import { z } from 'zod';
import { CSRF_HEADER } from '@/lib/api/paths';
import { runAction } from '@/server/actions/actions';
import { csrfValid } from '@/server/auth/csrf';
import { requestIdentity } from '@/server/auth/identity';
import { assertSameOrigin } from '@/server/auth/origin';
import { config } from '@/server/config';
import { AppError } from '@/server/errors';
import { podRoute } from '@/server/http/pod-route';
import { validated } from '@/server/http/validate';

export const dynamic = 'force-dynamic';

export const POST = podRoute<{ action: string }>('action', async (request, p, extra) => {
  const { action } = validated(z.object({ action: z.enum(['delete', 'restart']) }), extra);
  if (config().PODSCOPE_ACTIONS !== 'on')
    throw new AppError('forbidden', 'write actions are turned off (PODSCOPE_ACTIONS=on turns them on)');
  assertSameOrigin(request);
  const id = requestIdentity(request, p.context);
  if (!csrfValid(p.context, id, request.headers.get(CSRF_HEADER)))
    throw new AppError('forbidden', 'missing or wrong CSRF token: reload the page and try again');
  return Response.json(await runAction(p.context, id, p.namespace, p.name, action));
});

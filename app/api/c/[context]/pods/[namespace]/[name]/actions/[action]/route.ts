// POST .../actions/{delete|restart}: only when actions are on, from this origin, with the CSRF token.
import { z } from 'zod';
import { decodeSegment } from '@/lib/links';
import { contextName, namespaceName, objectName } from '@/lib/validation/names';
import { runAction } from '@/server/actions/actions';
import { csrfValid } from '@/server/auth/csrf';
import { requestIdentity } from '@/server/auth/identity';
import { assertSameOrigin } from '@/server/auth/origin';
import { config } from '@/server/config';
import { AppError } from '@/server/errors';
import { validated } from '@/server/http/validate';
import { timed } from '@/server/http/timed';

export const dynamic = 'force-dynamic';

export const POST = timed(
  'action',
  async (request: Request, ctx: { params: Promise<{ context: string; namespace: string; name: string; action: string }> }) => {
    const p = validated(
      z.object({ context: contextName, namespace: namespaceName, name: objectName, action: z.enum(['delete', 'restart']) }),
      await ctx.params.then((x) => ({ ...x, context: decodeSegment(x.context) })),
    );
    if (config().PODSCOPE_ACTIONS !== 'on')
      throw new AppError('forbidden', 'write actions are turned off (PODSCOPE_ACTIONS=on turns them on)');
    assertSameOrigin(request);
    const id = requestIdentity(request, p.context);
    if (!csrfValid(p.context, id, request.headers.get('x-podscope-csrf')))
      throw new AppError('forbidden', 'missing or wrong CSRF token: reload the page and try again');
    return Response.json(await runAction(p.context, id, p.namespace, p.name, p.action));
  },
);

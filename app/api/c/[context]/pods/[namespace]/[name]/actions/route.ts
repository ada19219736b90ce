// GET .../actions: which write actions this user may take on the pod, and the CSRF token to use.
import { z } from 'zod';
import { decodeSegment } from '@/lib/links';
import { contextName, namespaceName, objectName } from '@/lib/validation/names';
import { availableActions } from '@/server/actions/actions';
import { csrfToken } from '@/server/auth/csrf';
import { requestIdentity } from '@/server/auth/identity';
import { config } from '@/server/config';
import { validated } from '@/server/http/validate';
import { timed } from '@/server/http/timed';

export const dynamic = 'force-dynamic';

export const GET = timed(
  'actions',
  async (request: Request, ctx: { params: Promise<{ context: string; namespace: string; name: string }> }) => {
    const p = validated(
      z.object({ context: contextName, namespace: namespaceName, name: objectName }),
      await ctx.params.then((x) => ({ ...x, context: decodeSegment(x.context) })),
    );
    if (config().PODSCOPE_ACTIONS !== 'on') return Response.json({ enabled: false });
    const id = requestIdentity(request, p.context);
    const a = await availableActions(p.context, id, p.namespace, p.name);
    return Response.json({ enabled: true, ...a, csrf: csrfToken(p.context, id) }, { headers: { 'Cache-Control': 'no-store' } });
  },
);

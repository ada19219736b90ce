// GET .../history: the flight recorder's record of a deleted pod (its last state and when it was
// deleted), for the pod page once the pod is gone. Served only to whoever may get pods there.
import { z } from 'zod';
import { decodeSegment } from '@/lib/links';
import { contextName, namespaceName, objectName } from '@/lib/validation/names';
import { assertCanReadPods } from '@/server/auth/access';
import { requestIdentity } from '@/server/auth/identity';
import { AppError } from '@/server/errors';
import { deletedPod } from '@/server/recorder/store';
import { validated } from '@/server/http/validate';
import { timed } from '@/server/http/timed';

export const dynamic = 'force-dynamic';

export const GET = timed(
  'history',
  async (request: Request, ctx: { params: Promise<{ context: string; namespace: string; name: string }> }) => {
    const p = validated(
      z.object({ context: contextName, namespace: namespaceName, name: objectName }),
      await ctx.params.then((x) => ({ ...x, context: decodeSegment(x.context) })),
    );
    await assertCanReadPods(p.context, requestIdentity(request, p.context), p.namespace);
    const rec = await deletedPod(p.context, `${p.namespace}/${p.name}`);
    if (!rec) throw new AppError('not-found', `no record of a deleted pod ${p.namespace}/${p.name}`);
    return Response.json(rec, { headers: { 'Cache-Control': 'no-store' } });
  },
);

// POST .../snapshots: freeze this pod's debug page into a snapshot; answers its id and link.
// Same-origin only (it writes to Podscope's store), made with the caller's own identity.
import { z } from 'zod';
import { decodeSegment } from '@/lib/links';
import { contextName, namespaceName, objectName } from '@/lib/validation/names';
import { requestIdentity } from '@/server/auth/identity';
import { assertSameOrigin } from '@/server/auth/origin';
import { validated } from '@/server/http/validate';
import { timed } from '@/server/http/timed';
import { createSnapshot } from '@/server/snapshots/snapshot';

export const dynamic = 'force-dynamic';

export const POST = timed(
  'snapshot-create',
  async (request: Request, ctx: { params: Promise<{ context: string; namespace: string; name: string }> }) => {
    const p = validated(
      z.object({ context: contextName, namespace: namespaceName, name: objectName }),
      await ctx.params.then((x) => ({ ...x, context: decodeSegment(x.context) })),
    );
    assertSameOrigin(request);
    const s = await createSnapshot(p.context, requestIdentity(request, p.context), p.namespace, p.name);
    return Response.json({ id: s.id, url: `/s/${s.id}` }, { status: 201 });
  },
);

// GET /api/c/{context}/pods/{namespace}/{name}/diagnosis: the pod's findings as JSON.
import { decodeSegment } from '@/lib/links';
import { z } from 'zod';
import { diagnosisReport } from '@/lib/diagnosis/engine';
import { contextName, namespaceName, objectName } from '@/lib/validation/names';
import { gatherDiagnosisInput } from '@/server/diagnosis/gather';
import { validated } from '@/server/http/validate';
import { timed } from '@/server/http/timed';
import { requestIdentity } from '@/server/auth/identity';

export const dynamic = 'force-dynamic';

export const GET = timed(
  'diagnosis',
  async (request: Request, ctx: { params: Promise<{ context: string; namespace: string; name: string }> }): Promise<Response> => {
    const p = await ctx.params;
    const parsed = validated(z.object({ context: contextName, namespace: namespaceName, name: objectName }), {
      ...p,
      context: decodeSegment(p.context),
    });
    const input = await gatherDiagnosisInput(
      parsed.context,
      parsed.namespace,
      parsed.name,
      Date.now(),
      requestIdentity(request, parsed.context),
    );
    return Response.json({
      pod: {
        context: parsed.context,
        namespace: parsed.namespace,
        name: parsed.name,
        uid: input.pod.metadata?.uid,
        resourceVersion: input.pod.metadata?.resourceVersion,
      },
      ...diagnosisReport(input),
    });
  },
);

// GET /api/c/{context}/pods/{namespace}/{name}/diagnosis: the pod's findings as JSON.
import { decodeSegment } from '@/lib/links';
import { z } from 'zod';
import { diagnose, primary } from '@/lib/diagnosis/engine';
import { contextName, namespaceName, objectName } from '@/lib/validation/names';
import { gatherDiagnosisInput } from '@/server/diagnosis/gather';
import { AppError } from '@/server/errors';
import { timed } from '@/server/http/timed';
import { requestIdentity } from '@/server/auth/identity';

export const dynamic = 'force-dynamic';

export const GET = timed('diagnosis', async (request: Request, ctx: { params: Promise<{ context: string; namespace: string; name: string }> }): Promise<Response> => {
  const p = await ctx.params;
  const parsed = z.object({ context: contextName, namespace: namespaceName, name: objectName }).safeParse({ ...p, context: decodeSegment(p.context) });
  if (!parsed.success) throw new AppError('invalid', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const input = await gatherDiagnosisInput(parsed.data.context, parsed.data.namespace, parsed.data.name, Date.now(), requestIdentity(request));
  const findings = diagnose(input);
  return Response.json({
    pod: { context: parsed.data.context, namespace: parsed.data.namespace, name: parsed.data.name, uid: input.pod.metadata?.uid, resourceVersion: input.pod.metadata?.resourceVersion },
    diagnosedAt: new Date(input.now).toISOString(),
    healthy: findings.every((f) => f.category === 'spec'),
    primary: primary(findings)?.id ?? null,
    findings,
  });
});

// GET /api/c/{context}/pods/{namespace}/{name}/diagnosis: the pod's findings as JSON.
import { diagnosisReport } from '@/lib/diagnosis/engine';
import { requestIdentity } from '@/server/auth/identity';
import { gatherDiagnosisInput } from '@/server/diagnosis/gather';
import { podRoute } from '@/server/http/pod-route';

export const dynamic = 'force-dynamic';

export const GET = podRoute('diagnosis', async (request, p) => {
  const input = await gatherDiagnosisInput(p.context, p.namespace, p.name, Date.now(), requestIdentity(request, p.context));
  return Response.json({
    pod: {
      context: p.context,
      namespace: p.namespace,
      name: p.name,
      uid: input.pod.metadata?.uid,
      resourceVersion: input.pod.metadata?.resourceVersion,
    },
    ...diagnosisReport(input),
  });
});

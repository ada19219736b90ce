// GET .../history: the flight recorder's record of a deleted pod (its last state and when it was
// deleted), for the pod page once the pod is gone. Served only to whoever may get pods there.
import { assertCanReadPods } from '@/server/auth/access';
import { requestIdentity } from '@/server/auth/identity';
import { AppError } from '@/server/errors';
import { podRoute } from '@/server/http/pod-route';
import { deletedPod } from '@/server/recorder/store';

export const dynamic = 'force-dynamic';

export const GET = podRoute('history', async (request, p) => {
  await assertCanReadPods(p.context, requestIdentity(request, p.context), p.namespace);
  const rec = await deletedPod(p.context, `${p.namespace}/${p.name}`);
  if (!rec) throw new AppError('not-found', `no record of a deleted pod ${p.namespace}/${p.name}`);
  return Response.json(rec);
});

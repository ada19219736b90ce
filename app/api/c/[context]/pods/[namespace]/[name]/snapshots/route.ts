// POST .../snapshots: freeze this pod's debug page into a snapshot; answers its id and link.
// Same-origin only (it writes to Podscope's store), made with the caller's own identity.
import { requestIdentity } from '@/server/auth/identity';
import { assertSameOrigin } from '@/server/auth/origin';
import { podRoute } from '@/server/http/pod-route';
import { createSnapshot } from '@/server/snapshots/snapshot';

export const dynamic = 'force-dynamic';

export const POST = podRoute('snapshot-create', async (request, p) => {
  assertSameOrigin(request);
  const s = await createSnapshot(p.context, requestIdentity(request, p.context), p.namespace, p.name);
  return Response.json({ id: s.id, url: `/s/${s.id}` }, { status: 201 });
});

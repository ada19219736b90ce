// GET .../actions: which write actions this user may take on the pod, and the CSRF token to use.
import { availableActions } from '@/server/actions/actions';
import { csrfToken } from '@/server/auth/csrf';
import { requestIdentity } from '@/server/auth/identity';
import { config } from '@/server/config';
import { podRoute } from '@/server/http/pod-route';

export const dynamic = 'force-dynamic';

export const GET = podRoute('actions', async (request, p) => {
  if (config().PODSCOPE_ACTIONS !== 'on') return Response.json({ enabled: false });
  const id = requestIdentity(request, p.context);
  const a = await availableActions(p.context, id, p.namespace, p.name);
  return Response.json({ enabled: true, ...a, csrf: csrfToken(p.context, id) });
});

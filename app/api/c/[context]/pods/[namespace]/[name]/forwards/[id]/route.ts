// DELETE .../forwards/{id}: close a forward you opened (same origin, CSRF token).
import { CSRF_HEADER } from '@/lib/api/paths';
import { csrfValid } from '@/server/auth/csrf';
import { requestIdentity } from '@/server/auth/identity';
import { assertSameOrigin } from '@/server/auth/origin';
import { AppError } from '@/server/errors';
import { closeForward, forwardById, ownedBy } from '@/server/exec/portforward';
import { podRoute } from '@/server/http/pod-route';

export const dynamic = 'force-dynamic';

export const DELETE = podRoute<{ id: string }>('forward-close', async (request, p, extra) => {
  assertSameOrigin(request);
  const id = requestIdentity(request, p.context);
  if (!csrfValid(p.context, id, request.headers.get(CSRF_HEADER)))
    throw new AppError('forbidden', 'missing or wrong CSRF token: reload the page and try again');
  const f = forwardById(extra.id);
  if (!f || f.context !== p.context || f.namespace !== p.namespace || f.pod !== p.name || !ownedBy(f, id))
    throw new AppError('not-found', 'no such forward of yours on this pod');
  await closeForward(f.id, 'closed by the user');
  return Response.json({ ok: true });
});

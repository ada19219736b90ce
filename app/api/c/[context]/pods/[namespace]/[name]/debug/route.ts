// POST .../debug {image, profile, target?}: add an ephemeral debug container (kubectl debug), only
// when PODSCOPE_EXEC=on, from this origin, with the CSRF token; the image must be on the list.
import { CSRF_HEADER } from '@/lib/api/paths';
import { debugRequest } from '@/lib/api/exec';
import { csrfValid } from '@/server/auth/csrf';
import { requestIdentity } from '@/server/auth/identity';
import { assertSameOrigin } from '@/server/auth/origin';
import { config } from '@/server/config';
import { AppError } from '@/server/errors';
import { addDebugContainer } from '@/server/exec/debug';
import { podRoute } from '@/server/http/pod-route';
import { validated } from '@/server/http/validate';

export const dynamic = 'force-dynamic';

export const POST = podRoute('debug', async (request, p) => {
  if (config().PODSCOPE_EXEC !== 'on') throw new AppError('forbidden', 'debug containers are turned off (PODSCOPE_EXEC=on turns them on)');
  assertSameOrigin(request);
  const id = requestIdentity(request, p.context);
  if (!csrfValid(p.context, id, request.headers.get(CSRF_HEADER)))
    throw new AppError('forbidden', 'missing or wrong CSRF token: reload the page and try again');
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError('invalid', 'the body must be JSON: {"image", "profile", "target"}');
  }
  const req = validated(debugRequest, body);
  return Response.json(await addDebugContainer(p.context, id, p.namespace, p.name, req));
});

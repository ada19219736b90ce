// POST .../debug/copy {container?}: a debug copy of the pod (kubectl debug --copy-to), for a pod
// whose container cannot stay up long enough to be shelled into. DELETE .../debug/copy?name=…:
// the copy is deleted when the debugging is done (only a pod marked as this pod's copy).
// Both only with PODSCOPE_EXEC=on, from this origin, with the CSRF token, as the user.
import { CSRF_HEADER } from '@/lib/api/paths';
import { copyRequest } from '@/lib/api/exec';
import { objectName } from '@/lib/validation/names';
import { csrfValid } from '@/server/auth/csrf';
import { requestIdentity } from '@/server/auth/identity';
import { assertSameOrigin } from '@/server/auth/origin';
import { config } from '@/server/config';
import { AppError } from '@/server/errors';
import { copyForDebug, deleteDebugCopy } from '@/server/exec/debug';
import { podRoute } from '@/server/http/pod-route';
import { validated } from '@/server/http/validate';

export const dynamic = 'force-dynamic';

function checked(request: Request, context: string) {
  if (config().PODSCOPE_EXEC !== 'on') throw new AppError('forbidden', 'debugging is turned off (PODSCOPE_EXEC=on turns it on)');
  assertSameOrigin(request);
  const id = requestIdentity(request, context);
  if (!csrfValid(context, id, request.headers.get(CSRF_HEADER)))
    throw new AppError('forbidden', 'missing or wrong CSRF token: reload the page and try again');
  return id;
}

export const POST = podRoute('debug-copy', async (request, p) => {
  const id = checked(request, p.context);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError('invalid', 'the body must be JSON: {"container"}');
  }
  const req = validated(copyRequest, body);
  return Response.json(await copyForDebug(p.context, id, p.namespace, p.name, req.container));
});

export const DELETE = podRoute('debug-copy', async (request, p) => {
  const id = checked(request, p.context);
  const copy = validated(objectName, new URL(request.url).searchParams.get('name') ?? '');
  return Response.json(await deleteDebugCopy(p.context, id, p.namespace, copy, p.name));
});

// GET .../exec: whether this user may open a shell in the pod or add a debug container to it (each
// a SelfSubjectAccessReview), the CSRF token the WebSocket upgrade and the debug POST need, and
// the debug images and profiles on offer. The shell itself is a WebSocket upgrade of this same
// path, handled by server/upgrade.ts (route handlers cannot upgrade).
import { DEBUG_PROFILES, type ExecInfo } from '@/lib/api/exec';
import { mayOnPod } from '@/server/auth/access';
import { csrfToken } from '@/server/auth/csrf';
import { requestIdentity } from '@/server/auth/identity';
import { config } from '@/server/config';
import { debugImages } from '@/server/exec/debug';
import { podRoute } from '@/server/http/pod-route';

export const dynamic = 'force-dynamic';

export const GET = podRoute('exec', async (request, p) => {
  if (config().PODSCOPE_EXEC !== 'on') return Response.json({ enabled: false } satisfies ExecInfo);
  const id = requestIdentity(request, p.context);
  const [exec, debug] = await Promise.all([
    mayOnPod(p.context, id, p.namespace, p.name, 'create', 'exec'),
    mayOnPod(p.context, id, p.namespace, p.name, 'patch', 'ephemeralcontainers'),
  ]);
  const info: ExecInfo = {
    enabled: true,
    exec,
    debug,
    csrf: csrfToken(p.context, id),
    images: debugImages(),
    profiles: [...DEBUG_PROFILES],
  };
  return Response.json(info, { headers: { 'Cache-Control': 'no-store' } });
});

// GET .../forwards: whether this user may forward the pod's ports (a SelfSubjectAccessReview for
// create pods/portforward), its declared ports, and the forwards open on it (with who opened each).
// POST .../forwards {port, kind}: open one (PODSCOPE_PORT_FORWARD=on, same origin, CSRF token).
import type { V1Pod } from '@kubernetes/client-node';
import { CSRF_HEADER } from '@/lib/api/paths';
import { forwardRequest, type ForwardsInfo } from '@/lib/api/exec';
import { podPath } from '@/lib/k8s/resources';
import { mayOnPod } from '@/server/auth/access';
import { csrfToken, csrfValid } from '@/server/auth/csrf';
import { identityKey, requestIdentity } from '@/server/auth/identity';
import { assertSameOrigin } from '@/server/auth/origin';
import { config } from '@/server/config';
import { AppError } from '@/server/errors';
import { auditForwardRefused, forwardsOf, openForward } from '@/server/exec/portforward';
import { podRoute } from '@/server/http/pod-route';
import { validated } from '@/server/http/validate';
import { kubeConfigFor } from '@/server/kube/clusters';
import { kubeGet } from '@/server/kube/request';

export const dynamic = 'force-dynamic';

export const GET = podRoute('forwards', async (request, p) => {
  if (config().PODSCOPE_PORT_FORWARD !== 'on') return Response.json({ enabled: false } satisfies ForwardsInfo);
  const id = requestIdentity(request, p.context);
  const [may, pod] = await Promise.all([
    mayOnPod(p.context, id, p.namespace, p.name, 'create', 'portforward'),
    kubeGet<V1Pod>(kubeConfigFor(p.context, id), podPath(p.namespace, p.name)),
  ]);
  const me = identityKey(p.context, id);
  const info: ForwardsInfo = {
    enabled: true,
    allowed: may,
    tcp: config().PODSCOPE_AUTH === 'none',
    csrf: csrfToken(p.context, id),
    ports: (pod.spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? []).map((x) => ({ container: c.name, port: x.containerPort, name: x.name, protocol: x.protocol })),
    ),
    // (everyone who may forward this pod's ports sees who has them open; only the opener uses one)
    forwards: may ? forwardsOf(p.context, p.namespace, p.name).map(({ owner, ...f }) => ({ ...f, mine: owner === me })) : [],
  };
  return Response.json(info);
});

export const POST = podRoute('forwards', async (request, p) => {
  if (config().PODSCOPE_PORT_FORWARD !== 'on')
    throw new AppError('forbidden', 'port-forward is turned off (PODSCOPE_PORT_FORWARD=on turns it on)');
  const target = { context: p.context, namespace: p.namespace, pod: p.name };
  let id;
  try {
    assertSameOrigin(request);
    id = requestIdentity(request, p.context);
    if (!csrfValid(p.context, id, request.headers.get(CSRF_HEADER)))
      throw new AppError('forbidden', 'missing or wrong CSRF token: reload the page and try again');
  } catch (err) {
    auditForwardRefused(target, err);
    throw err;
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError('invalid', 'the body must be JSON: {"port", "kind"}');
  }
  const req = validated(forwardRequest, body);
  const { owner: _owner, ...f } = await openForward(id, { ...target, port: req.port }, req.kind);
  return Response.json({ ...f, mine: true, url: f.kind === 'http' ? `/forward/${f.id}/` : `http://127.0.0.1:${f.localPort}/` });
});

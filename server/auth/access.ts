import 'server-only';
// "May this identity do that?", asked of the API server itself (SelfSubjectAccessReview), for
// what Podscope serves from its own store (recorded history, snapshots) and for the actions it
// offers. The API server's RBAC is the only authority; Podscope never decides on its own.
import { AppError } from '../errors';
import type { Identity } from './identity';
import { kubeConfigFor } from '../kube/clusters';
import { kubePost } from '../kube/request';

export interface ResourceAttributes {
  namespace: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  name?: string;
}

export async function allowed(context: string, id: Identity, attrs: ResourceAttributes): Promise<boolean> {
  const r = await kubePost<{ status?: { allowed?: boolean } }>(
    kubeConfigFor(context, id),
    '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: attrs },
    },
  );
  return r.status?.allowed === true;
}

/** May this identity `verb` pod `name`'s `subresource` (create pods/exec, patch pods/ephemeralcontainers, …)? */
export function mayOnPod(
  context: string,
  id: Identity,
  namespace: string,
  name: string,
  verb: string,
  subresource: string,
): Promise<boolean> {
  return allowed(context, id, { namespace, verb, group: '', resource: 'pods', subresource, name });
}

/** Recorded pod history and snapshots are shown only to whoever may get pods in that namespace now. */
export async function assertCanReadPods(context: string, id: Identity, namespace: string): Promise<void> {
  if (!(await allowed(context, id, { namespace, verb: 'get', group: '', resource: 'pods' }))) {
    throw new AppError(
      'forbidden',
      `you may not get pods in namespace "${namespace}" on context "${context}"`,
      'ask for get on pods in that namespace',
    );
  }
}

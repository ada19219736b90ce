import 'server-only';
// Write actions, off by default. Each one is offered only where a SelfSubjectAccessReview says
// the caller may do it, is made with the caller's own identity (the API server has the final
// word), and leaves an audit line: who, what, when, result.
import type { V1Pod } from '@kubernetes/client-node';
import { controllerOf, resolveOwners, topOwner } from '@/lib/k8s/owners';
import { objectPath, podPath, RESOURCES } from '@/lib/k8s/resources';
import { apiOwnerLookup } from '../kube/owner-lookup';
import { AppError, toAppError } from '../errors';
import type { Identity } from '../auth/identity';
import { kubeConfigFor } from '../kube/clusters';
import { clusterInfo } from '../kube/info';
import { kubeFetch, kubeGet, upstreamError } from '../kube/request';
import { allowed } from '../auth/access';
import { log } from '../log';

export type ActionName = 'delete' | 'restart';
export interface Target {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  name: string;
}

const GROUP_PLURAL: Record<Target['kind'], 'deployments' | 'statefulsets' | 'daemonsets'> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

/** The workload `kubectl rollout restart` would act on for this pod (a ReplicaSet's is its Deployment). */
export async function restartTarget(context: string, id: Identity, ns: string, pod: V1Pod): Promise<Target | undefined> {
  const ref = controllerOf(pod);
  if (ref?.kind !== 'StatefulSet' && ref?.kind !== 'DaemonSet' && ref?.kind !== 'ReplicaSet') return undefined;
  const top = topOwner(pod, await resolveOwners(pod, apiOwnerLookup(kubeConfigFor(context, id))));
  return top.kind === 'Deployment' || top.kind === 'StatefulSet' || top.kind === 'DaemonSet'
    ? { kind: top.kind, name: top.name }
    : undefined;
}

export async function availableActions(context: string, id: Identity, ns: string, name: string) {
  const pod = await kubeGet<V1Pod>(kubeConfigFor(context, id), podPath(ns, name));
  const target = await restartTarget(context, id, ns, pod);
  const [del, restart] = await Promise.all([
    allowed(context, id, { namespace: ns, verb: 'delete', group: '', resource: 'pods', name }),
    target
      ? allowed(context, id, { namespace: ns, verb: 'patch', group: 'apps', resource: GROUP_PLURAL[target.kind], name: target.name })
      : Promise.resolve(false),
  ]);
  return { delete: del, restart, restartTarget: target };
}

export async function runAction(
  context: string,
  id: Identity,
  ns: string,
  name: string,
  action: ActionName,
): Promise<{ ok: true; message: string }> {
  const who = (await clusterInfo(context, 5000, id)).user ?? 'unknown';
  const kc = kubeConfigFor(context, id);
  const audit = (result: string, target: string) =>
    log.info('audit', { who, action, target, context, result, at: new Date().toISOString() });
  let target = `pod ${ns}/${name}`;
  try {
    if (action === 'delete') {
      const res = await kubeFetch(kc, podPath(ns, name), { method: 'DELETE' });
      if (res.status >= 300) throw upstreamError(res.status, await res.text());
      await res.text();
      audit('ok', target);
      return { ok: true, message: `pod ${name} is being deleted` };
    }
    const pod = await kubeGet<V1Pod>(kc, podPath(ns, name));
    const t = await restartTarget(context, id, ns, pod);
    if (!t) throw new AppError('invalid', 'this pod has no Deployment, StatefulSet or DaemonSet to restart');
    target = `${t.kind.toLowerCase()} ${ns}/${t.name}`;
    // what `kubectl rollout restart` does: a new template annotation starts a rollout
    const res = await kubeFetch(kc, objectPath(RESOURCES[GROUP_PLURAL[t.kind]], ns, t.name), {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } },
    });
    if (res.status >= 300) throw upstreamError(res.status, await res.text());
    await res.text();
    audit('ok', target);
    return { ok: true, message: `${target} is restarting` };
  } catch (err) {
    const e = toAppError(err);
    audit(`${e.kind}: ${e.message}`, target);
    throw e;
  }
}

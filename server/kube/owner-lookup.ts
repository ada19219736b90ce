import 'server-only';
// Owners read straight from the API server (the diagnosis, write actions). A missing or
// unreadable object is undefined; names read from ownerReferences are validated and encoded.
import type { KubeConfig, V1CronJob, V1Deployment, V1Job, V1ReplicaSet } from '@kubernetes/client-node';
import type { OwnerLookup } from '@/lib/k8s/owners';
import { collectionPath, objectPath, RESOURCES } from '@/lib/k8s/resources';
import { objectName } from '@/lib/validation/names';
import { kubeGet, orUndefined } from './request';

const valid = (s: string) => objectName.safeParse(s).success;

export function apiOwnerLookup(kc: KubeConfig): OwnerLookup {
  const one =
    <T>(r: (typeof RESOURCES)[keyof typeof RESOURCES]) =>
    (ns: string, name: string) =>
      valid(name) ? orUndefined(kubeGet<T>(kc, objectPath(r, ns, name))) : undefined;
  return {
    replicaSet: one<V1ReplicaSet>(RESOURCES.replicasets),
    deployment: one<V1Deployment>(RESOURCES.deployments),
    job: one<V1Job>(RESOURCES.jobs),
    cronJob: one<V1CronJob>(RESOURCES.cronjobs),
    replicaSets: async (ns) =>
      (await orUndefined(kubeGet<{ items: V1ReplicaSet[] }>(kc, collectionPath(RESOURCES.replicasets, ns))))?.items,
  };
}

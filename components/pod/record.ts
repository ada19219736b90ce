// A pod that was deleted before the page opened, as the flight recorder kept it.
import type { V1Pod } from '@kubernetes/client-node';
import { podColumns } from '@/lib/k8s/pod-status';

/** What the pod was doing just before it was deleted, in kubectl's STATUS words. */
export function lastStateOf(pod: V1Pod): string {
  const c = podColumns({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: undefined } });
  return `${c.status}, ${c.ready}/${c.total} ready, ${c.restarts} restart${c.restarts === 1 ? '' : 's'}`;
}

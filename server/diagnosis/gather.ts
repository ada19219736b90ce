import 'server-only';
// A pod's diagnosis input read live from the API server (lib/diagnosis/gather.ts does the
// gathering over any source). When the pod is gone, the flight recorder's last copy of it is
// diagnosed as it was before it was deleted (served only to an identity that may get pods there).
import type { V1Pod } from '@kubernetes/client-node';
import { gatherInput } from '@/lib/diagnosis/gather';
import type { DiagnosisInput } from '@/lib/diagnosis/types';
import { podPath } from '@/lib/k8s/resources';
import { assertCanReadPods } from '../auth/access';
import { type Identity, LOCAL } from '../auth/identity';
import { AppError } from '../errors';
import { kubeConfigFor } from '../kube/clusters';
import { kubeGet } from '../kube/request';
import { withRecordedEvents } from '../recorder/events';
import { deletedPod } from '../recorder/store';
import { requestsByNode } from '@/lib/nodes/capacity';
import { withUsage } from '../usage/poller';
import { acquire } from '../watch/cache';
import { apiSources } from './api-sources';

async function livePodOrRecord(
  context: string,
  identity: Identity,
  namespace: string,
  name: string,
): Promise<{ pod: V1Pod; deletedAt?: number }> {
  try {
    return { pod: await kubeGet<V1Pod>(kubeConfigFor(context, identity), podPath(namespace, name)) };
  } catch (err) {
    if (!(err instanceof AppError) || err.kind !== 'not-found') throw err;
    const rec = await deletedPod(context, `${namespace}/${name}`);
    if (!rec) throw err;
    await assertCanReadPods(context, identity, namespace);
    return rec;
  }
}

/**
 * What every node's pods request, from the shared watch cache of all pods (the pod list's), for a
 * Pending pod's "free on each node"; undefined when this identity cannot list every pod.
 */
async function nodeRequestsFromCache(context: string, identity: Identity): Promise<Record<string, Record<string, number>> | undefined> {
  const h = acquire({ context, identity, resource: 'pods' });
  try {
    await Promise.race([h.reflector.waitForSync(), new Promise((r) => setTimeout(r, 5000).unref?.())]);
    if (!h.reflector.hasSynced || h.reflector.state.phase === 'error') return undefined;
    return requestsByNode(h.reflector.store.values() as Iterable<V1Pod>);
  } finally {
    h.release();
  }
}

export async function gatherDiagnosisInput(
  context: string,
  namespace: string,
  name: string,
  now = Date.now(),
  identity: Identity = LOCAL,
): Promise<DiagnosisInput> {
  const { pod, deletedAt } = await livePodOrRecord(context, identity, namespace, name);
  const sources = {
    ...apiSources(kubeConfigFor(context, identity)),
    // the same recent samples the shared diagnosis reads (the same poller)
    usage: (ns: string, n: string) => withUsage({ context, identity, namespace: ns }, (p) => p.recent(`${ns}/${n}`)),
    nodeRequests: () => nodeRequestsFromCache(context, identity),
  };
  return gatherInput(sources, pod, {
    now,
    deletedAt,
    // a deleted pod's events may have expired upstream: add what the recorder kept
    extraEvents:
      deletedAt === undefined ? undefined : (events) => withRecordedEvents(context, `${namespace}/${name}`, events, pod.metadata?.uid),
  });
}

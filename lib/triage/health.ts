// The cheap pre-filter in front of the diagnosis: pods that are obviously fine are not diagnosed
// at all (at 10,000 pods, most of them). Obviously fine: Completed; or Running with every
// container ready, the Ready condition not False (the node controller sets it False when the node
// stops reporting, while the containers' own statuses still say ready), no disruption under way,
// and no restart within the kubelet's crash-loop window — and its node Ready.
import type { V1Pod } from '@kubernetes/client-node';
import { CRASHLOOP_RESET_MS } from '../k8s/kubelet';
import { podColumns } from '../k8s/pod-status';
import { timeMs } from '../k8s/time';

export function looksHealthy(pod: V1Pod, now: number, c = podColumns(pod), nodeReady = true): boolean {
  // a pod on a node that is not Ready can still say Running and ready (the node controller marks
  // it not ready only when something updates it): the node's state is the diagnosis
  if (!nodeReady && pod.status?.phase === 'Running') return false;
  if (c.status === 'Completed') return !(pod.metadata?.deletionTimestamp && (pod.metadata.finalizers ?? []).length);
  if (c.status !== 'Running' || c.ready !== c.total) return false;
  const conds = pod.status?.conditions ?? [];
  if (conds.some((x) => (x.type === 'Ready' && x.status === 'False') || (x.type === 'DisruptionTarget' && x.status === 'True')))
    return false;
  const at = timeMs(c.lastRestartAt);
  return !(at !== undefined && now - at < CRASHLOOP_RESET_MS);
}

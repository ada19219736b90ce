// Pods that were never created: the ReplicaSet controller's create calls are rejected (quota,
// PodSecurity admission, an admission webhook). There is no pod to look at, so this is diagnosed
// on the ReplicaSet: its ReplicaFailure condition and FailedCreate events.
import type { V1ReplicaSet } from '@kubernetes/client-node';
import type { PodEvent } from '../../events/normalize';
import type { Finding } from '../types';
import { sh } from '../../text/shell';
import { eventEvidence } from '../util';

export function diagnoseReplicaSet(rs: V1ReplicaSet, events: PodEvent[]): Finding | undefined {
  const cond = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  const failed = events.filter((e) => e.reason === 'FailedCreate').sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))[0];
  if (!cond && !failed) return undefined;
  const msg = failed?.message ?? cond?.message ?? '';
  const ns = rs.metadata?.namespace;
  const desired = rs.spec?.replicas ?? 0,
    have = rs.status?.replicas ?? 0;
  let cause = 'the API server rejected the pod',
    remedy: Finding['remedies'][number] = { text: 'Read the rejection in the evidence' };
  let id = 'controller.failed-create';
  if (/exceeded quota/.test(msg)) {
    id = 'controller.quota-exceeded';
    cause = `a ResourceQuota in ${ns} is exhausted (${/exceeded quota: ([^,]+)/.exec(msg)?.[1] ?? 'see message'})`;
    remedy = {
      text: "See what the quota allows and uses; raise it or lower the pods' requests",
      command: sh`kubectl -n ${ns ?? ''} describe resourcequota`,
    };
  } else if (/violates PodSecurity/.test(msg)) {
    id = 'controller.pod-security';
    cause = "the pod template violates the namespace's Pod Security level";
    remedy = {
      text: "Fix the securityContext the message names, or review the namespace's pod-security labels",
      command: sh`kubectl get namespace ${ns ?? ''} --show-labels`,
    };
  } else if (/admission webhook/.test(msg)) {
    id = 'controller.webhook-denied';
    cause = `an admission webhook denied the pod (${/admission webhook "([^"]+)"/.exec(msg)?.[1] ?? 'see message'})`;
    remedy = {
      text: "Read the webhook's reason; fix the template or the webhook's policy",
      command: 'kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations',
    };
  }
  return {
    id,
    category: 'rollout',
    confidence: 'high',
    severity: 'critical',
    title: `ReplicaSet ${rs.metadata?.name} cannot create pods: ${cause}`,
    explanation: `It should run ${desired} pod(s) and has ${have}. Every create call is rejected, so no pod exists to show a status; the controller keeps retrying.`,
    evidence: [
      ...(cond
        ? [{ source: `replicaset/${rs.metadata?.name}.status.conditions[ReplicaFailure]`, text: `${cond.reason}: ${cond.message ?? ''}` }]
        : []),
      ...(failed ? [eventEvidence(failed)] : []),
    ],
    causes: [cause],
    remedies: [remedy],
  };
}

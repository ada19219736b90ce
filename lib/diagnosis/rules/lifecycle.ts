// Failures around the pod's life rather than one container: a deletion that does not finish
// (held by finalizers whatever the phase, or a node that cannot confirm the containers stopped),
// a sandbox the runtime cannot create, and a pod past its activeDeadlineSeconds.
import { fmtDuration } from '../../k8s/duration';
import { timeMs as ms } from '../../k8s/time';
import { sh } from '../../text/shell';
import type { Finding, Rule } from '../types';
import { eventEvidence, podRef } from '../util';

export const lifecycleRule: Rule = ({ pod, events, now }) => {
  const out: Finding[] = [];
  const ns = pod.metadata?.namespace;
  const del = ms(pod.metadata?.deletionTimestamp);
  const finalizers = pod.metadata?.finalizers ?? [];
  const terminal = ['Succeeded', 'Failed'].includes(pod.status?.phase ?? '');
  // deletionTimestamp is when the grace period ends: past it (plus a little slack) the pod should
  // be gone. A pod whose containers have exited (Completed, Error) but that is held by a
  // finalizer is as stuck as one still Terminating.
  if (del !== undefined && now - del > 30_000 && (finalizers.length > 0 || !terminal)) {
    const killFailed = events.filter((e) => ['FailedKillPod', 'FailedPreStopHook'].includes(e.reason));
    const state = terminal ? `its containers have exited (${pod.status?.phase}), but ` : '';
    out.push({
      id: 'termination.stuck',
      category: 'termination',
      severity: 'error',
      confidence: 'high',
      title: `Deletion stuck for ${fmtDuration(now - del)} past its deadline${finalizers.length ? `: held by finalizer${finalizers.length > 1 ? 's' : ''} ${finalizers.join(', ')}` : ''}`,
      explanation: `Deletion was requested and the grace period (${pod.metadata?.deletionGracePeriodSeconds ?? '?'}s) ended ${fmtDuration(now - del)} ago; ${state}${finalizers.length ? `the API server keeps the object until every finalizer is removed by the controller that added it (${finalizers.join(', ')}).` : 'the kubelet has not confirmed the containers stopped (its node is unreachable, or the runtime cannot kill them).'}`,
      evidence: [
        { source: 'metadata.deletionTimestamp', text: String(pod.metadata?.deletionTimestamp) },
        ...(finalizers.length ? [{ source: 'metadata.finalizers', text: finalizers.join(', ') }] : []),
        { source: 'status.phase', text: pod.status?.phase ?? '' },
        ...killFailed.map(eventEvidence),
      ],
      causes: finalizers.length
        ? [`the controller responsible for ${finalizers[0]} is not running or is failing`]
        : ['the node is unreachable', 'the container runtime cannot stop a container'],
      remedies: finalizers.length
        ? [
            {
              text: `Fix or restart the controller that owns ${finalizers[0]}; as a last resort remove the finalizers`,
              command: sh`kubectl -n ${ns ?? ''} patch pod ${pod.metadata?.name ?? ''} --type=merge -p ${'{"metadata":{"finalizers":null}}'}`,
            },
          ]
        : [
            {
              text: 'Check the node; force the deletion only if it is truly gone',
              command: sh`kubectl delete ${podRef(pod)} --grace-period=0 --force`,
            },
          ],
    });
  }
  const sandbox = events.find((e) => e.reason === 'FailedCreatePodSandBox');
  if (sandbox && pod.status?.phase === 'Pending') {
    out.push({
      id: 'runtime.sandbox-failed',
      category: 'runtime',
      severity: 'critical',
      confidence: 'high',
      title: `The pod sandbox cannot be created on node ${pod.spec?.nodeName ?? '?'}`,
      explanation: `The container runtime or CNI plugin on the node fails to set up the pod (its network namespace), so nothing in it starts: ${sandbox.message.slice(0, 300)}`,
      evidence: [eventEvidence(sandbox)],
      causes: [
        'the CNI plugin is broken, not ready, or out of IP addresses on this node',
        'the runtime cannot pull or start the pause image',
      ],
      remedies: [
        {
          text: 'Check the CNI pods on the node',
          command: sh`kubectl get pods -n kube-system -o wide --field-selector ${`spec.nodeName=${pod.spec?.nodeName}`}`,
        },
      ],
    });
  }
  if (pod.status?.reason === 'DeadlineExceeded') {
    out.push({
      id: 'job.pod-deadline',
      category: 'job',
      severity: 'error',
      confidence: 'high',
      title: `Pod ran past its activeDeadlineSeconds (${pod.spec?.activeDeadlineSeconds ?? '?'}s)`,
      explanation: `${pod.status.message ?? ''} The kubelet stopped its containers when the deadline passed.`.trim(),
      evidence: [{ source: 'status.reason / status.message', text: `DeadlineExceeded: ${pod.status.message ?? ''}` }],
      causes: ['the work takes longer than allowed', 'it waits on something that never answers'],
      remedies: [{ text: 'Raise activeDeadlineSeconds or speed up the work' }],
    });
  }
  return out;
};

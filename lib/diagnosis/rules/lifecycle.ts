// Failures around the pod's life rather than one container: eviction, a lost node, stuck
// termination, volume mounts, sandbox creation, Job limits, kubelet admission.
import type { Finding, Rule } from '../types';
import { sh } from '../../text/shell';
import { fmtDuration } from '../../k8s/duration';
import { timeMs as ms } from '../../k8s/time';
import { eventEvidence, podRef } from '../util';

export const lifecycleRule: Rule = ({ pod, events, node, owners, now }) => {
  const out: Finding[] = [];
  const ns = pod.metadata?.namespace;
  const reason = pod.status?.reason;
  if (reason === 'Evicted') {
    const pressure = node?.status?.conditions?.filter((c) => /Pressure$/.test(c.type) && c.status === 'True').map((c) => c.type) ?? [];
    out.push({
      id: 'node.evicted',
      category: 'node',
      severity: 'error',
      title: `Evicted by the kubelet: the node was low on ${/memory/.test(pod.status?.message ?? '') ? 'memory' : /ephemeral-storage|disk/.test(pod.status?.message ?? '') ? 'disk' : 'a resource'}`,
      explanation: `${pod.status?.message ?? 'The kubelet evicted this pod to reclaim resources.'} Evicted pods stay as Failed records; a controller has usually started a replacement.`,
      evidence: [
        { source: 'status.reason / status.message', text: `${reason}: ${pod.status?.message ?? ''}` },
        ...pressure.map((p) => ({ source: `node/${pod.spec?.nodeName} condition`, text: `${p}=True` })),
      ],
      causes: ['containers use more than they request, so they are first to be evicted', 'the node is overcommitted'],
      remedies: [
        { text: 'Set requests close to real usage (and memory limit = request for critical pods)' },
        { text: 'Delete the evicted record', command: sh`kubectl delete ${podRef(pod)}` },
      ],
    });
  }
  if (reason === 'NodeLost' || node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'Unknown')) {
    out.push({
      id: 'node.lost',
      category: 'node',
      severity: 'critical',
      title: `Node ${pod.spec?.nodeName} stopped reporting: the pod's real state is unknown`,
      explanation:
        "The node controller has not heard from this node's kubelet within the grace period. Its pods are marked for deletion but cannot be confirmed stopped until the node returns or is removed.",
      evidence: [
        {
          source: `node/${pod.spec?.nodeName}.status.conditions[Ready]`,
          text: JSON.stringify(node?.status?.conditions?.find((c) => c.type === 'Ready') ?? {}),
        },
      ],
      causes: ['the node is down or partitioned from the control plane', 'the kubelet crashed'],
      remedies: [
        { text: 'Check the node', command: sh`kubectl describe node ${pod.spec?.nodeName ?? ''}` },
        {
          text: 'If the node is gone for good, delete it so its pods are cleaned up',
          command: sh`kubectl delete node ${pod.spec?.nodeName ?? ''}`,
        },
      ],
    });
  }
  const del = ms(pod.metadata?.deletionTimestamp);
  if (del !== undefined && now - del > 30_000 && !['Succeeded', 'Failed'].includes(pod.status?.phase ?? '')) {
    const finalizers = pod.metadata?.finalizers ?? [];
    const killFailed = events.filter((e) => ['FailedKillPod', 'FailedPreStopHook'].includes(e.reason));
    out.push({
      id: 'termination.stuck',
      category: 'termination',
      severity: 'error',
      title: `Stuck Terminating for ${fmtDuration(now - del)} past its deadline${finalizers.length ? `: held by finalizer${finalizers.length > 1 ? 's' : ''} ${finalizers.join(', ')}` : ''}`,
      explanation: `Deletion was requested and the grace period (${pod.metadata?.deletionGracePeriodSeconds ?? '?'}s) ended ${fmtDuration(now - del)} ago. ${finalizers.length ? 'The API server keeps the object until every finalizer is removed by the controller that added it.' : 'Without finalizers, this means the kubelet has not confirmed the containers stopped (node unreachable, or the runtime cannot kill them).'}`,
      evidence: [
        { source: 'metadata.deletionTimestamp', text: String(pod.metadata?.deletionTimestamp) },
        ...(finalizers.length ? [{ source: 'metadata.finalizers', text: finalizers.join(', ') }] : []),
        ...killFailed.map(eventEvidence),
      ],
      causes: finalizers.length
        ? [`the controller responsible for ${finalizers[0]} is not running or is failing`]
        : ['the node is unreachable', 'the container runtime cannot stop a container'],
      remedies: finalizers.length
        ? [
            {
              text: 'Fix or restart the controller that owns the finalizer; as a last resort remove it',
              command: sh`kubectl -n ${ns ?? ''} patch pod ${pod.metadata?.name ?? ''} --type=merge -p ${'{"metadata":{"finalizers":null}}'}`,
            },
          ]
        : [
            {
              text: 'Check the node; force deletion only if it is truly gone',
              command: sh`kubectl delete ${podRef(pod)} --grace-period=0 --force`,
            },
          ],
    });
  }
  const mount = events
    .filter((e) => e.reason === 'FailedMount' || e.reason === 'FailedAttachVolume')
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))[0];
  if (mount && pod.status?.phase === 'Pending') {
    const m = /MountVolume\.SetUp failed for volume "([^"]+)" : (.*)$/.exec(mount.message);
    out.push({
      id: 'volume.mount-failed',
      category: 'volume',
      severity: 'critical',
      title: `Volume ${m ? `"${m[1]}" ` : ''}cannot be mounted${m ? `: ${m[2].slice(0, 100)}` : ''}`,
      explanation: 'The kubelet cannot set up a volume, so no container in the pod starts (STATUS stays ContainerCreating).',
      evidence: [eventEvidence(mount)],
      causes: [
        'the Secret/ConfigMap behind the volume is missing',
        'the volume is attached to another node (Multi-Attach)',
        'the storage backend is failing',
      ],
      remedies: [{ text: 'Describe the pod for all volume events', command: sh`kubectl describe ${podRef(pod)}` }],
    });
  }
  const sandbox = events.find((e) => e.reason === 'FailedCreatePodSandBox');
  if (sandbox && pod.status?.phase === 'Pending') {
    out.push({
      id: 'runtime.sandbox-failed',
      category: 'runtime',
      severity: 'critical',
      title: 'The pod sandbox (network namespace) cannot be created',
      explanation: 'The container runtime or CNI plugin on the node fails to set up the pod, so nothing in it starts.',
      evidence: [eventEvidence(sandbox)],
      causes: ['the CNI plugin is broken or out of IP addresses on this node'],
      remedies: [
        {
          text: 'Check the CNI pods on the node',
          command: sh`kubectl get pods -n kube-system -o wide --field-selector ${`spec.nodeName=${pod.spec?.nodeName}`}`,
        },
      ],
    });
  }
  if (['OutOfcpu', 'OutOfmemory', 'NodeAffinity', 'UnexpectedAdmissionError', 'NodeShutdown'].includes(reason ?? '')) {
    out.push({
      id: 'node.admission-rejected',
      category: 'node',
      severity: 'error',
      title: `Rejected by the node's kubelet: ${reason}`,
      explanation: pod.status?.message ?? 'The kubelet refused to run the pod after it was scheduled.',
      evidence: [{ source: 'status.reason', text: `${reason}: ${pod.status?.message ?? ''}` }],
      causes: ["the node's resources changed between scheduling and admission"],
      remedies: [{ text: 'Delete the pod so its controller creates a new one', command: sh`kubectl delete ${podRef(pod)}` }],
    });
  }
  const job = owners?.job;
  const failedCond = job?.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
  if (job && failedCond) {
    out.push({
      id: `job.${failedCond.reason === 'DeadlineExceeded' ? 'deadline' : 'backoff-limit'}`,
      category: 'job',
      severity: 'error',
      title:
        failedCond.reason === 'DeadlineExceeded'
          ? `Job ${job.metadata?.name} ran past its activeDeadlineSeconds`
          : `Job ${job.metadata?.name} gave up: backoffLimit (${job.spec?.backoffLimit ?? 6}) reached`,
      explanation: failedCond.message ?? '',
      evidence: [
        { source: `job/${job.metadata?.name}.status.conditions[Failed]`, text: `${failedCond.reason}: ${failedCond.message ?? ''}` },
        { source: `job/${job.metadata?.name}.status`, text: `failed ${job.status?.failed ?? 0}, succeeded ${job.status?.succeeded ?? 0}` },
      ],
      causes: ['the pods fail (see the container findings)'],
      remedies: [
        {
          text: 'Fix the failure, then re-run the Job',
          command: sh`kubectl -n ${ns ?? ''} get job ${job.metadata?.name ?? ''} -o yaml | kubectl replace --force -f -`,
        },
      ],
    });
  }
  if (pod.status?.reason === 'DeadlineExceeded') {
    out.push({
      id: 'job.pod-deadline',
      category: 'job',
      severity: 'error',
      title: 'Pod ran past its activeDeadlineSeconds',
      explanation: pod.status.message ?? '',
      evidence: [{ source: 'status.reason', text: 'DeadlineExceeded' }],
      causes: ['the work takes longer than allowed'],
      remedies: [{ text: 'Raise activeDeadlineSeconds or speed up the work' }],
    });
  }
  return out;
};

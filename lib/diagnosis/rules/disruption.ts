// Pods ended from outside their containers: the kubelet evicting under node pressure or for a
// storage limit, the scheduler preempting for a higher-priority pod, the taint eviction
// controller after a node went away, a graceful node shutdown, the Eviction API (a drain), the
// pod garbage collector, the kubelet refusing a pod at admission, and a node that stopped
// reporting. Read from what those components record: status.reason/message, the
// DisruptionTarget condition (its reason names who: TerminationByKubelet, PreemptionByScheduler,
// DeletionByTaintManager, EvictionByEvictionAPI, DeletionByPodGC), events, and the node's
// conditions. Formats: pkg/kubelet/eviction/helpers.go, pkg/kubelet/nodeshutdown,
// pkg/scheduler/framework/preemption, pkg/controller/tainteviction, pkg/controller/podgc,
// pkg/registry/core/pod/storage/eviction.go, pkg/kubelet/lifecycle/predicate.go.
import type { V1Pod } from '@kubernetes/client-node';
import { sh } from '../../text/shell';
import type { Evidence, Finding, Rule } from '../types';
import { editTarget, eventEvidence, nsFlag, podRef } from '../util';

const disruption = (pod: V1Pod) => pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget' && c.status === 'True');

/** The kubelet's eviction message, read into its parts. */
export function parseEviction(message: string): {
  resource?: string;
  threshold?: string;
  available?: string;
  containers: { name: string; using: string; request: string }[];
  storage?: string;
} {
  const resource = /The node was low on resource: ([\w.-]+)\./.exec(message)?.[1];
  const th = /Threshold quantity: ([^,]+), available: ([^.]+(?:\.\d+)?[A-Za-z]*)\./.exec(message);
  const containers = [...message.matchAll(/Container (\S+) was using (\S+), request is (\S+), has larger consumption of [\w.-]+\./g)].map(
    (m) => ({ name: m[1], using: m[2], request: m[3] }),
  );
  const storage =
    /Container (\S+) exceeded its local ephemeral storage limit "([^"]+)"/.exec(message)?.[0] ??
    /Pod ephemeral local storage usage exceeds the total limit of containers (\S+?)\.? /.exec(`${message} `)?.[0] ??
    /Usage of EmptyDir volume "([^"]+)" exceeds the limit "([^"]+)"/.exec(message)?.[0];
  return { resource, threshold: th?.[1], available: th?.[2], containers, storage };
}

function evicted(input: Parameters<Rule>[0]): Finding | undefined {
  const { pod, node, owners } = input;
  if (pod.status?.reason !== 'Evicted') return undefined;
  const message = pod.status.message ?? '';
  // the kubelet refusing a pod at admission under node pressure also says "Evicted", but its
  // message starts "Pod was rejected: The node had condition: [...]" (kubelet.go rejectPod)
  if (message.startsWith('Pod was rejected:')) return undefined;
  const e = parseEviction(message);
  const pressure = node?.status?.conditions?.filter((c) => /Pressure$/.test(c.type) && c.status === 'True').map((c) => c.type) ?? [];
  const what = e.storage
    ? e.storage.replace(/\.\s*$/, '')
    : e.resource
      ? `the node was low on ${e.resource}`
      : 'the node was low on a resource';
  const mine = e.containers.map((c) => `container "${c.name}" was using ${c.using} against a request of ${c.request}`);
  const evidence: Evidence[] = [{ source: 'status.reason / status.message', text: `Evicted: ${message}` }];
  const dt = disruption(pod);
  if (dt) evidence.push({ source: 'status.conditions[DisruptionTarget]', text: `${dt.reason ?? ''}: ${dt.message ?? ''}` });
  for (const p of pressure) evidence.push({ source: `node/${pod.spec?.nodeName}.status.conditions`, text: `${p}=True` });
  const c0 = e.containers[0];
  return {
    id: e.storage ? 'node.evicted-storage' : 'node.evicted',
    category: 'node',
    severity: 'error',
    confidence: 'high',
    title: `Evicted by the kubelet on node ${pod.spec?.nodeName ?? '?'}: ${what}${mine.length ? ` (${mine[0]})` : ''}`,
    explanation: `The kubelet evicted this pod to reclaim ${e.resource ?? 'resources'}${e.threshold ? ` (threshold ${e.threshold}, ${e.available} available)` : ''}. ${e.storage ? `${e.storage}.` : 'Pods that use more than they request go first.'} Evicted pods stay as Failed records; their controller starts a replacement.`,
    evidence,
    causes: e.storage
      ? ['the container writes more to its writable layer, logs or emptyDir than its ephemeral-storage limit allows']
      : [
          mine.length
            ? `${mine.join('; ')}: more than it requested, so it was among the first to go`
            : 'containers use more than they request, so they are first to be evicted',
          'the node is overcommitted: its pods together use more than it has',
        ],
    remedies: [
      c0
        ? {
            text: `Set container "${c0.name}"'s ${e.resource ?? 'memory'} request to what it really uses (at least ${c0.using})`,
            command: sh`kubectl ${nsFlag(pod)} set resources ${editTarget(pod, owners)} -c ${c0.name} --requests=${`${e.resource ?? 'memory'}=${c0.using}`}`,
          }
        : { text: 'Set requests close to real usage (memory limit = request for pods that must not be evicted)' },
      { text: 'Delete the evicted record', command: sh`kubectl delete ${podRef(pod)}` },
    ],
  };
}

function byDisruptionTarget(input: Parameters<Rule>[0]): Finding | undefined {
  const { pod, events } = input;
  const dt = disruption(pod);
  const preempted = events.find((e) => e.reason === 'Preempted');
  const taint = events.find((e) => e.reason === 'TaintManagerEviction');
  const reason = dt?.reason ?? (preempted ? 'PreemptionByScheduler' : taint ? 'DeletionByTaintManager' : undefined);
  const evidence: Evidence[] = [];
  if (dt) evidence.push({ source: 'status.conditions[DisruptionTarget]', text: `${dt.reason ?? ''}: ${dt.message ?? ''}` });
  const nodeName = pod.spec?.nodeName ?? '?';
  const base = { category: 'node' as const, severity: 'error' as const, confidence: 'high' as const, evidence };
  // the node's NoExecute taints the pod does not tolerate forever (the taint eviction's cause)
  const noExecute = (input.node?.spec?.taints ?? []).filter(
    (t) =>
      t.effect === 'NoExecute' &&
      !(pod.spec?.tolerations ?? []).some(
        (x) =>
          (x.key === t.key || (!x.key && x.operator === 'Exists')) &&
          x.tolerationSeconds === undefined &&
          (!x.effect || x.effect === 'NoExecute'),
      ),
  );
  switch (reason) {
    case 'PreemptionByScheduler':
      if (preempted) evidence.push(eventEvidence(preempted));
      return {
        ...base,
        id: 'node.preempted',
        title: `Preempted on node ${nodeName}: the scheduler removed it to make room for a higher-priority pod`,
        explanation: `${preempted?.message ?? dt?.message ?? 'The scheduler preempted this pod.'} Its priority (${pod.spec?.priorityClassName ? `class ${pod.spec.priorityClassName}, ` : ''}${pod.spec?.priority ?? 0}) was lower than the pod that needed the node.`,
        causes: ['the cluster is full and a higher-priority pod needed room', 'its PriorityClass is too low for how important it is'],
        remedies: [
          {
            text: 'See the priorities in the namespace',
            command: sh`kubectl get pods ${nsFlag(pod)} -o custom-columns=NAME:.metadata.name,PRIORITY:.spec.priority,CLASS:.spec.priorityClassName`,
          },
          { text: 'Give it a higher PriorityClass, or add capacity so nothing needs preempting' },
        ],
      };
    case 'DeletionByTaintManager':
      if (taint) evidence.push(eventEvidence(taint));
      for (const t of noExecute)
        evidence.push({
          source: `node/${nodeName}.spec.taints`,
          text: `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}${t.timeAdded ? ` since ${String(t.timeAdded)}` : ''}`,
        });
      return {
        ...base,
        id: 'node.taint-evicted',
        title: `Evicted from node ${nodeName} by a NoExecute taint${noExecute[0] ? ` (${noExecute[0].key})` : ''}`,
        explanation:
          `The taint eviction controller deletes pods that do not tolerate a node's NoExecute taint (after tolerationSeconds). Nodes get node.kubernetes.io/unreachable or not-ready when they stop reporting. ${dt?.message ?? taint?.message ?? ''}`.trim(),
        causes: [
          `node ${nodeName} became unreachable or not ready (the node controller tainted it)`,
          'someone tainted the node with NoExecute (maintenance)',
        ],
        remedies: [{ text: 'Check the node and its taints', command: sh`kubectl describe node ${pod.spec?.nodeName ?? ''}` }],
      };
    case 'EvictionByEvictionAPI':
      return {
        ...base,
        id: 'node.api-evicted',
        severity: 'warning',
        title: 'Evicted through the Eviction API (a drain or an autoscaler)',
        explanation:
          `Something asked the API server to evict this pod, honouring PodDisruptionBudgets: typically kubectl drain, the cluster autoscaler or a descheduler. ${dt?.message ?? ''}`.trim(),
        causes: ['a node was drained for maintenance or scaled down'],
        remedies: [{ text: 'Nothing to fix if that was planned; its controller starts a replacement' }],
      };
    case 'DeletionByPodGC':
      return {
        ...base,
        id: 'node.pod-gc',
        title: 'Deleted by the pod garbage collector: its node is gone',
        explanation:
          `The pod garbage collector removes pods bound to nodes that no longer exist (or are out of service). ${dt?.message ?? ''}`.trim(),
        causes: [`node ${nodeName} was deleted (scaled down, or removed after it failed)`],
        remedies: [{ text: 'Its controller recreates it on another node' }],
      };
    case 'TerminationByKubelet':
      // the kubelet's own reasons are told apart by status.reason below (eviction, shutdown)
      return undefined;
    default:
      return undefined;
  }
}

function shutdown(input: Parameters<Rule>[0]): Finding | undefined {
  const { pod } = input;
  const msg = pod.status?.message ?? '';
  if (!(pod.status?.reason === 'Terminated' || pod.status?.reason === 'Shutdown') || !/node shutdown/i.test(msg)) return undefined;
  return {
    id: 'node.shutdown',
    category: 'node',
    severity: 'warning',
    confidence: 'high',
    title: `Stopped by a shutdown of node ${pod.spec?.nodeName ?? '?'}`,
    explanation: `${msg} The kubelet stopped it during the node's graceful shutdown; its controller starts a replacement elsewhere.`,
    evidence: [{ source: 'status.reason / status.message', text: `${pod.status?.reason}: ${msg}` }],
    causes: ['the node was shut down or rebooted (maintenance, spot/preemptible reclaim)'],
    remedies: [{ text: 'Nothing to fix if the shutdown was planned; give pods of a single-replica workload more replicas' }],
  };
}

function admission(input: Parameters<Rule>[0]): Finding | undefined {
  const { pod } = input;
  const reason = pod.status?.reason ?? '';
  const message = pod.status?.message ?? '';
  // kubelet.go rejectPod: status.reason is the admit handler's reason, status.message "Pod was
  // rejected: <its message>"; known reasons from lifecycle/predicate.go, eviction Admit, nodeshutdown
  const known =
    /^(OutOf\S+|NodeAffinity|NodeName|NodePorts|TaintToleration|Taint|UnexpectedAdmissionError|InvalidNodeInfo|SysctlForbidden|TopologyAffinityError|SMTAlignmentError|PodOSNotSupported|PodOSSelectorNodeLabelDoesNotMatch|SupplementalGroupsPolicyNotSupported|UnknownReason|UnexpectedPredicateFailureType|NodeShutdown)$/.test(
      reason,
    );
  if (pod.status?.phase !== 'Failed' || !(known || message.startsWith('Pod was rejected:'))) return undefined;
  const pressure = reason === 'Evicted' ? /The node had condition: \[([^\]]*)\]/.exec(message)?.[1] : undefined;
  const resource = /Node didn't have enough resource: ([^,]+), requested: (\d+), used: (\d+), capacity: (\d+)/.exec(message);
  return {
    id: 'node.admission-rejected',
    category: 'node',
    severity: 'error',
    confidence: 'high',
    title: `Rejected by the kubelet of node ${pod.spec?.nodeName ?? '?'}: ${pressure ? `the node had ${pressure}` : resource ? `not enough ${resource[1]} (requested ${resource[2]}, used ${resource[3]} of ${resource[4]})` : `${reason}${message ? ` — ${message.replace(/^Pod was rejected: /, '').slice(0, 120)}` : ''}`}`,
    explanation: `${message || 'The kubelet refused to run the pod after it was scheduled.'} The scheduler placed it, but when the kubelet admitted it ${pressure ? 'the node was under pressure and takes no new pods of this kind' : "the node no longer had room (or the pod did not fit the node's rules)"}. A controller starts a replacement; this Failed record stays.`,
    evidence: [{ source: 'status.reason / status.message', text: `${reason}: ${message}` }],
    causes: pressure
      ? [`node ${pod.spec?.nodeName ?? '?'} reports ${pressure}: the kubelet admits no pods that could make it worse`]
      : /^OutOf/.test(reason)
        ? [
            "the node's resources changed between scheduling and admission (static pods, a kubelet restart, pods bound with spec.nodeName, bypassing the scheduler)",
          ]
        : ["the pod does not fit the node's rules (affinity, taints, sysctls, topology)"],
    remedies: [{ text: 'Delete the record; its controller makes a new pod', command: sh`kubectl delete ${podRef(pod)}` }],
  };
}

function nodeLost(input: Parameters<Rule>[0]): Finding | undefined {
  const { pod, node, events } = input;
  const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
  const podEvent = events.find((e) => e.reason === 'NodeNotReady');
  const unknownNode = ready?.status === 'Unknown' || pod.status?.reason === 'NodeLost';
  const notReady = ready?.status === 'False';
  if (!unknownNode && !notReady && !podEvent) return undefined;
  if (!unknownNode && !notReady && ready?.status === 'True') return undefined; // a past blip; the node is back
  const name = pod.spec?.nodeName ?? '?';
  return {
    id: unknownNode ? 'node.lost' : 'node.not-ready',
    category: 'node',
    severity: 'critical',
    confidence: node ? 'high' : 'medium',
    title: unknownNode
      ? `Node ${name} stopped reporting: the pod's real state is unknown`
      : `Node ${name} is NotReady${ready?.reason ? ` (${ready.reason})` : ''}`,
    explanation: unknownNode
      ? `The node controller has not heard from the kubelet of ${name} (Ready=Unknown${ready?.message ? `: ${ready.message}` : ''}). Its pods are marked not ready; after the unreachable taint's toleration (300 s by default) they are deleted, but they cannot be confirmed stopped until the node returns or is removed.`
      : `The kubelet of ${name} reports the node not ready${ready?.message ? `: ${ready.message}` : ''}. Its pods are marked not ready and evicted after the not-ready taint's toleration.`,
    evidence: [
      ...(ready
        ? [
            {
              source: `node/${name}.status.conditions[Ready]`,
              text: `${ready.status} ${ready.reason ?? ''}: ${ready.message ?? ''} (since ${String(ready.lastTransitionTime ?? '?')})`,
            },
          ]
        : []),
      ...(podEvent ? [eventEvidence(podEvent)] : []),
    ],
    causes: unknownNode
      ? ['the node is down or cut off from the control plane', 'the kubelet stopped (crashed, or its certificate expired)']
      : [
          'the kubelet or container runtime on the node is unhealthy (the condition message says which)',
          "the node's network plugin is not ready",
        ],
    remedies: [
      { text: 'Check the node', command: sh`kubectl describe node ${pod.spec?.nodeName ?? ''}` },
      {
        text: 'If the node is gone for good, delete it so its pods are recreated elsewhere',
        command: sh`kubectl delete node ${pod.spec?.nodeName ?? ''}`,
      },
    ],
    ...(node ? {} : { unknowns: ['the node could not be read: kubectl get node -o json'] }),
  };
}

export const disruptionRule: Rule = (input) =>
  [
    evicted(input),
    byDisruptionTarget(input),
    shutdown(input),
    admission(input),
    input.pod.spec?.nodeName ? nodeLost(input) : undefined,
  ].filter((f): f is Finding => !!f);

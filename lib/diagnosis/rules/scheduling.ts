// Pods the scheduler cannot place, and pods held before scheduling. The scheduler's own message
// (FailedScheduling, PodScheduled=False) says per reason how many nodes failed; the pod's
// effective requests against the largest node's allocatable say whether it can ever fit. What can
// never be fixed by waiting (a request larger than any node, a selector no node matches) leads.
import type { V1Node, V1Pod, V1Taint, V1Toleration } from '@kubernetes/client-node';
import { podContainers } from '../../k8s/containers';
import { fmtCpu, fmtMem, podRequests, quantity } from '../../k8s/quantity';
import { literal, sh } from '../../text/shell';
import { yamlScalar } from '../../text/yaml';
import { parseFailedScheduling } from '../scheduling';
import type { Confidence, DiagnosisInput, Evidence, Finding, Remedy, Rule } from '../types';
import { editTarget, eventEvidence, nsFlag, unknownsOf } from '../util';

function tolerates(tols: V1Toleration[] | undefined, t: V1Taint): boolean {
  return (tols ?? []).some(
    (x) =>
      (x.operator === 'Exists' && (!x.key || x.key === t.key) && (!x.effect || x.effect === t.effect)) ||
      (x.key === t.key && (x.value ?? '') === (t.value ?? '') && (!x.effect || x.effect === t.effect)),
  );
}

const taintText = (t: V1Taint) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

/** A problem found in the scheduler's reasons: `never` when waiting for the cluster to change cannot fix it. */
interface Reason {
  never: boolean;
  volume?: boolean;
  title: string;
  cause: string;
  evidence?: Evidence[];
  remedies: Remedy[];
}

function gated(pod: V1Pod): Finding[] {
  const gates = pod.spec?.schedulingGates ?? [];
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  return [
    {
      id: 'scheduling.gated',
      category: 'scheduling',
      severity: 'warning',
      confidence: 'high',
      title: `Held before scheduling by ${gates.length === 1 ? 'a scheduling gate' : `${gates.length} scheduling gates`}: ${gates.map((g) => g.name).join(', ')}`,
      explanation:
        'The scheduler ignores this pod until every entry in spec.schedulingGates is removed, normally by the controller that added it (a queue or quota system deciding the pod may run).',
      evidence: [
        { source: 'spec.schedulingGates', text: gates.map((g) => g.name).join(', ') },
        ...(scheduled
          ? [
              {
                source: 'status.conditions[PodScheduled]',
                text: `${scheduled.status} ${scheduled.reason ?? ''} ${scheduled.message ?? ''}`.trim(),
              },
            ]
          : []),
      ],
      causes: [
        `the controller owning "${gates[0]?.name ?? ''}" has not admitted the pod yet (e.g. waiting for quota)`,
        'that controller is not running',
      ],
      remedies: [
        { text: 'Find who manages the gate (its domain usually names the controller) and check its queue' },
        {
          text: 'Remove the gate by hand only if that controller is gone',
          command: sh`kubectl -n ${pod.metadata?.namespace ?? ''} patch pod ${pod.metadata?.name ?? ''} --type=json -p ${'[{"op":"remove","path":"/spec/schedulingGates"}]'}`,
        },
      ],
    },
  ];
}

function resourceReasons(input: DiagnosisInput, has: (s: string) => boolean, schedulable: V1Node[], reasons: string[]): Reason[] {
  const { pod, owners } = input;
  const out: Reason[] = [];
  const biggest = (podContainers(pod).filter((c) => c.kind === 'main')[0] ?? podContainers(pod)[0])?.name ?? '';
  for (const [res, label, fmt] of [
    ['cpu', 'CPU', fmtCpu],
    ['memory', 'memory', fmtMem],
    ['ephemeral-storage', 'ephemeral storage', fmtMem],
  ] as const) {
    if (!has(`Insufficient ${res}`)) continue;
    const want = podRequests(pod, res);
    const largestNode = schedulable.reduce<V1Node | undefined>(
      (best, n) => (quantity(n.status?.allocatable?.[res]) > quantity(best?.status?.allocatable?.[res]) ? n : best),
      undefined,
    );
    const largest = quantity(largestNode?.status?.allocatable?.[res]);
    const evidence = [
      {
        source: 'spec.containers[*].resources.requests',
        text: `${label}: ${fmt(want)} in total (the scheduler's count: containers and sidecars, or the largest init step)`,
      },
    ];
    if (largest)
      evidence.push({
        source: `node/${largestNode?.metadata?.name}.status.allocatable`,
        text: `${res}: ${fmt(largest)} (the largest of ${schedulable.length} schedulable nodes)`,
      });
    const set = sh`kubectl ${nsFlag(pod)} set resources ${editTarget(pod, owners)} -c ${biggest} --requests=${`${res}=<less>`}`;
    if (largest && want > largest) {
      out.push({
        never: true,
        title: `requests ${fmt(want)} ${label}, more than any node has (largest: ${fmt(largest)})`,
        cause: `the pod requests ${fmt(want)} ${label}, more than the largest node's allocatable ${fmt(largest)} (node ${largestNode?.metadata?.name}): it can never fit, whatever else is running`,
        evidence,
        remedies: [
          { text: `Lower the ${label} request below ${fmt(largest)}, or add a node with more than ${fmt(want)} ${label}`, command: set },
        ],
      });
    } else {
      // each node's free room as the scheduler counts it (allocatable minus what its pods request), most first
      if (input.nodeRequests) {
        const free = schedulable
          .map((n) => {
            const a = quantity(n.status?.allocatable?.[res]);
            return { name: n.metadata?.name ?? '', a, free: Math.max(0, a - (input.nodeRequests?.[n.metadata?.name ?? '']?.[res] ?? 0)) };
          })
          .sort((x, y) => y.free - x.free);
        if (free.length)
          evidence.push({
            source: 'nodes: allocatable minus the requests of their pods',
            text: `${label} free: ${free
              .slice(0, 6)
              .map((f) => `${f.name} ${fmt(f.free)} of ${fmt(f.a)}`)
              .join(', ')}${free.length > 6 ? `, and ${free.length - 6} more` : ''} (the pod needs ${fmt(want)})`,
          });
      }
      out.push({
        never: false,
        title: `not enough free ${label}`,
        cause: `the pod requests ${fmt(want)} ${label}; ${largest ? `nodes have up to ${fmt(largest)} allocatable, but not that much free` : 'no node has that much free'} after what other pods request`,
        evidence,
        remedies: [{ text: 'Free capacity (scale down other workloads), add nodes, or lower the request', command: set }],
      });
    }
  }
  // extended resources (GPUs, hugepages, device plugins): "Insufficient nvidia.com/gpu"
  for (const r of reasons) {
    const res = /^Insufficient (\S+)$/.exec(r)?.[1];
    if (!res || ['cpu', 'memory', 'ephemeral-storage'].includes(res)) continue;
    const want = podContainers(pod).reduce((n, c) => n + quantity(c.spec.resources?.requests?.[res] ?? c.spec.resources?.limits?.[res]), 0);
    const offered = schedulable.filter((n) => quantity(n.status?.allocatable?.[res]) > 0);
    const none = schedulable.length > 0 && offered.length === 0;
    out.push({
      never: none,
      title: none ? `no node offers ${res}` : `not enough free ${res}`,
      cause: none
        ? `the pod requests ${want || 'some'} ${res}, and none of the ${schedulable.length} schedulable nodes has any allocatable (is its device plugin running?)`
        : `the pod requests ${want || 'some'} ${res}; ${offered.length} node(s) offer it, but none has that much free`,
      remedies: [
        {
          text: `See which nodes offer ${res}`,
          command: sh`kubectl get nodes -o ${`custom-columns=NAME:.metadata.name,${res.toUpperCase().replace(/[^A-Z0-9]/g, '_')}:.status.allocatable.${res.replace(/\./g, '\\.')}`}`,
        },
      ],
    });
  }
  return out;
}

function placementReasons(
  input: DiagnosisInput,
  has: (s: string) => boolean,
  schedulable: V1Node[],
  nodesKnown: boolean,
  reasons: string[],
): Reason[] {
  const { pod } = input;
  const out: Reason[] = [];
  const ns = pod.metadata?.namespace ?? '';
  if (
    has("didn't match Pod's node affinity/selector") ||
    has("didn't match Pod's node affinity") ||
    has("didn't satisfy plugin(s) [NodeAffinity]")
  ) {
    const sel = pod.spec?.nodeSelector ?? {};
    const unmatched = Object.entries(sel).filter(([k, v]) => !schedulable.some((n) => n.metadata?.labels?.[k] === v));
    const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    out.push({
      never: nodesKnown && unmatched.length > 0,
      title: unmatched.length
        ? `no node has the label${unmatched.length > 1 ? 's' : ''} ${unmatched.map(([k, v]) => `${k}=${v}`).join(', ')}`
        : 'no node matches its node affinity',
      cause: unmatched.length
        ? `its nodeSelector asks for ${unmatched.map(([k, v]) => `${k}=${v}`).join(', ')}, which ${nodesKnown ? `none of the ${schedulable.length} schedulable nodes has` : 'the scheduler found on no node'}`
        : `its required node affinity (${JSON.stringify(terms)}) matches no node that could take it`,
      evidence: Object.keys(sel).length
        ? [
            {
              source: 'spec.nodeSelector',
              text: Object.entries(sel)
                .map(([k, v]) => `${k}=${v}`)
                .join(', '),
            },
          ]
        : [{ source: 'spec.affinity.nodeAffinity', text: JSON.stringify(terms) }],
      remedies: [
        {
          text: 'Compare with the labels the nodes have; fix the selector or label a node',
          command: sh`kubectl get nodes -L ${Object.keys(sel).join(',') || 'topology.kubernetes.io/zone'}`,
        },
      ],
    });
  }
  if (has('untolerated taint')) {
    const taints = new Map<string, V1Taint>();
    for (const n of schedulable)
      for (const t of n.spec?.taints ?? [])
        if (t.effect !== 'PreferNoSchedule' && !tolerates(pod.spec?.tolerations, t)) taints.set(taintText(t), t);
    const list = [...taints.keys()];
    const t = [...taints.values()][0];
    out.push({
      never: false,
      title: list.length ? `it does not tolerate ${list.join(', ')}` : 'untolerated taints',
      cause: list.length
        ? `nodes carry ${list.join(', ')}, which the pod does not tolerate`
        : 'nodes carry taints the pod does not tolerate',
      remedies: t
        ? [
            {
              text: 'If the pod is meant for those nodes, add a toleration',
              snippet: `tolerations:\n- key: ${yamlScalar(t.key)}\n  operator: Equal\n  value: ${JSON.stringify(t.value ?? '')}\n  effect: ${yamlScalar(t.effect)}`,
            },
          ]
        : [],
    });
  }
  if (
    has('unbound immediate PersistentVolumeClaims') ||
    has('persistentvolumeclaim') ||
    has('volume node affinity conflict') ||
    has("didn't find available persistent volumes")
  ) {
    const claims = (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
    const claimSaid = reasons.find((r) => /^persistentvolumeclaim /.test(r));
    out.push({
      never: false,
      volume: true,
      title: has('volume node affinity conflict')
        ? 'its volume is bound to a zone or node it cannot run on'
        : `${claims.length === 1 ? `PersistentVolumeClaim "${claims[0]}" is` : `PersistentVolumeClaims ${claims.map((c) => `"${c}"`).join(', ')} are`} not ready`,
      cause: has('volume node affinity conflict')
        ? `the volume bound to ${claims.map((c) => `"${c}"`).join(', ')} can only be used from nodes that cannot take the pod (a volume node affinity conflict: typically a zone)`
        : `the pod waits for ${claims.length === 1 ? `PersistentVolumeClaim "${claims[0]}"` : `PersistentVolumeClaims ${claims.map((c) => `"${c}"`).join(', ')}`}${claimSaid ? ` (the scheduler's last try said: ${claimSaid})` : ''}`,
      remedies: [{ text: 'See why the claim is not bound', command: sh`kubectl -n ${ns} describe pvc ${claims[0] ?? literal('<claim>')}` }],
    });
  }
  if (has('node(s) were unschedulable'))
    out.push({
      never: false,
      title: 'nodes are cordoned',
      cause: 'nodes are cordoned (spec.unschedulable)',
      remedies: [{ text: 'Uncordon a node if the cordon is no longer needed', command: 'kubectl uncordon <node>' }],
    });
  if (has('Too many pods'))
    out.push({
      never: false,
      title: 'nodes are full of pods',
      cause: 'nodes reached their maximum number of pods',
      remedies: [{ text: "Add nodes, or raise the kubelet's maxPods" }],
    });
  if (has("didn't match pod anti-affinity rules") || has("didn't match pod affinity rules")) {
    const anti = has("didn't match pod anti-affinity rules");
    out.push({
      never: false,
      title: `its pod ${anti ? 'anti-affinity' : 'affinity'} rules exclude every node`,
      cause: anti
        ? 'required pod anti-affinity leaves no node (e.g. one replica per node, with fewer nodes than replicas)'
        : 'required pod affinity names pods that run on no node it could use',
      remedies: [{ text: 'Relax requiredDuringScheduling pod (anti-)affinity to preferredDuringScheduling, or add nodes' }],
    });
  }
  if (has('topology spread constraints'))
    out.push({
      never: false,
      title: 'its topology spread constraints cannot be met',
      cause: 'a whenUnsatisfiable: DoNotSchedule topology spread constraint cannot be met on any node',
      remedies: [{ text: 'Use whenUnsatisfiable: ScheduleAnyway, raise maxSkew, or add nodes in the missing zones' }],
    });
  if (has('free ports'))
    out.push({
      never: false,
      title: 'the host port it asks for is taken',
      cause: 'the pod asks for a hostPort that is already in use on every node that could take it',
      remedies: [{ text: 'Drop hostPort (use a Service), or run fewer replicas than nodes' }],
    });
  return out;
}

export const schedulingRule: Rule = (input) => {
  const { pod, events, nodes } = input;
  // a pod being deleted is diagnosed by its deletion (lifecycle), not by where it could run
  if (pod.metadata?.deletionTimestamp) return [];
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if ((pod.spec?.schedulingGates ?? []).length || scheduled?.reason === 'SchedulingGated') return gated(pod);
  if (!(scheduled?.status === 'False' && scheduled.reason === 'Unschedulable')) return [];
  const ev = events.filter((e) => e.reason === 'FailedScheduling').sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))[0];
  const parsed = parseFailedScheduling(ev?.message ?? scheduled.message ?? '');
  const evidence: Evidence[] = [{ source: 'status.conditions[PodScheduled]', text: `False Unschedulable: ${scheduled.message ?? ''}` }];
  if (ev) evidence.push(eventEvidence(ev));
  const nodesKnown = nodes !== undefined;
  const schedulable = (nodes ?? []).filter((n) => !n.spec?.unschedulable);
  const has = (s: string) => parsed.reasons.some((r) => r.reason.includes(s));
  // what can never fit first: waiting does not help with those
  const reasons = [
    ...resourceReasons(
      input,
      has,
      schedulable,
      parsed.reasons.map((r) => r.reason),
    ),
    ...placementReasons(
      input,
      has,
      schedulable,
      nodesKnown,
      parsed.reasons.map((r) => r.reason),
    ),
  ].sort((a, b) => Number(b.never) - Number(a.never));
  const counts = parsed.reasons
    .filter((r) => r.count)
    .map((r) => `${r.count} × ${r.reason}`)
    .join('; ');
  const unknowns = nodesKnown
    ? []
    : ['the nodes could not be read, so requests were not compared with what nodes have: kubectl get nodes -o json'];
  // a claim the scheduler waits for that could not be looked at: say what to fetch, claim nothing
  if (reasons.some((r) => r.volume)) unknowns.push(...unknownsOf(...Object.values(input.lookups?.claims ?? {})));
  const confidence: Confidence = unknowns.length ? 'medium' : 'high';
  const never = reasons.filter((r) => r.never);
  // the scheduler nominates a node when it preempts lower-priority pods there for this one
  // (schedule_one.go: status.nominatedNodeName); it is placed once the victims are gone
  const nominated = pod.status?.nominatedNodeName;
  const preemption = nominated
    ? ` The scheduler is preempting lower-priority pods on node ${nominated} for it (status.nominatedNodeName); it should be placed there once they have terminated.`
    : parsed.preemption
      ? ` Preemption would not help: ${parsed.preemption}`
      : '';
  if (nominated) evidence.push({ source: 'status.nominatedNodeName', text: nominated });
  return [
    {
      id: 'scheduling.unschedulable',
      category: 'scheduling',
      severity: nominated && !never.length ? 'warning' : 'critical',
      confidence,
      ...(reasons.length > 0 && reasons.every((r) => r.volume) ? { related: ['volume'] } : {}),
      title: `Pending: ${never.length ? 'can never be scheduled' : nominated ? `waiting for preemption on node ${nominated}` : 'cannot be scheduled'} — ${reasons.map((r) => r.title).join('; ') || (parsed.reasons[0]?.reason ?? scheduled.message ?? 'no node fits')}`,
      explanation: `The scheduler found no node for this pod${parsed.total !== undefined ? ` (0 of ${parsed.total} nodes fit${counts ? `: ${counts}` : ''})` : ''}. ${never.length ? 'Waiting will not help: the pod must change (or bigger nodes be added).' : 'It retries whenever the cluster changes.'}${preemption}`,
      evidence: [...evidence, ...reasons.flatMap((r) => r.evidence ?? [])],
      causes: reasons.length
        ? reasons.map((r) => r.cause)
        : parsed.reasons.map((r) => (r.count ? `${r.count} node(s): ${r.reason}` : r.reason)),
      remedies: reasons.flatMap((r) => r.remedies),
      ...(unknowns.length ? { unknowns } : {}),
    },
  ];
};

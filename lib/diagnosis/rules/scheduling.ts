// Pods the scheduler cannot place, and pods held before scheduling.
import type { V1Container, V1Pod, V1Toleration } from '@kubernetes/client-node';
import { parseFailedScheduling } from '../scheduling';
import type { Evidence, Finding, Rule } from '../types';
import { literal, sh } from '../../text/shell';
import { yamlScalar } from '../../text/yaml';
import { podContainers } from '../../k8s/containers';
import { eventEvidence } from '../util';

const UNITS: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12, m: 1e-3 };
export function quantity(q: string | undefined): number {
  if (!q) return 0;
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return 0;
  return Number(m[1]) * (UNITS[m[2]] ?? 1);
}

function podRequests(pod: V1Pod): { cpu: number; memory: number } {
  const sum = (list: V1Container[] | undefined, r: 'cpu' | 'memory') =>
    (list ?? []).reduce((a, c) => a + quantity(c.resources?.requests?.[r]), 0);
  const all = podContainers(pod);
  const maxInit = (r: 'cpu' | 'memory') =>
    Math.max(0, ...all.filter((c) => c.kind === 'init').map((c) => quantity(c.spec.resources?.requests?.[r])));
  const sidecars = all.filter((c) => c.kind === 'sidecar').map((c) => c.spec);
  return {
    cpu: Math.max(sum(pod.spec?.containers, 'cpu') + sum(sidecars, 'cpu'), maxInit('cpu')),
    memory: Math.max(sum(pod.spec?.containers, 'memory') + sum(sidecars, 'memory'), maxInit('memory')),
  };
}

const fmtCpu = (n: number) => (n < 1 ? `${Math.round(n * 1000)}m` : `${+n.toFixed(2)}`);
const fmtMem = (n: number) => (n >= 2 ** 30 ? `${+(n / 2 ** 30).toFixed(1)}Gi` : `${Math.round(n / 2 ** 20)}Mi`);

function tolerates(tols: V1Toleration[] | undefined, t: { key: string; value?: string; effect: string }): boolean {
  return (tols ?? []).some(
    (x) =>
      (x.operator === 'Exists' && (!x.key || x.key === t.key)) ||
      (x.key === t.key && (x.value ?? '') === (t.value ?? '') && (!x.effect || x.effect === t.effect)),
  );
}

export const schedulingRule: Rule = ({ pod, events, nodes, pvcs }) => {
  const out: Finding[] = [];
  const gates = pod.spec?.schedulingGates ?? [];
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (gates.length || scheduled?.reason === 'SchedulingGated') {
    out.push({
      id: 'scheduling.gated',
      category: 'scheduling',
      severity: 'warning',
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
    });
    return out;
  }
  if (!(scheduled?.status === 'False' && scheduled.reason === 'Unschedulable')) return out;
  const ev = events.filter((e) => e.reason === 'FailedScheduling').sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))[0];
  const parsed = parseFailedScheduling(ev?.message ?? scheduled.message ?? '');
  const evidence: Evidence[] = [{ source: 'status.conditions[PodScheduled]', text: `False Unschedulable: ${scheduled.message ?? ''}` }];
  if (ev) evidence.push(eventEvidence(ev));
  const causes: string[] = [];
  const remedies: Finding['remedies'] = [];
  const req = podRequests(pod);
  const schedulable = (nodes ?? []).filter((n) => !n.spec?.unschedulable);
  const has = (s: string) => parsed.reasons.some((r) => r.reason.includes(s));
  const titleParts: string[] = [];
  for (const [res, label, fmt] of [
    ['cpu', 'CPU', fmtCpu],
    ['memory', 'memory', fmtMem],
  ] as const) {
    if (!has(`Insufficient ${res}`)) continue;
    const largest = Math.max(0, ...schedulable.map((n) => quantity(n.status?.allocatable?.[res])));
    const want = req[res];
    titleParts.push(`not enough ${label}`);
    if (largest && want > largest) {
      causes.push(`the pod requests ${fmt(want)} ${label}, more than the largest node's allocatable ${fmt(largest)}: it can never fit`);
      remedies.push({
        text: `Lower the ${label} request below ${fmt(largest)}, or add bigger nodes`,
        snippet: `resources:\n  requests:\n    ${res}: <at most ${fmt(largest)}>`,
      });
    } else {
      causes.push(
        `the pod requests ${fmt(want)} ${label}; nodes${largest ? ` (largest allocatable ${fmt(largest)})` : ''} do not have that much free after what other pods request`,
      );
      remedies.push({ text: 'Free capacity (scale down other workloads), add nodes, or lower the request' });
    }
    evidence.push({ source: 'spec.containers[*].resources.requests', text: `${label}: ${fmt(want)} in total` });
  }
  if (has('untolerated taint')) {
    titleParts.push('untolerated taints');
    const taints = new Map<string, { key: string; value?: string; effect: string }>();
    for (const n of schedulable)
      for (const t of n.spec?.taints ?? [])
        if (!tolerates(pod.spec?.tolerations, t) && t.effect !== 'PreferNoSchedule') taints.set(`${t.key}=${t.value ?? ''}:${t.effect}`, t);
    const list = [...taints.keys()];
    causes.push(list.length ? `the pod does not tolerate ${list.join(', ')}` : 'nodes carry taints the pod does not tolerate');
    if (list.length) {
      const t = [...taints.values()][0];
      remedies.push({
        text: 'If the pod is meant for those nodes, add a toleration',
        snippet: `tolerations:\n- key: ${yamlScalar(t.key)}\n  operator: Equal\n  value: ${JSON.stringify(t.value ?? '')}\n  effect: ${yamlScalar(t.effect)}`,
      });
    }
  }
  if (has("didn't match Pod's node affinity/selector")) {
    titleParts.push('no node matches its node selector/affinity');
    const sel = pod.spec?.nodeSelector ?? {};
    const unmatched = Object.entries(sel).filter(([k, v]) => !schedulable.some((n) => n.metadata?.labels?.[k] === v));
    causes.push(
      unmatched.length
        ? `no node has the label${unmatched.length > 1 ? 's' : ''} ${unmatched.map(([k, v]) => `${k}=${v}`).join(', ')}`
        : 'the node affinity rules match no schedulable node',
    );
    if (Object.keys(sel).length)
      evidence.push({
        source: 'spec.nodeSelector',
        text: Object.entries(sel)
          .map(([k, v]) => `${k}=${v}`)
          .join(', '),
      });
    remedies.push({
      text: 'Compare with the labels nodes have',
      command: sh`kubectl get nodes -L ${Object.keys(sel).join(',') || 'topology.kubernetes.io/zone'}`,
    });
  }
  if (has('unbound immediate PersistentVolumeClaims') || has('persistentvolumeclaim')) {
    titleParts.push('a PersistentVolumeClaim is not bound');
    const claims = (pod.spec?.volumes ?? []).filter((v) => v.persistentVolumeClaim).map((v) => v.persistentVolumeClaim!.claimName);
    for (const name of claims) {
      const pvc = pvcs?.find((p) => p.metadata?.name === name);
      if (!pvc) causes.push(`PersistentVolumeClaim "${name}" does not exist`);
      else if (pvc.status?.phase !== 'Bound') {
        causes.push(
          `PersistentVolumeClaim "${name}" is ${pvc.status?.phase ?? 'Pending'}${pvc.spec?.storageClassName ? ` (storageClassName "${pvc.spec.storageClassName}": no provisioner created a volume, the class may not exist)` : ' (no storage class: it needs a matching pre-created PersistentVolume)'}`,
        );
        evidence.push({ source: `persistentvolumeclaim/${name}.status.phase`, text: pvc.status?.phase ?? 'Pending' });
      }
    }
    remedies.push(
      {
        text: 'See why the claim is not bound',
        command: sh`kubectl -n ${pod.metadata?.namespace ?? ''} describe pvc ${claims[0] ?? literal('<claim>')}`,
      },
      { text: 'Check the storage class exists and has a provisioner', command: 'kubectl get storageclass' },
    );
  }
  if (has('node(s) were unschedulable')) {
    titleParts.push('nodes are cordoned');
    causes.push('nodes are cordoned (spec.unschedulable)');
    remedies.push({ text: 'Uncordon a node if the cordon is no longer needed', command: 'kubectl uncordon <node>' });
  }
  if (has('Too many pods')) {
    titleParts.push('nodes are full of pods');
    causes.push('nodes reached their max pods');
  }
  if (causes.length === 0) causes.push(...parsed.reasons.map((r) => (r.count ? `${r.count} node(s): ${r.reason}` : r.reason)));
  const counts = parsed.reasons
    .filter((r) => r.count)
    .map((r) => `${r.count} × ${r.reason}`)
    .join('; ');
  out.push({
    id: 'scheduling.unschedulable',
    category: 'scheduling',
    severity: 'critical',
    title: `Pending: cannot be scheduled — ${titleParts.join(', ') || (parsed.reasons[0]?.reason ?? scheduled.message ?? 'no node fits')}`,
    explanation: `The scheduler found no node for this pod${parsed.total !== undefined ? ` (0 of ${parsed.total} nodes fit${counts ? `: ${counts}` : ''})` : ''}. It retries whenever the cluster changes.`,
    evidence,
    causes,
    remedies,
  });
  return out;
};

// Rollout regression: this pod's ReplicaSet is the Deployment's newest revision, it is failing,
// and the previous revision was healthy. Show what changed between the two pod templates.
import type { V1Container, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';
import { isCredentialName } from '../../text/secrets';
import { sh } from '../../text/shell';
import type { Rule } from '../types';

const REV = 'deployment.kubernetes.io/revision';
const rev = (rs: V1ReplicaSet) => Number(rs.metadata?.annotations?.[REV] ?? NaN);

export function templateDiff(a: V1PodTemplateSpec | undefined, b: V1PodTemplateSpec | undefined): string[] {
  const out: string[] = [];
  const byName = (list?: V1Container[]) => new Map((list ?? []).map((c) => [c.name, c]));
  const ca = byName([...(a?.spec?.initContainers ?? []), ...(a?.spec?.containers ?? [])]);
  const cb = byName([...(b?.spec?.initContainers ?? []), ...(b?.spec?.containers ?? [])]);
  const j = (v: unknown) => JSON.stringify(v ?? null);
  for (const [name, y] of cb) {
    const x = ca.get(name);
    if (!x) {
      out.push(`container ${name}: added`);
      continue;
    }
    if (x.image !== y.image) out.push(`container ${name} image: ${x.image} → ${y.image}`);
    if (j(x.command) !== j(y.command)) out.push(`container ${name} command: ${j(x.command)} → ${j(y.command)}`);
    if (j(x.args) !== j(y.args)) out.push(`container ${name} args: ${j(x.args)} → ${j(y.args)}`);
    const ea = new Map((x.env ?? []).map((e) => [e.name, j(e.value ?? e.valueFrom)]));
    const eb = new Map((y.env ?? []).map((e) => [e.name, j(e.value ?? e.valueFrom)]));
    // a literal value of a credential-named variable is never shown, only that it changed
    const shown = (k: string, v: string | undefined) =>
      v === undefined ? '(unset)' : isCredentialName(k) && !v.startsWith('{') ? '(value hidden)' : v;
    for (const [k, v] of eb) if (ea.get(k) !== v) out.push(`container ${name} env ${k}: ${shown(k, ea.get(k))} → ${shown(k, v)}`);
    for (const k of ea.keys()) if (!eb.has(k)) out.push(`container ${name} env ${k}: removed`);
    if (j(x.resources) !== j(y.resources)) out.push(`container ${name} resources: ${j(x.resources)} → ${j(y.resources)}`);
    for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const)
      if (j(x[p]) !== j(y[p])) out.push(`container ${name} ${p}: ${j(x[p])} → ${j(y[p])}`);
  }
  for (const name of ca.keys()) if (!cb.has(name)) out.push(`container ${name}: removed`);
  return out;
}

export const rolloutRule: Rule = ({ pod, owners }) => {
  const rs = owners?.replicaSet,
    dep = owners?.deployment;
  if (!rs || !dep || !owners?.siblings?.length) return [];
  const mine = rev(rs);
  const all = [rs, ...owners.siblings.filter((s) => s.metadata?.uid !== rs.metadata?.uid)];
  if (Number.isNaN(mine) || all.some((s) => rev(s) > mine)) return [];
  const prev = owners.siblings.filter((s) => rev(s) < mine).sort((a, b) => rev(b) - rev(a))[0];
  if (!prev) return [];
  const prevHealthy = (prev.status?.readyReplicas ?? 0) > 0 || (prev.status?.availableReplicas ?? 0) > 0;
  if (!prevHealthy) return [];
  const diff = templateDiff(prev.spec?.template, rs.spec?.template);
  const ns = pod.metadata?.namespace;
  return [
    {
      id: 'rollout.regression',
      category: 'rollout',
      confidence: 'high',
      severity: 'critical',
      title: `Rollout regression: revision ${mine} of deployment ${dep.metadata?.name} fails while revision ${rev(prev)} was healthy`,
      explanation: `This pod belongs to ReplicaSet ${rs.metadata?.name}, the newest revision (${mine}). The previous ReplicaSet ${prev.metadata?.name} still has ${prev.status?.readyReplicas ?? 0} ready pod(s). The failure started with this rollout; the template changes below are the prime suspects.`,
      evidence: [
        {
          source: `replicaset/${rs.metadata?.name}`,
          text: `revision ${mine}: ${rs.status?.readyReplicas ?? 0}/${rs.spec?.replicas ?? 0} ready`,
        },
        {
          source: `replicaset/${prev.metadata?.name}`,
          text: `revision ${rev(prev)}: ${prev.status?.readyReplicas ?? 0}/${prev.spec?.replicas ?? 0} ready`,
        },
        ...diff.map((d) => ({ source: 'pod template change', text: d })),
      ],
      causes: diff.length
        ? diff.slice(0, 3).map((d) => `the change "${d}"`)
        : ['a change outside the pod template (a ConfigMap or Secret it reads, a dependency)'],
      remedies: [
        {
          text: 'Roll back to the healthy revision',
          command: sh`kubectl -n ${ns ?? ''} rollout undo ${`deployment/${dep.metadata?.name}`} --to-revision=${rev(prev)}`,
        },
        {
          text: 'Pause the rollout while you investigate',
          command: sh`kubectl -n ${ns ?? ''} rollout pause ${`deployment/${dep.metadata?.name}`}`,
        },
        { text: 'See the revision history', command: sh`kubectl -n ${ns ?? ''} rollout history ${`deployment/${dep.metadata?.name}`}` },
      ],
    },
  ];
};

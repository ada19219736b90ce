// Small helpers shared by the rules.
import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { PodEvent } from '../events/normalize';

import { isoTime } from '../k8s/time';
import { type Literal, literal, sh, shellQuote } from '../text/shell';
export const iso = isoTime;
export const ms = (v: unknown): number | undefined => {
  const s = iso(v);
  const n = s ? Date.parse(s) : NaN;
  return Number.isNaN(n) ? undefined : n;
};

export interface ContainerInfo {
  name: string;
  kind: 'init' | 'sidecar' | 'main';
  spec: V1Container;
  status?: V1ContainerStatus;
  statusPath: string;
}

export function containers(pod: V1Pod): ContainerInfo[] {
  const st = new Map<string, { s: V1ContainerStatus; path: string }>();
  (pod.status?.initContainerStatuses ?? []).forEach((s) => st.set(s.name, { s, path: `status.initContainerStatuses[${s.name}]` }));
  (pod.status?.containerStatuses ?? []).forEach((s) => st.set(s.name, { s, path: `status.containerStatuses[${s.name}]` }));
  return [
    ...(pod.spec?.initContainers ?? []).map((c) => ({
      name: c.name,
      kind: (c.restartPolicy === 'Always' ? 'sidecar' : 'init') as ContainerInfo['kind'],
      spec: c,
      status: st.get(c.name)?.s,
      statusPath: st.get(c.name)?.path ?? `status.initContainerStatuses[${c.name}]`,
    })),
    ...(pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      kind: 'main' as const,
      spec: c,
      status: st.get(c.name)?.s,
      statusPath: st.get(c.name)?.path ?? `status.containerStatuses[${c.name}]`,
    })),
  ];
}

export const containerLabel = (c: ContainerInfo) => (c.kind === 'main' ? `container "${c.name}"` : `${c.kind} container "${c.name}"`);

/** Events about one container (by field path), or about the pod as a whole when `name` is undefined. */
export function eventsFor(events: PodEvent[], name?: string): PodEvent[] {
  if (name === undefined) return events;
  return events.filter(
    (e) =>
      !e.involved.fieldPath ||
      e.involved.fieldPath.endsWith(`{${name}}`) ||
      e.message.includes(` ${name} `) ||
      e.message.includes(`container ${name}`) ||
      e.message.includes(`container=${name}`),
  );
}

export const eventEvidence = (e: PodEvent) => ({
  source: `event ${e.type} ${e.reason}${e.count > 1 ? ` ×${e.count}` : ''}`,
  text: e.message,
  at: e.lastSeen,
});

/** `-n <ns> pod/<name>` for a kubectl command, each value shell-quoted. */
export function podRef(pod: V1Pod): Literal {
  return literal(sh`-n ${pod.metadata?.namespace ?? ''} pod/` + shellQuote(pod.metadata?.name ?? ''));
}

/** `-n <ns> <name>` for kubectl verbs that take a pod name without its kind (top, debug). */
export function podArgs(pod: V1Pod): Literal {
  return literal(sh`-n ${pod.metadata?.namespace ?? ''} ${pod.metadata?.name ?? ''}`);
}

export function ownerWorkload(pod: V1Pod): { kind: string; name: string } | undefined {
  const o = pod.metadata?.ownerReferences?.find((r) => r.controller) ?? pod.metadata?.ownerReferences?.[0];
  if (!o) return undefined;
  if (o.kind === 'ReplicaSet') {
    const hash = pod.metadata?.labels?.['pod-template-hash'];
    if (hash && o.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: o.name.slice(0, -hash.length - 1) };
  }
  return { kind: o.kind, name: o.name };
}

export function fmtDuration(msv: number): string {
  const s = Math.round(msv / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m}m`;
  return `${Math.round(m / 60)}h`;
}
